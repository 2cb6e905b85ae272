package index

import (
	"fmt"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/document"
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

// A batchWriter writes documents to an index in batches of bounded size.
type batchWriter struct {
	index bleve.Index
	errs  *writeErrors // contains a panic of bleve's writing a batch
	batch *bleve.Batch
	docs  int // documents in batch
	bytes int // their text, in bytes
}

func newBatchWriter(b bleve.Index, errs *writeErrors) *batchWriter {
	return &batchWriter{index: b, errs: errs, batch: b.NewBatch()}
}

// add puts a document of size bytes of text into the batch, and writes the
// batch when it is full.
func (w *batchWriter) add(d *document.Document, size int) error {
	if err := w.batch.IndexAdvanced(d); err != nil {
		return err
	}
	w.docs++
	w.bytes += size
	if w.full() {
		return w.flush()
	}
	return nil
}

func (w *batchWriter) full() bool { return w.docs >= batchParagraphs || w.bytes >= batchBytes }

// flush writes what the batch holds.
func (w *batchWriter) flush() error {
	if w.batch.Size() == 0 {
		return nil
	}
	if err := w.errs.contain("writing index", func() error { return w.index.Batch(w.batch) }); err != nil {
		return err
	}
	// A new batch, not Reset: scorch's Batch can return while a goroutine
	// of its own still ranges over the batch's operations (the deletes
	// after the last document).
	w.batch = w.index.NewBatch()
	w.docs, w.bytes = 0, 0
	return nil
}

// writeParts builds the bleve document of each part of an analysed file and
// writes it through w one at a time, so that the documents of a huge file
// are never all in memory at once. It sets the record's token counts and
// returns the IDs written.
func (u *updater) writeParts(w *batchWriter, res *analyzed) (map[string]bool, error) {
	written := make(map[string]bool, len(res.parts))
	res.record.Tokens = map[string]int{}
	year := extract.Year(res.record.Date)
	for _, pt := range res.parts {
		d := paragraphDocument(u.seg, res.record.Key, year, pt.p, pt.i, res.record.Tokens)
		if err := w.add(d, len(pt.p.Text)); err != nil {
			return nil, fmt.Errorf("%s: %w", res.file.path, err)
		}
		written[d.ID()] = true
		u.sigs.add(res.record.Key, pt.p.N, pt.i, pt.p.Text)
	}
	return written, nil
}
