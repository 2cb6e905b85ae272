package query

import (
	"context"
	"fmt"

	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	bq "github.com/blevesearch/bleve/v2/search/query"
	bleveindex "github.com/blevesearch/bleve_index_api"

	"github.com/zhsearch/zhsearch/index"
)

// PhraseShapes are the query shapes PhraseScores runs a phrase in: alone,
// in a conjunction (which advances it) and as the must of a boolean query
// with a should clause.
var PhraseShapes = []string{"alone", "conjunction", "boolean"}

// PhraseScores runs a bigram phrase on field, in a shape, with bleve's
// PhraseQuery or with keywordQuery, and returns the score of every hit
// by scorch's document number. bleve's searchers read the norms of the
// lengths in the place table, as keywordQuery does (zap keeps none).
func PhraseScores(ix *index.Index, field string, bigrams []string, shape string, bleves bool) (map[uint64]float64, error) {
	var phrase bq.Query = &keywordQuery{runs: []index.Run{{Field: field, Terms: bigrams, Bigrams: true, Changed: make([]bool, len(bigrams)+1)}}, boost: 1}
	if bleves {
		phrase = withLengths{bq.NewPhraseQuery(bigrams, field), ix.Places()}
	}
	term := bq.NewTermQuery(bigrams[0][:len(bigrams[0])/2])
	term.SetField(index.FieldTextUnits)
	other := withLengths{term, ix.Places()}
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
	s, err := q.Searcher(scoring(context.Background(), ix), r, ix.Mapping(), search.SearcherOptions{})
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

// withLengths is a bleve query whose searchers read the norms of the
// lengths in the place table.
type withLengths struct {
	bq.Query
	places *index.Places
}

func (q withLengths) Searcher(ctx context.Context, r bleveindex.IndexReader, m mapping.IndexMapping, options search.SearcherOptions) (search.Searcher, error) {
	return q.Query.Searcher(ctx, lengthsIndexReader{IndexReader: r, places: q.places}, m, options)
}

// lengthsIndexReader gives bleve's searchers the norms of the lengths in
// the place table.
type lengthsIndexReader struct {
	bleveindex.IndexReader
	places *index.Places
}

func (r lengthsIndexReader) TermFieldReader(ctx context.Context, term []byte, field string, freq, norm, vectors bool) (bleveindex.TermFieldReader, error) {
	tfr, err := r.IndexReader.TermFieldReader(ctx, term, field, freq, norm, vectors)
	lengths, ok := r.places.Lengths(field)
	if err != nil || !freq && !norm || !ok {
		return tfr, err
	}
	return &lengthReader{TermFieldReader: tfr, lengths: lengths}, nil
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

// WithoutDistinctive returns opts with the distinctive signal off. Each
// index of a set profiles its paragraphs with its own counts (see
// index.Rarity): with it off, a set of indexes ranks exactly as one build
// of the same files.
func WithoutDistinctive(opts Options) Options {
	opts.noDistinctive = true
	return opts
}

// DistinctWeight is what the distinctive signal adds for each of the
// query's words a paragraph holds none rarer than.
var DistinctWeight = rankingWeights().distinct

// A TermPosting is a paragraph as a term reader gives it.
type TermPosting struct {
	Num    uint64
	Freq   uint64
	Norm   float64
	Length uint64 // the field's length, as the ranking reads it
	Grams  []index.Gram
}

// ReadTerm reads a bigram term's postings, with frequencies and norms when
// freqNorm says and positions when locs says, by gramReader or by scorch's
// term field reader, moving with Next, or with Advance to each of
// advanceTo when set.
func ReadTerm(ix *index.Index, field, term string, gram, freqNorm, locs bool, advanceTo []uint64) ([]TermPosting, error) {
	r, err := ix.Reader()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	var tfr bleveindex.TermFieldReader
	lengths, _ := ix.Places().Lengths(field)
	if gram {
		var g *gramReader
		if g, err = newGramReader(r, field, term, freqNorm, locs, lengths); g == nil && err == nil {
			err = fmt.Errorf("%s is not read through a scorch snapshot", ix.Dir())
		}
		tfr = g
	} else {
		tfr, err = lengthsIndexReader{IndexReader: r, places: ix.Places()}.TermFieldReader(context.Background(), []byte(term), field, freqNorm, freqNorm, locs)
	}
	if err != nil {
		return nil, err
	}
	defer tfr.Close()
	var out []TermPosting
	var d *bleveindex.TermFieldDoc
	for i := 0; ; i++ {
		if advanceTo == nil {
			d, err = tfr.Next(d)
		} else {
			if i == len(advanceTo) {
				return out, nil
			}
			if d != nil && d.ID.Value() >= advanceTo[i] {
				continue
			}
			d, err = tfr.Advance(bleveindex.NewIndexInternalID(nil, advanceTo[i]), d)
		}
		if err != nil || d == nil {
			return out, err
		}
		p := TermPosting{Num: d.ID.Value(), Freq: d.Freq, Norm: d.Norm, Grams: gramsOf(tfr, d, nil)}
		if freqNorm {
			p.Length = fieldLength(tfr, d)
		}
		out = append(out, p)
	}
}

// DirectReads returns how many segments of ix a reader of term's
// positions in field reads straight from zap's bytes (see zapPostings),
// and how many chunks the most of them holds.
func DirectReads(ix *index.Index, field, term string) (segments, chunks int, err error) {
	r, err := ix.Reader()
	if err != nil {
		return 0, 0, err
	}
	defer r.Close()
	lengths, _ := ix.Places().Lengths(field)
	g, err := newGramReader(r, field, term, true, true, lengths)
	if err != nil || g == nil {
		return 0, 0, err
	}
	for _, s := range g.segs {
		if s.direct != nil {
			segments++
			chunks = max(chunks, len(s.direct.freqs.ends))
		}
	}
	return segments, chunks, nil
}

// Segments returns how many segments the index's snapshot holds.
func Segments(ix *index.Index) (int, error) {
	r, err := ix.Reader()
	if err != nil {
		return 0, err
	}
	defer r.Close()
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		return 0, fmt.Errorf("%T is not a scorch snapshot", r)
	}
	return len(snap.Segments()), nil
}
