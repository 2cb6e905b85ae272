package query

import (
	"context"

	"github.com/blevesearch/bleve/v2/search"
	bq "github.com/blevesearch/bleve/v2/search/query"

	"github.com/zhsearch/zhsearch/index"
)

// PhraseShapes are the query shapes PhraseScores runs a phrase in: alone,
// in a conjunction (which advances it) and as the must of a boolean query
// with a should clause.
var PhraseShapes = []string{"alone", "conjunction", "boolean"}

// PhraseScores runs a bigram phrase on field, in a shape, with bleve's
// PhraseQuery or with keywordQuery, and returns the score of every hit
// by scorch's document number.
func PhraseScores(ix *index.Index, field string, bigrams []string, shape string, bleves bool) (map[uint64]float64, error) {
	var phrase bq.Query = &keywordQuery{runs: []index.Run{{Field: field, Terms: bigrams, Bigrams: true, Changed: make([]bool, len(bigrams)+1)}}, boost: 1}
	if bleves {
		phrase = bq.NewPhraseQuery(bigrams, field)
	}
	other := bq.NewTermQuery(bigrams[0][:len(bigrams[0])/2])
	other.SetField(index.FieldTextUnits)
	q := phrase
	switch shape {
	case "conjunction":
		q = bq.NewConjunctionQuery([]bq.Query{other, phrase})
	case "boolean":
		q = bq.NewBooleanQuery([]bq.Query{phrase}, []bq.Query{other}, nil)
	}
	r, err := ix.Reader()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	s, err := q.Searcher(scoring(context.Background(), ix), r, ix.Bleve().Mapping(), search.SearcherOptions{})
	if err != nil {
		return nil, err
	}
	defer s.Close()
	sctx := &search.SearchContext{DocumentMatchPool: search.NewDocumentMatchPool(s.DocumentMatchPoolSize(), 0), IndexReader: r}
	out := map[uint64]float64{}
	for {
		dm, err := s.Next(sctx)
		if err != nil || dm == nil {
			return out, err
		}
		out[dm.IndexInternalID.Value()] = dm.Score
		sctx.DocumentMatchPool.Put(dm)
	}
}

// SearchFull is Search with every query run through bleve's searchers,
// without the fast path for queries of keywords alone.
func SearchFull(ctx context.Context, ix *index.Index, queryText string, opts Options) (*Result, error) {
	return run(ctx, ix, queryText, opts, true, nil)
}

// FastPath reports whether Search runs queryText on the fast path for
// keywords alone (see keywordHits), with the built-in synonyms.
func FastPath(ix *index.Index, queryText string) (bool, error) {
	root, err := Parse(queryText)
	if err != nil {
		return false, err
	}
	c, err := compile(ix, queryText, root, nil, Options{}, builtin(), nil)
	if err != nil {
		return false, err
	}
	rq, ok := c.bleve.(*rankQuery)
	if !ok {
		return false, nil
	}
	_, _, ok = keywordShape(rq)
	return ok, nil
}

// WithoutDistinctive returns opts with the distinctive signal off. Its
// profiles are those of the build that indexed each paragraph, with that
// index's counts (see index.Rarity): with it off, a set of indexes, or an
// index updated in steps, ranks exactly as one build of the same files.
func WithoutDistinctive(opts Options) Options {
	opts.noDistinctive = true
	return opts
}

// DistinctWeight is what the distinctive signal adds for each of the
// query's words a paragraph holds none rarer than.
var DistinctWeight = rankingWeights().distinct
