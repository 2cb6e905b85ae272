package query

import (
	"context"
	"errors"
	"fmt"
	"math"
	"runtime"
	"runtime/debug"
	"slices"
	"sync/atomic"
	"time"

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
}

// collect runs q on reader, a snapshot of ix, and keeps its best keep hits,
// counting every hit by document. It replaces bleve's collector, sorting
// and facets, which read a chunk of doc values for every hit; ranking and
// counting here go by the index's place table. A query of ranked keywords
// alone (most are) is run without bleve's searchers in between (see
// keywordHits), and when it reads many postings, on two goroutines (see
// inTwo), as p allows.
func collect(ctx context.Context, ix *index.Index, reader bleveindex.IndexReader, q bq.Query, keep int, p paths) (*collection, error) {
	places := ix.Places()
	titles, err := ix.Titles()
	if err != nil {
		return nil, err
	}
	ctx = scoring(ctx, ix)
	searcher, err := q.Searcher(ctx, reader, ix.Bleve().Mapping(), search.SearcherOptions{})
	if err != nil {
		return nil, err
	}
	defer searcher.Close()
	placeOf := func(num uint64) (index.Place, error) {
		place, ok := places.Lookup(num)
		if !ok || place.Doc >= len(titles) {
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
		if p != pathsFull {
			hits, work, err := keywordHits(ctx, rs, reader, placeOf)
			if err != nil {
				return nil, err
			}
			if hits != nil && (p == pathsTwo || work >= twoWork && 2*ix.Busy() <= runtime.GOMAXPROCS(0)) {
				return inTwo(ctx, ix, reader, q, keep, len(titles), &hitStream{next: hits}, &floor, placeOf, p == pathsTwo)
			}
			if hits != nil {
				next = func() (rankedHit, bool, error) { return hits(0) }
			}
		}
	}
	if next == nil {
		next = searcherHits(searcher, reader, placeOf)
	}
	c := newCollection(len(titles))
	h := worstFirst{}
	if err := c.gather(ctx, &h, keep, next, &floor); err != nil {
		return nil, err
	}
	c.finish(h)
	return c, nil
}

// paths says which ways collect may run a query: tests compare them.
type paths int

const (
	pathsAny  paths = iota // the fastest
	pathsFull              // bleve's searchers alone, no fast path
	pathsTwo               // the fast path on two goroutines whenever it applies
)

// twoWork is the number of postings from which a search of keywords may
// be run on two goroutines, when there are cores to spare (no more
// searches of the index at once than half the cores Go runs on): a search
// that reads fewer takes well under a millisecond.
const twoWork = 4096

// twoChunks is the number of parts of the index two goroutines take in
// turn: when one does not get a core, the other takes every part, and
// when it stalls, the other waits for one part at most.
const twoChunks = 8

// twoTime is the time the parts after the first must be expected to take
// (the first's times the rest) for a second goroutine to be worth making
// a searcher for.
const twoTime = 400 * time.Microsecond

// inTwo collects the hits of q part by part of the index (by the numbers
// of its paragraphs), from first (whose floor is floor). When the first
// part took long enough (or always), a second goroutine, with a searcher
// of its own, takes the parts left in turn with this one. Each goroutine
// keeps its own best keep hits, which hold the best keep of all, and
// counts its own hits: the sum is exact.
func inTwo(ctx context.Context, ix *index.Index, reader bleveindex.IndexReader, q bq.Query, keep, docs int, first *hitStream, floor *float64, placeOf func(uint64) (index.Place, error), always bool) (*collection, error) {
	count, err := reader.DocCount()
	if err != nil {
		return nil, err
	}
	var taken atomic.Int64 // parts taken so far
	part := func(i int64) uint64 { return count * uint64(i) / twoChunks }
	run := func(c *collection, h *worstFirst, s *hitStream, floor *float64) error {
		for {
			i := taken.Add(1) - 1
			if i >= twoChunks {
				return nil
			}
			lo, hi := part(i), part(i+1)
			if i == twoChunks-1 {
				hi = math.MaxUint64
			}
			if err := c.gather(ctx, h, keep, func() (rankedHit, bool, error) { return s.take(lo, hi) }, floor); err != nil {
				return err
			}
		}
	}
	c, h := newCollection(docs), worstFirst{}
	start := time.Now()
	taken.Store(1)
	if err := c.gather(ctx, &h, keep, func() (rankedHit, bool, error) { return first.take(0, part(1)) }, floor); err != nil {
		return nil, err
	}
	if !always && time.Since(start)*(twoChunks-1) < twoTime {
		err := c.gather(ctx, &h, keep, func() (rankedHit, bool, error) { return first.take(part(1), math.MaxUint64) }, floor)
		c.finish(h)
		return c, err
	}

	searcher, err := q.Searcher(ctx, reader, ix.Bleve().Mapping(), search.SearcherOptions{})
	if err != nil {
		return nil, err
	}
	defer searcher.Close()
	rs := searcher.(*rankSearcher)
	secondFloor := math.Inf(-1)
	rs.floor = &secondFloor
	hits, _, err := keywordHits(ctx, rs, reader, placeOf)
	if err != nil {
		return nil, err
	}
	second := &hitStream{next: hits}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	other, otherHeap := newCollection(docs), worstFirst{}
	var otherErr error
	done := make(chan struct{})
	go func() {
		defer close(done)
		otherErr = guarded(ix, func() error { return run(other, &otherHeap, second, &secondFloor) })
		if otherErr != nil {
			cancel()
		}
	}()
	err = guarded(ix, func() error { return run(c, &h, first, floor) })
	if err != nil {
		cancel()
	}
	<-done // the searchers are closed on return
	if err == nil || otherErr != nil && errors.Is(err, context.Canceled) {
		err = otherErr
	}
	if err != nil {
		return nil, err
	}
	c.total += other.total
	for doc, n := range other.perDoc {
		c.perDoc[doc] += n
	}
	c.finish(append(h, otherHeap...))
	c.top = c.top[:min(keep, len(c.top))]
	return c, nil
}

// hitStream reads the hits of keywordHits part by part, holding the first
// hit past a part for the next part that may be this stream's.
type hitStream struct {
	next    func(from uint64) (rankedHit, bool, error)
	held    rankedHit
	holding bool
}

// take returns the next hit from paragraph number lo on, false at hi.
func (s *hitStream) take(lo, hi uint64) (rankedHit, bool, error) {
	if s.holding {
		if s.held.num >= hi {
			return rankedHit{}, false, nil
		}
		s.holding = false
		if s.held.num >= lo {
			return s.held, true, nil
		}
	}
	hit, ok, err := s.next(lo)
	if err != nil || !ok {
		return rankedHit{}, false, err
	}
	if hit.num >= hi {
		s.held, s.holding = hit, true
		return rankedHit{}, false, nil
	}
	return hit, true, nil
}

// guarded runs collect, reporting a segment that changes under it (a fault
// on a mapped page, a panic in zap) as damage, as run does: a goroutine of
// its own must not crash the program.
func guarded(ix *index.Index, collect func() error) (err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			err = damaged(ix, r)
		}
	}()
	return collect()
}

func newCollection(docs int) *collection {
	return &collection{perDoc: make([]int, docs)}
}

// gather counts the hits next returns and keeps the best keep of them in
// h, setting *floor to the last kept once there are keep.
func (c *collection) gather(ctx context.Context, h *worstFirst, keep int, next func() (rankedHit, bool, error), floor *float64) error {
	for {
		if c.total%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		hit, ok, err := next()
		if err != nil {
			return err
		}
		if !ok {
			return nil
		}
		c.total++
		c.perDoc[hit.place.Doc]++
		switch {
		case len(*h) < keep:
			h.push(hit)
		case hit.before((*h)[0]):
			(*h)[0] = hit
			h.down(0)
		}
		if len(*h) == keep {
			*floor = (*h)[0].score
		}
	}
}

// finish sets the best hits, best first, from h.
func (c *collection) finish(h worstFirst) {
	c.top = h
	sortHits(c.top)
}

// sortHits sorts hits best first.
func sortHits(hits []rankedHit) {
	slices.SortFunc(hits, func(a, b rankedHit) int {
		if a.before(b) {
			return -1
		}
		return 1
	})
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
