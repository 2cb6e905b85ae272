package index

import (
	"fmt"

	"github.com/blevesearch/bleve/v2/document"
	bleveindex "github.com/blevesearch/bleve_index_api"
	"github.com/zhsearch/zhsearch/index/extract"
)

// batchParagraphs and batchBytes bound one bleve batch, whichever comes
// first. 1000 paragraphs of the corpus hold 417 KB (417 bytes each on
// average); bounding the bytes too keeps a batch of the 64 KiB parts of one
// huge line (see splitLong) from holding a hundred times more text, and
// memory, than a batch of ordinary paragraphs.
const (
	batchParagraphs = 1000
	batchBytes      = 512 << 10
)

// A batchWriter gathers documents, and IDs to delete, into batches of
// bounded size and hands each full batch to a docSink.
type batchWriter struct {
	sink    docSink
	docs    []*document.Document
	deletes []string
	bytes   int // the documents' text, in bytes
}

// A docSink takes a build's batches: a bleve index being updated
// ([onlineSink]), or the segments of a fresh build ([segmentWriter]).
type docSink interface {
	write(docs []*document.Document, deletes []string) error
}

func newBatchWriter(sink docSink) *batchWriter { return &batchWriter{sink: sink} }

// add puts a document of size bytes of text into the batch, and writes the
// batch when it is full.
func (w *batchWriter) add(d *document.Document, size int) error {
	w.docs = append(w.docs, d)
	w.bytes += size
	if w.full() {
		return w.flush()
	}
	return nil
}

// delete has the document with ID id deleted with the batch.
func (w *batchWriter) delete(id string) { w.deletes = append(w.deletes, id) }

func (w *batchWriter) full() bool { return len(w.docs) >= batchParagraphs || w.bytes >= batchBytes }

// flush writes what the batch holds.
func (w *batchWriter) flush() error {
	if len(w.docs) == 0 && len(w.deletes) == 0 {
		return nil
	}
	if err := w.sink.write(w.docs, w.deletes); err != nil {
		return err
	}
	// New slices: the sink may keep the documents until it has written
	// them.
	w.docs, w.deletes, w.bytes = nil, nil, 0
	return nil
}

// onlineSink writes batches to an open bleve index, through scorch's
// online path: what an update does, replacing and deleting documents.
type onlineSink struct {
	index *scorchIndex
	errs  *writeErrors // contains a panic of bleve's writing a batch
}

func (s onlineSink) write(docs []*document.Document, deletes []string) error {
	// Scorch's own batch, not bleve's, which takes only bleve's documents,
	// whose ID field scorch stores (see paragraphDoc). A new batch each
	// time, never Reset: scorch's Batch can return while a goroutine of its
	// own still ranges over the batch's operations (the deletes after the
	// last document).
	batch := bleveindex.NewBatch()
	for _, d := range docs {
		batch.Update(paragraphDoc{d})
	}
	for _, id := range deletes {
		batch.Delete(id)
	}
	return s.errs.contain("writing index", func() error { return s.index.Batch(batch) })
}

// writeParts builds the bleve document of each part of an analysed file and
// writes it through w one at a time, so that the documents of a huge file
// are never all in memory at once. It sets the record's token counts and
// returns the IDs written. res gets the checksums of their stored fields.
func (u *updater) writeParts(w *batchWriter, res *analyzed) (map[string]bool, error) {
	written := make(map[string]bool, len(res.parts))
	res.record.Tokens = map[string]int{}
	year := extract.Year(res.record.Date)
	var sections sectionFields
	for _, pt := range res.parts {
		words := u.seg.SearchWords(pt.p.Text)
		d, sum := paragraphDocument(words, res.record.Key, year, pt.p, pt.i, res.record.Tokens, &sections)
		res.sums = append(res.sums, placeSum{placeOrder(pt.p.N, pt.i), sum})
		if err := w.add(d, len(pt.p.Text)); err != nil {
			return nil, fmt.Errorf("%s: %w", res.file.path, err)
		}
		written[d.ID()] = true
		if err := u.rare.add(res.record.Key, pt.p.N, pt.i, words); err != nil {
			return nil, fmt.Errorf("counting words: %w", err)
		}
	}
	return written, nil
}
