package query

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/blevesearch/bleve/v2/search"
	bleveindex "github.com/blevesearch/bleve_index_api"

	"github.com/zhsearch/zhsearch/index"
)

// SearchSet runs a query string against a set of indexes as one: hits,
// scores, order, totals and counts are exactly those of [Search] over one
// index built from all the set's files, but for the distinctive signal,
// whose paragraph profiles are each member's own (see the package
// documentation's Ranking).
//
// Each member is searched as Search would (at once, one goroutine each),
// with three things shared: the statistics BM25 reads (paragraphs, each
// term's paragraphs and each field's average length, those of the whole
// set: see [index.Set.Readers]), what the query means (filters, and a
// law's article asked for, are decided over every member's documents),
// and the bound on paragraphs checked one by one. A member returns its
// best Offset+Limit hits; those are merged by score, then document path
// and paragraph, the order Search breaks ties in, so that equal scores
// from two members fall as they would in one index. A set of one index is
// Search over it.
func SearchSet(ctx context.Context, set *index.Set, queryText string, opts Options) (*Result, error) {
	members := set.Members()
	if len(members) == 1 {
		return Search(ctx, members[0], queryText, opts)
	}
	start := time.Now()
	for _, ix := range members {
		// Held until the readers below are closed: closing a member
		// meanwhile waits.
		done, err := ix.Use()
		if err != nil {
			return nil, err
		}
		defer done()
	}
	titles, err := set.TitleList()
	if err != nil {
		return nil, err
	}
	readers, err := set.Readers()
	if err != nil {
		return nil, searchError(err)
	}
	defer func() {
		for _, r := range readers {
			r.Close()
		}
	}()
	st := set.Stats()
	shared := setScope{titles: titles, bm25: &search.BM25Stats{DocCount: float64(st.Paragraphs), FieldCardinality: st.Tokens},
		fields: fieldAverages(st.Paragraphs, st.Tokens), candidates: new(atomic.Int64)}
	for _, ix := range members {
		shared.rarity = append(shared.rarity, ix.Rarity())
	}
	// Each member's first Offset+Limit hits hold the page asked for.
	memberOpts := opts
	memberOpts.Offset = 0
	if opts.Limit > 0 {
		memberOpts.Limit = opts.Offset + opts.Limit
	}
	// The first member to fail stops the others: its error is the
	// search's (theirs would be only that they were stopped).
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	results := make([]*Result, len(members))
	var failed sync.Once
	var first error
	var wg sync.WaitGroup
	for i, ix := range members {
		sc := shared
		sc.first, sc.reader = set.FirstDoc(i), readers[i]
		wg.Go(func() {
			var err error
			if results[i], err = run(ctx, ix, queryText, memberOpts, false, &sc); err != nil {
				failed.Do(func() { first = err; cancel() })
			}
		})
	}
	wg.Wait()
	if first != nil {
		return nil, first
	}
	res := mergeResults(results, opts)
	res.Took = time.Since(start)
	return res, nil
}

// setScope is one member's part of a search over a set (see run).
type setScope struct {
	titles *index.TitleList // every member's, member by member (see index.Set.Titles)
	first  int              // where this member's begin there
	reader bleveindex.IndexReader
	bm25   *search.BM25Stats
	fields fieldStats
	rarity []*index.Rarity // every member's word counts, which the set's query words are counted in
	// candidates counts the paragraphs every member checks one by one,
	// which are bounded together as one index's are (see maxVerified).
	candidates *atomic.Int64
}

// The methods of a setScope are those of a search over one index when it
// is nil.

// allTitles returns every member's documents; outside a set, titles.
func (sc *setScope) allTitles(titles *index.TitleList) *index.TitleList {
	if sc == nil {
		return titles
	}
	return sc.titles
}

// local cuts the member's part, of n documents, out of a mask of the
// set's documents.
func (sc *setScope) local(docs []bool, n int) []bool {
	if sc == nil || docs == nil {
		return docs
	}
	return docs[sc.first : sc.first+n]
}

// rank makes c's ranking normalise by the set's average field lengths, and
// returns ctx made for bleve's term scorers, and the keyword scorer, to
// read the set's paragraph count and field lengths (see scoring).
func (sc *setScope) rank(ctx context.Context, c *compiled) context.Context {
	if sc == nil {
		return ctx
	}
	if rq, ok := c.bleve.(*rankQuery); ok {
		rq.fields, rq.setRarity = sc.fields, sc.rarity
	}
	return context.WithValue(ctx, search.BM25StatsKey, sc.bm25)
}

// readerOf returns the reader the member's search reads through: outside
// a set, a new reader of ix.
func (sc *setScope) readerOf(ix *index.Index) (bleveindex.IndexReader, error) {
	if sc == nil {
		return ix.Reader()
	}
	return sc.reader, nil
}

// candidatesOver adds a member's candidates to the set's and reports
// whether they are more than one index would check; false outside a set.
func (sc *setScope) candidatesOver(n int) bool {
	return sc != nil && sc.candidates.Add(int64(n)) > maxVerified
}

// mergeResults merges the members' results, each holding its best hits
// from the first, into the page opts asks for and the set's counts.
func mergeResults(results []*Result, opts Options) *Result {
	out := &Result{ByDocument: []Count{}}
	byYear := map[string]int{}
	var byIssuer, byKind, byRegion, byForce facet
	for _, r := range results {
		out.Hits = append(out.Hits, r.Hits...)
		out.Total += r.Total
		out.Groups += r.Groups // collapsed within each index: near-duplicates are an index's own
		out.Documents += r.Documents
		out.ByDocument = append(out.ByDocument, r.ByDocument...)
		for _, c := range r.ByYear {
			byYear[c.Value] += c.Count
		}
		for _, f := range []struct {
			to   *facet
			from []Count
		}{{&byIssuer, r.ByIssuer}, {&byKind, r.ByKind}, {&byRegion, r.ByRegion}, {&byForce, r.ByForce}} {
			for _, c := range f.from {
				f.to.add(c.Value, c.Count)
			}
		}
	}
	// Each member's hits are in Search's order; two members' never share
	// a document, so score and path order them all. (The sort is stable:
	// one document's paragraphs keep their member's order.)
	slices.SortStableFunc(out.Hits, func(a, b Hit) int {
		if c := cmp.Compare(b.Score, a.Score); c != 0 {
			return c
		}
		return strings.Compare(a.Doc, b.Doc)
	})
	if len(out.Hits) > maxVerified {
		out.Hits = out.Hits[:maxVerified] // as one index keeps at most
	}
	out.Hits = out.Hits[min(opts.Offset, len(out.Hits)):]
	if opts.Limit > 0 && len(out.Hits) > opts.Limit {
		out.Hits = out.Hits[:opts.Limit]
	}
	if len(out.Hits) == 0 {
		out.Hits = nil
	}
	// As searcher.counts orders them: most first, equal counts by path.
	slices.SortStableFunc(out.ByDocument, func(a, b Count) int {
		if c := cmp.Compare(b.Count, a.Count); c != 0 {
			return c
		}
		return strings.Compare(a.Value, b.Value)
	})
	out.ByYear = make([]Count, 0, len(byYear))
	for y, n := range byYear {
		out.ByYear = append(out.ByYear, Count{Value: y, Count: n})
	}
	slices.SortFunc(out.ByYear, func(a, b Count) int { return strings.Compare(a.Value, b.Value) })
	out.ByIssuer, out.ByKind, out.ByRegion, out.ByForce = byIssuer.counts(), byKind.counts(), byRegion.counts(), byForce.counts()
	return out
}
