package query

import (
	"context"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	bq "github.com/blevesearch/bleve/v2/search/query"
	bleveindex "github.com/blevesearch/bleve_index_api"
)

// adjustingSearcher changes the score of each hit of the searcher it wraps.
type adjustingSearcher struct {
	search.Searcher
	adjust func(*search.DocumentMatch) error
}

func (s *adjustingSearcher) Next(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	dm, err := s.Searcher.Next(ctx)
	if err != nil || dm == nil {
		return dm, err
	}
	return dm, s.adjust(dm)
}

func (s *adjustingSearcher) Advance(ctx *search.SearchContext, id bleveindex.IndexInternalID) (*search.DocumentMatch, error) {
	dm, err := s.Searcher.Advance(ctx, id)
	if err != nil || dm == nil {
		return dm, err
	}
	return dm, s.adjust(dm)
}

// constantScoreQuery matches what its query matches, each hit with the same
// score. (bleve's CustomScoreQuery would do, but it reads every hit's
// stored ID, which costs a stored-field read per hit.)
type constantScoreQuery struct {
	query bq.Query
	score float64
}

func (q *constantScoreQuery) Searcher(ctx context.Context, i bleveindex.IndexReader, m mapping.IndexMapping, options search.SearcherOptions) (search.Searcher, error) {
	s, err := q.query.Searcher(ctx, i, m, options)
	if err != nil {
		return nil, err
	}
	return &adjustingSearcher{Searcher: s, adjust: func(dm *search.DocumentMatch) error {
		dm.Score = q.score
		return nil
	}}, nil
}
