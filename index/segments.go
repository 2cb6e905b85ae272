package index

import (
	"bufio"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/util"
	bleveindex "github.com/blevesearch/bleve_index_api"
	scorchsegment "github.com/blevesearch/scorch_segment_api/v2"
	zap "github.com/blevesearch/zapx/v17"
)

// How a fresh build writes bleve's files. Scorch's online path (Index.Batch)
// introduces every batch into a live snapshot, looking each of its IDs up in
// every segment there, waits for its persister to write it, and merges
// segments in rounds while indexing goes on, so that a posting is written
// three or four times and memory holds batches queued for the persister. A
// fresh build needs none of that: its IDs are unique by construction and
// nothing reads the index before it goes live. So each worker turns its
// batches into zap segments itself and writes them, unsynced, to a parts
// folder of the generation; the parts are merged into one segment once, at
// the end; and the store's root (root.bolt) is written naming that
// segment alone, as bleve's offline builder (scorch.Builder) writes it.
// Updates keep the online path, which replaces and deletes documents.

// partsDir is the folder of a fresh generation that holds the segments of
// each batch until they are merged. A build that dies leaves it inside a
// generation that never went live, which the next writer removes whole.
const partsDir = "parts"

// mergedSegmentID numbers the file of a fresh build's one segment, the name
// scorch gives the segment of an index built in one batch; the root names
// it under its number.
const mergedSegmentID = 2

// A segmentWriter writes the batches of a fresh build as zap segments and
// merges them into one. Its write is safe for concurrent use.
type segmentWriter struct {
	genDir string
	plugin safeZap

	mu    sync.Mutex
	parts []string // the part files, in the order their batches were started
}

func newSegmentWriter(genDir string) (*segmentWriter, error) {
	if err := os.MkdirAll(filepath.Join(genDir, partsDir), 0o755); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Join(genDir, "store"), 0o755); err != nil {
		return nil, err
	}
	return &segmentWriter{genDir: genDir}, nil
}

// write makes one segment of docs, analysing their fields as scorch's
// Batch would (our fields' terms are counted already: see termsField), and
// writes it to a part file. A fresh build has nothing to delete.
func (w *segmentWriter) write(docs []*document.Document, deletes []string) error {
	if len(deletes) > 0 {
		return fmt.Errorf("a fresh build deletes %s", deletes[0])
	}
	if len(docs) == 0 {
		return nil
	}
	analysed := make([]bleveindex.Document, len(docs))
	for i, d := range docs {
		d.AddIDField()
		d.VisitFields(func(f bleveindex.Field) {
			if f.Options().IsIndexed() {
				f.Analyze()
			}
		})
		analysed[i] = d
	}
	seg, _, err := w.plugin.New(analysed)
	if err != nil {
		return err
	}
	defer seg.Close()
	w.mu.Lock()
	path := filepath.Join(w.genDir, partsDir, fmt.Sprintf("%06d.zap", len(w.parts)))
	w.parts = append(w.parts, path)
	w.mu.Unlock()
	return writePart(seg, path)
}

// writePart writes a segment built in memory to path. Parts are not
// synced: they live until the merge, whose output is.
func writePart(seg scorchsegment.Segment, path string) (err error) {
	wt, ok := seg.(io.WriterTo)
	if !ok {
		return fmt.Errorf("zap segment %T cannot be written", seg)
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}()
	bw := bufio.NewWriterSize(f, 1<<20)
	if _, err := wt.WriteTo(bw); err != nil {
		return err
	}
	return bw.Flush()
}

// finish merges the parts into the generation's one segment, removes them,
// and writes bleve's index_meta.json and the store's root naming that
// segment, with the index mapping m.
func (w *segmentWriter) finish(ctx context.Context, m []byte) error {
	store := filepath.Join(w.genDir, "store")
	final := filepath.Join(store, fmt.Sprintf("%012x.zap", mergedSegmentID))
	if err := w.merge(ctx, final); err != nil {
		return err
	}
	if err := os.RemoveAll(filepath.Join(w.genDir, partsDir)); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(w.genDir, "index_meta.json"), []byte(`{"storage":"scorch","index_type":"scorch"}`), 0o644); err != nil {
		return err
	}
	return writeRoot(store, filepath.Base(final), m)
}

// merge merges every part into one segment at path, in one pass: one
// merge of n parts writes each posting once, where rounds of ten would
// write it again at every round.
func (w *segmentWriter) merge(ctx context.Context, path string) (err error) {
	var segs []scorchsegment.Segment
	defer func() {
		for _, s := range segs {
			s.Close()
		}
	}()
	for _, p := range w.parts {
		s, err := w.plugin.Open(p)
		if err != nil {
			return fmt.Errorf("%s: %w", p, err)
		}
		segs = append(segs, s)
	}
	if len(segs) == 0 {
		// No paragraph at all: an empty segment, as bleve makes for an
		// index with no documents.
		s, _, err := w.plugin.New(nil)
		if err != nil {
			return err
		}
		segs = append(segs, s)
	}
	// zap checks closeCh between fields and terms: a cancelled build stops
	// merging.
	closeCh := make(chan struct{})
	stop := context.AfterFunc(ctx, func() { close(closeCh) })
	defer stop()
	_, _, err = w.plugin.Merge(segs, make([]*roaring.Bitmap, len(segs)), path, closeCh, nil)
	if err != nil && ctx.Err() != nil {
		return ctx.Err()
	}
	return err
}

// writeRoot writes the root of a scorch store whose only segment is the
// file seg: what scorch.Builder.Close writes (one snapshot holding the
// segment, the segment type, the index mapping m), from bleve's own
// constants, so that bleve opens and updates it as any scorch index.
func writeRoot(store, seg string, m []byte) (err error) {
	root, err := util.OpenBolt(filepath.Join(store, "root.bolt"), 0o600, nil)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := root.Close(); err == nil {
			err = cerr
		}
	}()
	return root.Update(func(tx *util.BoltTxImpl) error {
		writer, err := util.NewFileWriter([]byte(filepath.Join(store, "root.bolt")))
		if err != nil {
			return err
		}
		snapshots, err := tx.CreateBucketIfNotExists(util.BoltSnapshotsBucket)
		if err != nil {
			return err
		}
		// Epoch 3, as scorch.Builder writes: the epoch an index built in
		// one batch reaches.
		snapshot, err := snapshots.CreateBucketIfNotExists(snapshotKey(3))
		if err != nil {
			return err
		}
		meta, err := snapshot.CreateBucketIfNotExists(util.BoltMetaDataKey)
		if err != nil {
			return err
		}
		version := binary.BigEndian.AppendUint32(nil, zap.Version)
		stamp, _ := time.Now().MarshalText()
		internal, err := snapshot.CreateBucketIfNotExists(util.BoltInternalKey)
		if err != nil {
			return err
		}
		segment, err := snapshot.CreateBucketIfNotExists(snapshotKey(mergedSegmentID))
		if err != nil {
			return err
		}
		return errors.Join(
			meta.Put(util.BoltMetaDataSegmentTypeKey, []byte(segmentType), nil),
			meta.Put(util.BoltMetaDataSegmentVersionKey, version, nil),
			meta.Put(util.BoltMetaDataFileWriterIDKey, []byte(writer.Id()), writer),
			meta.Put(util.BoltMetaDataTimeStamp, stamp, writer),
			internal.Put(util.MappingInternalKey, m, writer),
			segment.Put(util.BoltPathKey, []byte(seg), writer),
		)
	})
}

// snapshotKey is scorch's key for a small epoch or segment number (its
// encodeUvarintAscending, for the values up to 109 that fit one byte).
func snapshotKey(n byte) []byte { return []byte{0x88 + n} }

// mappingJSON is the index mapping as bleve stores it in the root.
func mappingJSON() ([]byte, error) { return util.MarshalJSON(newMapping()) }
