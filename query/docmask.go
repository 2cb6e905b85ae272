package query

import (
	"context"
	"strconv"
	"strings"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	bq "github.com/blevesearch/bleve/v2/search/query"
	bleveindex "github.com/blevesearch/bleve_index_api"

	"github.com/zhsearch/zhsearch/index"
)

// docMaskQuery matches what its query matches in the documents docs allows
// (by index in the title list), looked up in the place table: a filter on
// metadata costs no term lookups and no bound on how many documents pass.
// A nil docs allows every document. With firstOnly it keeps only each
// document's first paragraph, its title, scored by the document's date
// (dates, in titles, as the number 20240305), which is how a query of
// filters alone lists documents: newest first, as legal databases list
// them.
type docMaskQuery struct {
	query     bq.Query
	places    *index.Places
	docs      []bool
	firstOnly bool
	titles    *index.TitleList // for firstOnly
}

func (q *docMaskQuery) Searcher(ctx context.Context, r bleveindex.IndexReader, m mapping.IndexMapping, options search.SearcherOptions) (search.Searcher, error) {
	s, err := q.query.Searcher(ctx, r, m, options)
	if err != nil {
		return nil, err
	}
	return &docMaskSearcher{Searcher: s, q: q}, nil
}

type docMaskSearcher struct {
	search.Searcher
	q *docMaskQuery
}

// keep reports whether the match passes. A match whose place entry is
// damaged does not; the search then fails (see Index.Damage).
func (s *docMaskSearcher) keep(dm *search.DocumentMatch) bool {
	p, ok := s.q.places.Lookup(dm.IndexInternalID.Value())
	if !ok || s.q.docs != nil && (p.Doc >= len(s.q.docs) || !s.q.docs[p.Doc]) {
		return false
	}
	if s.q.firstOnly {
		n, part := p.Paragraph()
		if n != 1 || part != 1 {
			return false
		}
		dm.Score = 0
		if p.Doc < s.q.titles.Len() {
			dm.Score = dateScore(s.q.titles.At(p.Doc).Date)
		}
	}
	return true
}

// dateScore is a date ("2024-03-05", "2024-03", "2024") as a number that
// orders dates: 20240305, 20240300, 20240000; 0 for none.
func dateScore(date string) float64 {
	n := 0.0
	for i, part := range strings.SplitN(date, "-", 3) {
		v, err := strconv.Atoi(part)
		if err != nil {
			return 0
		}
		n += float64(v) * [...]float64{10000, 100, 1}[i]
	}
	return n
}

func (s *docMaskSearcher) Next(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	for {
		dm, err := s.Searcher.Next(ctx)
		if err != nil || dm == nil {
			return dm, err
		}
		if s.keep(dm) {
			return dm, nil
		}
		ctx.DocumentMatchPool.Put(dm)
	}
}

func (s *docMaskSearcher) Advance(ctx *search.SearchContext, id bleveindex.IndexInternalID) (*search.DocumentMatch, error) {
	dm, err := s.Searcher.Advance(ctx, id)
	if err != nil || dm == nil || s.keep(dm) {
		return dm, err
	}
	ctx.DocumentMatchPool.Put(dm)
	return s.Next(ctx)
}
