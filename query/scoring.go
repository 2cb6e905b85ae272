package query

import (
	"context"
	"errors"
	"math"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	bq "github.com/blevesearch/bleve/v2/search/query"
	bleveindex "github.com/blevesearch/bleve_index_api"

	"github.com/zhsearch/zhsearch/index"
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

// documentBonusQuery adds a bonus to the score of each hit of its query by
// the hit's document, found in the index's place table.
type documentBonusQuery struct {
	query  bq.Query
	bonus  []float64 // by document (index into Titles)
	places *index.Places
}

func (q *documentBonusQuery) Searcher(ctx context.Context, i bleveindex.IndexReader, m mapping.IndexMapping, options search.SearcherOptions) (search.Searcher, error) {
	s, err := q.query.Searcher(ctx, i, m, options)
	if err != nil {
		return nil, err
	}
	return &adjustingSearcher{Searcher: s, adjust: func(dm *search.DocumentMatch) error {
		if place, ok := q.places.Lookup(dm.IndexInternalID.Value()); ok && place.Doc < len(q.bonus) {
			dm.Score += q.bonus[place.Doc]
		}
		return nil
	}}, nil
}

// bonusQuery matches what its must query matches and adds the score of each
// optional query that matches the same paragraph: a boolean query with one
// must clause and should clauses, scored as bleve's (the sum of the
// clauses' scores, normalised together). bleve's boolean searcher advances
// its should clauses to the target of every Advance even when they are
// already past it, and a should searcher that has moved past a match does
// not go back: the match's bonus was lost, depending on the order bleve
// numbered paragraphs in. This searcher moves an optional clause only when
// it is behind the paragraph at hand.
type bonusQuery struct {
	must     bq.Query
	optional []bq.Query
}

func (q *bonusQuery) Searcher(ctx context.Context, i bleveindex.IndexReader, m mapping.IndexMapping, options search.SearcherOptions) (search.Searcher, error) {
	must, err := q.must.Searcher(ctx, i, m, options)
	if err != nil {
		return nil, err
	}
	s := &bonusSearcher{must: must}
	for _, oq := range q.optional {
		o, err := oq.Searcher(ctx, i, m, options)
		if err != nil {
			s.Close()
			return nil, err
		}
		s.optional = append(s.optional, o)
	}
	s.current = make([]*search.DocumentMatch, len(s.optional))
	s.exhausted = make([]bool, len(s.optional))
	s.SetQueryNorm(1 / math.Sqrt(s.Weight()))
	return s, nil
}

type bonusSearcher struct {
	must      search.Searcher
	optional  []search.Searcher
	current   []*search.DocumentMatch // each optional clause's last match
	exhausted []bool
}

func (s *bonusSearcher) Next(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	dm, err := s.must.Next(ctx)
	if err != nil || dm == nil {
		return nil, err
	}
	return dm, s.addBonus(ctx, dm)
}

func (s *bonusSearcher) Advance(ctx *search.SearchContext, id bleveindex.IndexInternalID) (*search.DocumentMatch, error) {
	dm, err := s.must.Advance(ctx, id)
	if err != nil || dm == nil {
		return nil, err
	}
	return dm, s.addBonus(ctx, dm)
}

// addBonus adds to dm the scores of the optional clauses that match it.
func (s *bonusSearcher) addBonus(ctx *search.SearchContext, dm *search.DocumentMatch) error {
	for i, o := range s.optional {
		cur := s.current[i]
		if !s.exhausted[i] && (cur == nil || cur.IndexInternalID.Compare(dm.IndexInternalID) < 0) {
			if cur != nil {
				ctx.DocumentMatchPool.Put(cur)
			}
			next, err := o.Advance(ctx, dm.IndexInternalID)
			if err != nil {
				return err
			}
			s.current[i], s.exhausted[i] = next, next == nil
			cur = next
		}
		if cur != nil && cur.IndexInternalID.Equals(dm.IndexInternalID) {
			dm.Score += cur.Score
		}
	}
	return nil
}

func (s *bonusSearcher) Close() error {
	err := s.must.Close()
	for _, o := range s.optional {
		err = errors.Join(err, o.Close())
	}
	return err
}

func (s *bonusSearcher) Weight() float64 {
	w := s.must.Weight()
	for _, o := range s.optional {
		w += o.Weight()
	}
	return w
}

func (s *bonusSearcher) SetQueryNorm(norm float64) {
	s.must.SetQueryNorm(norm)
	for _, o := range s.optional {
		o.SetQueryNorm(norm)
	}
}

func (s *bonusSearcher) Count() uint64 { return s.must.Count() }
func (s *bonusSearcher) Min() int      { return 0 }
func (s *bonusSearcher) Size() int     { return 0 }

func (s *bonusSearcher) DocumentMatchPoolSize() int {
	n := s.must.DocumentMatchPoolSize() + 1
	for _, o := range s.optional {
		n += o.DocumentMatchPoolSize() + 1
	}
	return n
}
