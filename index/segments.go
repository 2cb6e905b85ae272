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
// folder of the generation; the parts are merged once, at the end, into one
// segment (a few for a corpus of hundreds of megabytes, see maxMergeBytes);
// and the store's root (root.bolt) is written naming those segments, as
// bleve's offline builder (scorch.Builder) writes it.
// Updates keep the online path, which replaces and deletes documents.

// partsDir is the folder of a fresh generation that holds the segments of
// each batch until they are merged. A build that dies leaves it inside a
// generation that never went live, which the next writer removes whole.
const partsDir = "parts"

// maxMergeBytes bounds the part files merged into one segment. A merge
// maps its parts, and a process's resident memory counts every page of them
// it has read: one segment of a corpus of any size would make a build's
// peak memory grow with the corpus. So a fresh build whose parts hold more
// is merged into as few segments of about equal size as keep each merge
// under it (parts hold about 1.3 times what their merge writes: the whole
// 64 MB corpus is one segment, four copies of it four), and its peak
// memory stays that of one merge, whatever the corpus.
const maxMergeBytes = 512 << 20

// mergedSegmentID numbers the first segment of a fresh build (the number
// scorch gives the segment of an index built in one batch); the others
// follow it.
const mergedSegmentID = 2

// A segmentWriter writes the batches of a fresh build as zap segments and
// merges them. Its write is safe for concurrent use.
type segmentWriter struct {
	genDir       string
	plugin       safeZap
	maxMerge     int64  // maxMergeBytes, or less in tests
	releaseEvery uint64 // releaseEveryBytes, or less in tests

	mu      sync.Mutex
	parts   []partFile    // in the order their batches were started
	writers []*partWriter // idle, one a worker that has written
}

// A partFile is the segment file of one batch.
type partFile struct {
	path string
	size int64 // 0 until written
}

func newSegmentWriter(genDir string, maxMerge int64) (*segmentWriter, error) {
	if err := os.MkdirAll(filepath.Join(genDir, partsDir), 0o755); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Join(genDir, "store"), 0o755); err != nil {
		return nil, err
	}
	if maxMerge <= 0 {
		maxMerge = maxMergeBytes
	}
	return &segmentWriter{genDir: genDir, maxMerge: maxMerge, releaseEvery: releaseEveryBytes}, nil
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
	for _, d := range docs {
		addIDField(d)
		d.VisitFields(func(f bleveindex.Field) {
			if f.Options().IsIndexed() {
				f.Analyze()
			}
		})
	}
	seg, release, err := w.build(docs)
	if err != nil {
		return err
	}
	defer release()
	w.mu.Lock()
	n := len(w.parts)
	path := filepath.Join(w.genDir, partsDir, fmt.Sprintf("%06d.zap", n))
	w.parts = append(w.parts, partFile{path: path})
	w.mu.Unlock()
	size, err := writePart(seg, path)
	w.mu.Lock()
	w.parts[n].size = size
	w.mu.Unlock()
	return err
}

// build makes the zap segment of analysed docs: with a partWriter (see
// part.go), or zap's own builder for documents it does not know. release
// closes the segment and frees what it was built with.
func (w *segmentWriter) build(docs []*document.Document) (seg scorchsegment.Segment, release func(), err error) {
	if !partWritable(docs) {
		return w.buildWithZap(docs)
	}
	// A writer a worker, kept for the next batch: its buffers are as
	// large as a batch needs.
	w.mu.Lock()
	var pw *partWriter
	if n := len(w.writers); n > 0 {
		pw, w.writers = w.writers[n-1], w.writers[:n-1]
	} else {
		pw = newPartWriter()
	}
	w.mu.Unlock()
	release = func() {
		if seg != nil {
			seg.Close()
		}
		w.mu.Lock()
		w.writers = append(w.writers, pw)
		w.mu.Unlock()
	}
	// The segment's bytes are the writer's until release.
	if seg, err = pw.build(docs); err != nil {
		// A writer that failed may hold half a batch (a dictionary half
		// built): it is not kept for the next.
		if errors.Is(err, errLocationNamesField) || errors.Is(err, errWideLocation) {
			return w.buildWithZap(docs)
		}
		return nil, nil, err
	}
	return seg, release, nil
}

// buildWithZap makes the segment of docs with zap's own builder.
func (w *segmentWriter) buildWithZap(docs []*document.Document) (scorchsegment.Segment, func(), error) {
	analysed := make([]bleveindex.Document, len(docs))
	for i, d := range docs {
		analysed[i] = d
	}
	seg, _, err := w.plugin.New(analysed)
	if err != nil {
		return nil, nil, err
	}
	return seg, func() { seg.Close() }, nil
}

// writePart writes a segment built in memory to path and returns its
// size. Parts are not synced: they live until the merge, whose output is.
func writePart(seg scorchsegment.Segment, path string) (size int64, err error) {
	wt, ok := seg.(io.WriterTo)
	if !ok {
		return 0, fmt.Errorf("zap segment %T cannot be written", seg)
	}
	f, err := os.Create(path)
	if err != nil {
		return 0, err
	}
	defer func() {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}()
	bw := bufio.NewWriterSize(smallWrites{f}, smallWrite)
	if size, err = wt.WriteTo(bw); err != nil {
		return 0, err
	}
	return size, bw.Flush()
}

// dropWriters lets the part writers and their buffers go, once every
// batch is written.
func (w *segmentWriter) dropWriters() {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.writers = nil
}

// smallWrite bounds each write of a part file. The kernel caches a file in
// pieces (folios) of the size it was written in, and a merge that reads one
// byte of a mapped piece counts all of it in the process's memory: parts
// written 1 MiB at a time counted whole from the merge's first reads,
// whatever pageReleaser released.
const smallWrite = 64 << 10

// smallWrites writes to a file at most smallWrite bytes at a time (zap
// writes a part's sections whole, past any buffer).
type smallWrites struct{ f *os.File }

func (w smallWrites) Write(p []byte) (n int, err error) {
	for len(p) > 0 && err == nil {
		var k int
		k, err = w.f.Write(p[:min(len(p), smallWrite)])
		n, p = n+k, p[k:]
	}
	return n, err
}

// finish merges the parts into the generation's segments (one unless they
// hold more than maxMergeBytes), removes them, and writes bleve's
// index_meta.json and the store's root naming those segments, with the
// index mapping m.
func (w *segmentWriter) finish(ctx context.Context, m []byte) error {
	store := filepath.Join(w.genDir, "store")
	var segs []string
	for i, group := range mergeGroups(w.parts, w.maxMerge) {
		name := fmt.Sprintf("%012x.zap", mergedSegmentID+i)
		if err := w.merge(ctx, group, filepath.Join(store, name)); err != nil {
			return err
		}
		// Each group's parts go as soon as they are merged: a build
		// needs room for its index and one group's parts, not two
		// indexes.
		for _, p := range group {
			if err := os.Remove(p.path); err != nil {
				return err
			}
		}
		segs = append(segs, name)
	}
	if err := os.RemoveAll(filepath.Join(w.genDir, partsDir)); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(w.genDir, "index_meta.json"), []byte(indexMetaJSON), 0o644); err != nil {
		return err
	}
	return writeRoot(store, segs, m)
}

// mergeGroups cuts parts, in order, into as few groups as keep each under
// max bytes, of about equal size. There is always one group, empty when
// there are no parts.
func mergeGroups(parts []partFile, max int64) [][]partFile {
	var total int64
	for _, p := range parts {
		total += p.size
	}
	n := max64(1, (total+max-1)/max)
	target := (total + n - 1) / n
	groups := [][]partFile{nil}
	var size int64
	for _, p := range parts {
		last := len(groups) - 1
		if size > 0 && size+p.size > target && int64(len(groups)) < n {
			groups, last, size = append(groups, nil), last+1, 0
		}
		groups[last] = append(groups[last], p)
		size += p.size
	}
	return groups
}

func max64(a, b int64) int64 {
	if a > b {
		return a
	}
	return b
}

// merge merges parts into one segment at path, in one pass: one merge of n
// parts writes each posting once, where rounds of ten would write it again
// at every round.
func (w *segmentWriter) merge(ctx context.Context, parts []partFile, path string) (err error) {
	var segs []scorchsegment.Segment
	defer func() {
		for _, s := range segs {
			s.Close()
		}
	}()
	read := pageReleaser{every: w.releaseEvery}
	for _, p := range parts {
		s, err := w.plugin.Open(p.path)
		if err != nil {
			return fmt.Errorf("%s: %w", p.path, err)
		}
		segs = append(segs, s)
		// Only a segment opened from a file: releasing the pages of
		// one in the heap would zero them. Opening a part reads its
		// footer, fields and doc value offsets, a few places spread over
		// the file, each mapped as a whole cached piece (see smallWrite):
		// 150 MiB for the whole corpus's 376 parts, counted while the
		// workers' heap was still being returned, which made the build's
		// peak. They are released as each part is opened.
		if zs, ok := s.(*zap.Segment); ok {
			read.maps = append(read.maps, zs.Data())
			releasePages(zs.Data())
		}
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
	_, _, err = w.plugin.Merge(segs, make([]*roaring.Bitmap, len(segs)), path, closeCh, &read)
	if err != nil && ctx.Err() != nil {
		return ctx.Err()
	}
	return err
}

// releaseEveryBytes is how many bytes a merge writes between two releases
// of the pages of its parts that it has read. A merge keeps reading some
// of every part (the dictionary of the field it merges), which comes back
// after each release: on the whole corpus its parts count 100-180 MiB
// with releases every 16 MiB, where all 480 MiB counted without.
const releaseEveryBytes = 16 << 20

// A pageReleaser hears from zap's merge how much it has written, and every
// so many bytes releases the pages of the merge's parts (see
// releasePages). A process's resident memory counts every page of a mapped
// file it has read, until it unmaps the file: without the releases a merge
// would end up counting all of its parts, more than its heap. A merge
// reads each part in one pass (the stored documents, then each field's
// terms, postings and doc values in turn), so what it read before a
// release it mostly does not read again, and when it does the page is
// still in the kernel's cache. Its writes pace the releases, in the
// merge's own goroutine: releases on a clock (every 200 ms) tripled the
// merge's CPU time in page faults.
type pageReleaser struct {
	maps    [][]byte // the parts' mapped files
	every   uint64
	written uint64 // since the last release
}

func (r *pageReleaser) ReportBytesWritten(n uint64) {
	r.written += n
	if r.written < r.every {
		return
	}
	r.written = 0
	for _, m := range r.maps {
		releasePages(m)
	}
}

// writeRoot writes the root of a scorch store whose segments are the files
// segs, numbered from mergedSegmentID: what scorch.Builder.Close writes
// (one snapshot holding the segments, the segment type, the index mapping
// m), from bleve's own constants, so that bleve opens and updates it as any
// scorch index.
func writeRoot(store string, segs []string, m []byte) (err error) {
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
		err = errors.Join(
			meta.Put(util.BoltMetaDataSegmentTypeKey, []byte(segmentType), nil),
			meta.Put(util.BoltMetaDataSegmentVersionKey, version, nil),
			meta.Put(util.BoltMetaDataFileWriterIDKey, []byte(writer.Id()), writer),
			meta.Put(util.BoltMetaDataTimeStamp, stamp, writer),
			internal.Put(util.MappingInternalKey, m, writer),
		)
		for i, seg := range segs {
			if err != nil {
				return err
			}
			var b *util.BoltBucketImpl
			if b, err = snapshot.CreateBucketIfNotExists(snapshotKey(uint64(mergedSegmentID + i))); err == nil {
				err = b.Put(util.BoltPathKey, []byte(seg), writer)
			}
		}
		return err
	})
}

// snapshotKey is scorch's key for an epoch or segment number (its
// encodeUvarintAscending): one byte from 0x88 up to 109, else a byte
// saying how many bytes follow, big-endian.
func snapshotKey(n uint64) []byte {
	if n <= 109 {
		return []byte{0x88 + byte(n)}
	}
	var b []byte
	for ; n > 0; n >>= 8 {
		b = append([]byte{byte(n)}, b...)
	}
	return append([]byte{0xf5 + byte(len(b))}, b...)
}

// mappingJSON is the index mapping as bleve stores it in the root.
func mappingJSON() ([]byte, error) { return util.MarshalJSON(newMapping()) }
