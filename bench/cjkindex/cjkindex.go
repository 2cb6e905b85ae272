package cjkindex

import (
	"fmt"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/lang/cjk"
	"github.com/blevesearch/bleve/v2/search/query"
)

// Paragraph is what the baseline stores and indexes for one paragraph: the
// same fields zhsearch keeps for it.
type Paragraph struct {
	Doc     string `json:"doc"`
	Title   string `json:"title"`
	Section string `json:"section"`
	N       int    `json:"n"`
	Text    string `json:"text"`
}

// batchSize is how many paragraphs go into one bleve batch.
const batchSize = 4000

// A Writer builds a new baseline index.
type Writer struct {
	ix    bleve.Index
	batch *bleve.Batch
}

// Create makes a new, empty baseline index in dir, which must not exist.
func Create(dir string) (*Writer, error) {
	m := bleve.NewIndexMapping()
	m.DefaultAnalyzer = cjk.AnalyzerName
	ix, err := bleve.New(dir, m)
	if err != nil {
		return nil, fmt.Errorf("creating baseline index: %w", err)
	}
	return &Writer{ix: ix, batch: ix.NewBatch()}, nil
}

// Add indexes p under id.
func (w *Writer) Add(id string, p Paragraph) error {
	if err := w.batch.Index(id, p); err != nil {
		return err
	}
	if w.batch.Size() >= batchSize {
		if err := w.ix.Batch(w.batch); err != nil {
			return err
		}
		w.batch.Reset()
	}
	return nil
}

// Close writes what is left and closes the index.
func (w *Writer) Close() error {
	err := w.ix.Batch(w.batch)
	if cerr := w.ix.Close(); err == nil {
		err = cerr
	}
	return err
}

// Request is the baseline's search for q: a match query over the text field,
// every term of q (cjk bigrams) required, the top size hits by bleve's
// default scoring.
func Request(q string, size int) *bleve.SearchRequest {
	mq := bleve.NewMatchQuery(q)
	mq.SetField("text")
	mq.SetOperator(query.MatchQueryOperatorAnd)
	return bleve.NewSearchRequestOptions(mq, size, 0, false)
}
