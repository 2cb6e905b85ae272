package query

import (
	"context"
	"fmt"
	"math"
	"slices"

	"github.com/blevesearch/bleve/v2/search"
	bq "github.com/blevesearch/bleve/v2/search/query"
	bleveindex "github.com/blevesearch/bleve_index_api"

	"github.com/zhsearch/zhsearch/index"
)

// A rankedHit is a matching paragraph as the collector keeps it.
type rankedHit struct {
	score float64
	place index.Place
	num   uint64 // scorch's document number
}

// before ranks hits: by score, then equal scores in document order (by path)
// and paragraph order, so that ties come out the same from build to build.
func (a rankedHit) before(b rankedHit) bool {
	if a.score != b.score {
		return a.score > b.score
	}
	if a.place.Doc != b.place.Doc {
		return a.place.Doc < b.place.Doc
	}
	return a.place.Order < b.place.Order
}

// collection is what collect found.
type collection struct {
	top    []rankedHit // the best hits, best first
	total  int         // every hit
	perDoc []int       // hits by document (index into Titles)
	// exact holds, for collectExact, every hit its exact function picks,
	// exactly scored, in the order found; top then holds the best of the
	// others.
	exact []rankedHit
}

// collect runs q on reader, a snapshot of ix, and keeps its best keep hits,
// counting every hit by document. It replaces bleve's collector, sorting
// and facets, which read a chunk of doc values for every hit; ranking and
// counting here go by the index's place table. A query of ranked keywords
// alone (most are) is run without bleve's searchers in between (see
// keywordHits) unless full asks for the general path.
func collect(ctx context.Context, ix *index.Index, reader bleveindex.IndexReader, q bq.Query, keep int, full bool) (*collection, error) {
	return collectExact(ctx, ix, reader, q, keep, full, nil)
}

// collectExact is collect, but every hit that exact picks (by scorch
// document number) is kept beside the best keep of the others, with its
// exact score: the floor below which a score is only bounded does not
// apply to it.
func collectExact(ctx context.Context, ix *index.Index, reader bleveindex.IndexReader, q bq.Query, keep int, full bool, exact func(uint64) (bool, error)) (*collection, error) {
	places := ix.Places()
	titles, err := ix.TitleList()
	if err != nil {
		return nil, err
	}
	ctx = scoring(ctx, ix)
	searcher, err := q.Searcher(ctx, reader, ix.Mapping(), search.SearcherOptions{})
	if err != nil {
		return nil, err
	}
	defer searcher.Close()
	placeOf := func(num uint64) (index.Place, error) {
		place, ok := places.Lookup(num)
		if !ok || place.Doc >= titles.Len() {
			if err := ix.Damage(); err != nil {
				return place, err // its entry's block, which names the file
			}
			return place, fmt.Errorf("%s: paragraph number %d is not in the place table: %w", ix.Dir(), num, index.ErrDamaged)
		}
		return place, nil
	}
	// Once keep hits are kept, a match must beat the last of them: the
	// ranker need not finish scoring one that cannot.
	floor := math.Inf(-1)
	var next func() (rankedHit, bool, error)
	if rs, ok := searcher.(*rankSearcher); ok {
		rs.floor = &floor
		if !full {
			if next, err = keywordHits(ctx, rs, reader, placeOf, exact); err != nil {
				return nil, err
			}
		}
		if next == nil && exact != nil {
			rs.floor = nil // bleve's searchers score each hit before it is picked
		}
	}
	if next == nil {
		next = searcherHits(searcher, reader, placeOf)
	}

	c := &collection{perDoc: make([]int, titles.Len())}
	h := worstFirst{}
	for {
		if c.total%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		hit, ok, err := next()
		if err != nil {
			return nil, err
		}
		if !ok {
			break
		}
		c.total++
		c.perDoc[hit.place.Doc]++
		if exact != nil {
			picked, err := exact(hit.num)
			if err != nil {
				return nil, err
			}
			if picked {
				c.exact = append(c.exact, hit)
				continue
			}
		}
		switch {
		case len(h) < keep:
			h.push(hit)
		case hit.before(h[0]):
			h[0] = hit
			h.down(0)
		}
		if len(h) == keep {
			floor = h[0].score
		}
	}
	c.top = h
	slices.SortFunc(c.top, func(a, b rankedHit) int {
		if a.before(b) {
			return -1
		}
		return 1
	})
	return c, nil
}

// searcherHits returns the hits of a bleve searcher one by one.
func searcherHits(searcher search.Searcher, reader bleveindex.IndexReader, placeOf func(uint64) (index.Place, error)) func() (rankedHit, bool, error) {
	sctx := &search.SearchContext{
		DocumentMatchPool: search.NewDocumentMatchPool(searcher.DocumentMatchPoolSize(), 0),
		IndexReader:       reader,
	}
	return func() (rankedHit, bool, error) {
		dm, err := searcher.Next(sctx)
		if err != nil || dm == nil {
			return rankedHit{}, false, err
		}
		num := dm.IndexInternalID.Value()
		hit := rankedHit{score: dm.Score, num: num}
		sctx.DocumentMatchPool.Put(dm)
		hit.place, err = placeOf(num)
		return hit, err == nil, err
	}
}

// scoring tells bleve's term searchers to score with BM25, as the index
// mapping says (bleve's own Search sets this up the same way), with the
// field lengths of ix recorded at build time (see index.Meta.Tokens). bleve
// calls them field cardinalities.
func scoring(ctx context.Context, ix *index.Index) context.Context {
	ctx = context.WithValue(ctx, search.GetScoringModelCallbackKey,
		search.GetScoringModelCallbackFn(func() string { return bleveindex.BM25Scoring }))
	ctx = context.WithValue(ctx, fieldLengthsKey{}, ix.Places()) // a set's member's own
	if _, ok := ctx.Value(search.BM25StatsKey).(*search.BM25Stats); ok {
		return ctx // those of a set of indexes (see SearchSet)
	}
	if meta := ix.Meta(); meta.Tokens != nil {
		ctx = context.WithValue(ctx, search.BM25StatsKey, &search.BM25Stats{DocCount: float64(meta.Paragraphs), FieldCardinality: meta.Tokens})
	}
	return ctx
}

// worstFirst is a heap of hits with the one ranked last on top.
type worstFirst []rankedHit

func (h *worstFirst) push(x rankedHit) {
	*h = append(*h, x)
	s := *h
	for i := len(s) - 1; i > 0; {
		parent := (i - 1) / 2
		if !s[parent].before(s[i]) {
			break
		}
		s[parent], s[i] = s[i], s[parent]
		i = parent
	}
}

func (h worstFirst) down(i int) {
	for {
		worst := i
		for _, child := range []int{2*i + 1, 2*i + 2} {
			if child < len(h) && h[worst].before(h[child]) {
				worst = child
			}
		}
		if worst == i {
			return
		}
		h[i], h[worst] = h[worst], h[i]
		i = worst
	}
}
