package index

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

func (u *updater) write(ctx context.Context, todo []sourceFile, removed []DocRecord) (err error) {
	// The next number after every generation there is, or that CURRENT
	// names even if its directory is gone.
	next := 1
	for _, g := range append(generations(u.dir), u.liveGen) {
		if n, err := strconv.Atoi(strings.TrimPrefix(g, genPrefix)); err == nil && n >= next {
			next = n + 1
		}
	}
	gen := genName(next)
	genDir := filepath.Join(u.dir, gen)
	// Generations that are not live are leftovers of a writer that died,
	// or earlier ones that readers still held: remove those no reader
	// holds now.
	for _, g := range generations(u.dir) {
		if g != u.liveGen {
			retireGeneration(u.dir, g)
		}
	}
	defer func() {
		// After a failure only: each spill file is removed once read.
		u.sigs.spill.remove()
		u.sums.file.remove()
		u.rare.words.remove()
		if err != nil {
			os.RemoveAll(genDir)
		}
	}()
	if err := os.MkdirAll(genDir, 0o755); err != nil {
		return fmt.Errorf("creating index generation: %w", err)
	}
	if u.sigs.spill, err = createSpill(filepath.Join(genDir, signaturesSpill)); err != nil {
		return fmt.Errorf("creating index generation: %w", err)
	}
	if u.sums.file, err = createSpill(filepath.Join(genDir, placesSpill)); err != nil {
		return fmt.Errorf("creating index generation: %w", err)
	}
	if u.rare.words, err = createSpill(filepath.Join(genDir, rarityWords)); err != nil {
		return fmt.Errorf("creating index generation: %w", err)
	}
	if u.oldGen != "" {
		u.rare.changed = map[string]bool{}
	}

	docs := map[string]DocRecord{}
	for abs, d := range u.oldDocs {
		docs[abs] = d
	}
	if u.oldGen == "" {
		err = u.writeFresh(ctx, genDir, todo, docs)
	} else {
		err = u.writeUpdate(ctx, genDir, todo, removed, docs)
	}
	if err != nil {
		return err
	}

	// Last: the document lists and the build record.
	list := make([]DocRecord, 0, len(docs))
	paragraphs := 0
	for _, d := range docs {
		list = append(list, d)
		paragraphs += d.Paragraphs + len(d.Parts)
	}
	sort.Slice(list, func(i, j int) bool { return list[i].Path < list[j].Path })
	paras, err := u.finishPlaces(genDir, list)
	if err != nil {
		return fmt.Errorf("finishing index: %w", err)
	} else if found := len(paras.byKey); found != paragraphs {
		return fmt.Errorf("writing index: it holds %d paragraphs, %d were written", found, paragraphs)
	}
	if err := u.writeRarity(ctx, genDir, list, paras); err != nil {
		return fmt.Errorf("counting words: %w", err)
	}
	if err := writeSimilar(genDir, paras, u.sigs, u.oldGenDir(), u.oldFiles); err != nil {
		return fmt.Errorf("finding repeated paragraphs: %w", err)
	}
	rawDocs, err := encodeDocs(list)
	if err != nil {
		return fmt.Errorf("writing index: %w", err)
	}
	for name, data := range map[string][]byte{readersFile: nil, docsFile: rawDocs, titlesFile: encodeTitles(list)} {
		if err := os.WriteFile(filepath.Join(genDir, name), data, 0o644); err != nil {
			return fmt.Errorf("writing index: %w", err)
		}
	}
	meta := Meta{Format: FormatVersion, Segmenter: u.seg.Identity(), Built: time.Now().UTC(), Documents: len(list), Paragraphs: paragraphs, Tokens: map[string]int{}, ExactProfiles: true}
	for _, field := range searchedFields {
		meta.Tokens[field] = 0
	}
	for _, d := range list {
		for field, n := range d.Tokens {
			meta.Tokens[field] += n
		}
	}
	if meta.Files, err = sumGeneration(genDir, u.oldFiles); err != nil {
		return fmt.Errorf("checksumming index: %w", err)
	}
	rawMeta, _ := json.MarshalIndent(meta, "", "  ")
	if err := os.WriteFile(filepath.Join(genDir, metaFile), rawMeta, 0o644); err != nil {
		return fmt.Errorf("writing index: %w", err)
	}
	if err := syncTree(genDir); err != nil {
		return fmt.Errorf("syncing index: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if u.opts.Strict && len(u.report.Skipped) > 0 {
		return fmt.Errorf("%w: %v", ErrSkipped, u.report.Skipped[0])
	}
	if err := writeCurrent(u.dir, gen, crc(rawMeta)); err != nil {
		return fmt.Errorf("swapping in the new index: %w", err)
	}
	u.report.Swapped = true
	// The new records hold the files' times: the cache is for the old
	// generation (and would be ignored).
	os.Remove(filepath.Join(u.dir, timesFile))
	// The previous generation goes when no reader holds it: now, or at a
	// later update.
	for _, g := range generations(u.dir) {
		if g != gen {
			retireGeneration(u.dir, g)
		}
	}
	return nil
}

// writeFresh writes the bleve index of a fresh build into genDir: its
// segments straight from the workers, merged into one (see segments.go).
// docs gets the new records.
func (u *updater) writeFresh(ctx context.Context, genDir string, todo []sourceFile, docs map[string]DocRecord) error {
	sw, err := newSegmentWriter(genDir, u.opts.maxMerge)
	if err != nil {
		return fmt.Errorf("creating index generation: %w", err)
	}
	if err := u.indexFiles(ctx, sw, todo, docs); err != nil {
		return err
	}
	if u.opts.Progress != nil {
		bytes := totalSize(todo)
		u.opts.Progress(Progress{Files: len(todo), FilesDone: len(todo), Bytes: bytes, BytesDone: bytes, Merging: true})
	}
	m, err := mappingJSON()
	if err != nil {
		return fmt.Errorf("writing index: %w", err)
	}
	// The workers' garbage, and the buffers of their part writers, go back
	// to the system as the merge starts, so that the two do not add up to a
	// higher peak: on the other core, since returning them (a collection,
	// then a madvise of every free page) took a tenth of a build's time on
	// the reports, with the merge, on one core, waiting; the merge's mapped
	// parts count in memory only as it reads them, and its heap is small.
	sw.dropWriters()
	freed := make(chan struct{})
	go func() {
		defer close(freed)
		debug.FreeOSMemory()
	}()
	err = sw.finish(ctx, m)
	<-freed
	if err != nil {
		return fmt.Errorf("merging index: %w", err)
	}
	return nil
}

// writeUpdate writes an update into genDir: the live generation's bleve
// index, hard-linked, updated through scorch, which replaces changed
// documents, deletes removed ones, and merges what changed. docs holds the
// live generation's records and gets the new ones.
func (u *updater) writeUpdate(ctx context.Context, genDir string, todo []sourceFile, removed []DocRecord, docs map[string]DocRecord) (err error) {
	w, stopWatching := watchWrites(genDir)
	defer stopWatching()
	config := segmentConfig(map[string]interface{}{"bolt_timeout": "2s", "asyncErrorCallbackName": asyncErrorCallback})
	var b *scorchIndex
	err = w.contain("creating index generation", func() (err error) {
		if err := cloneGeneration(filepath.Join(u.dir, u.oldGen), genDir); err != nil {
			return fmt.Errorf("copying the live index: %w", err)
		}
		b, err = openScorch(genDir, config)
		return err
	})
	if err != nil {
		if b != nil { // opened, but scorch reported a write error meanwhile
			w.contain("closing index", b.Close)
		}
		return err
	}
	closed := false
	defer func() {
		if !closed {
			w.contain("closing index", b.Close)
		}
	}()
	sink := onlineSink{index: b, errs: w}
	if err := u.indexFiles(ctx, sink, todo, docs); err != nil {
		return err
	}
	var gone []string
	for _, d := range removed {
		gone = append(gone, d.ids()...)
		delete(docs, d.Abs)
		u.report.Removed++
	}
	if err := sink.write(nil, gone); err != nil {
		return err
	}
	closed = true
	return w.contain("closing index", b.Close)
}

// ids returns the IDs of every bleve document of a document.
func (d DocRecord) ids() []string {
	ids := make([]string, 0, d.Paragraphs+len(d.Parts))
	for n := 1; n <= d.Paragraphs; n++ {
		ids = append(ids, ParagraphID(d.Key, n))
	}
	return append(ids, d.Parts...)
}

// analyzeAhead bounds the source bytes of the files read, parsed and
// signed but not yet indexed (a file larger than it takes all of it): about
// what one core analyses while the segmenter loads, and little memory.
const analyzeAhead = 4 << 20

// indexFiles reads, parses, segments and indexes files with one worker per
// core. Each worker writes its own bleve batches, so that building segments,
// the costly half of indexing, runs in parallel too. docs gets the new
// records.
//
// Reading, parsing and signing a file (see signatures.go) need no
// segmenter: analysers do them up to analyzeAhead bytes ahead of the
// workers, so that they fill the time the segmenter's dictionaries take
// to load (half a second, on one core) before the first worker can go on.
func (u *updater) indexFiles(ctx context.Context, sink docSink, files []sourceFile, docs map[string]DocRecord) error {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	go u.seg.Load()
	jobs := make(chan sourceFile)
	go func() {
		defer close(jobs)
		for _, f := range files {
			select {
			case jobs <- f:
			case <-ctx.Done():
				return
			}
		}
	}()
	ahead := newByteBudget(analyzeAhead)
	// Every file takes a unit of the budget at least: no more results
	// wait than it has units.
	results := make(chan analyzed, cap(ahead.tokens))
	var analysers sync.WaitGroup
	for range u.opts.Workers {
		analysers.Add(1)
		go func() {
			defer analysers.Done()
			for f := range jobs {
				if !ahead.acquire(ctx, f.info.Size()) {
					return
				}
				res := u.analyze(f)
				if res.err == nil && !res.same {
					for _, pt := range res.parts {
						u.sigs.add(res.record.Key, pt.p.N, pt.i, pt.p.Text)
					}
				}
				results <- res
			}
		}()
	}
	go func() {
		analysers.Wait()
		close(results)
	}()
	var mu sync.Mutex // guards docs, u.report, u.sums and progress
	progress := Progress{Files: len(files), Bytes: totalSize(files)}

	// finish records what became of one analysed file, whose documents
	// (IDs in written) are in the batches already, and has bw delete the
	// paragraphs its previous version had and this one has not.
	finish := func(bw *batchWriter, res analyzed, written map[string]bool) error {
		mu.Lock()
		defer mu.Unlock()
		progress.FilesDone++
		progress.BytesDone += res.bytes
		if u.opts.Progress != nil {
			u.opts.Progress(progress)
		}
		if res.err != nil {
			u.skip(res.file.path, res.err)
			if u.opts.Strict {
				return fmt.Errorf("%w: %v", ErrSkipped, u.report.Skipped[len(u.report.Skipped)-1])
			}
			return nil
		}
		old, existed := docs[res.file.abs]
		if res.same && existed {
			old.ModTime = res.record.ModTime
			docs[res.file.abs] = old
			u.report.Unchanged++
			return nil
		}
		if existed {
			// Paragraphs the new version no longer has; the others are
			// replaced by ID.
			for _, id := range old.ids() {
				if !written[id] {
					bw.delete(id)
				}
			}
			u.report.Changed++
		} else {
			u.report.Added++
		}
		docs[res.file.abs] = res.record
		u.sums.add(res.record.Key, res.sums)
		u.report.Paragraphs += len(written)
		return nil
	}

	var wg sync.WaitGroup
	for range u.opts.Workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			bw := newBatchWriter(sink)
			for res := range results {
				ahead.release(res.file.info.Size())
				if ctx.Err() != nil {
					continue // until the analysers stop
				}
				var written map[string]bool
				var err error
				if res.err == nil && !res.same {
					written, err = u.writeParts(bw, &res)
				}
				if err == nil {
					err = finish(bw, res, written)
				}
				if err == nil && bw.full() {
					err = bw.flush()
				}
				if err != nil {
					cancel(err)
				}
			}
			if ctx.Err() == nil {
				if err := bw.flush(); err != nil {
					cancel(err)
				}
			}
		}()
	}
	wg.Wait()
	return context.Cause(ctx)
}

// A byteBudget bounds the bytes in use at once.
type byteBudget struct {
	mu     sync.Mutex    // one acquire at a time: two waiting with part of the budget each would wait forever
	tokens chan struct{} // one a unit in use
}

// budgetUnit is the bytes of one token of a byteBudget.
const budgetUnit = 64 << 10

func newByteBudget(max int64) *byteBudget {
	return &byteBudget{tokens: make(chan struct{}, max/budgetUnit)}
}

func (b *byteBudget) units(n int64) int {
	return min(max(int((n+budgetUnit-1)/budgetUnit), 1), cap(b.tokens))
}

// acquire waits until n bytes (all of the budget, if n is more) can be
// used, and reports false if ctx is done first.
func (b *byteBudget) acquire(ctx context.Context, n int64) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	for range b.units(n) {
		select {
		case b.tokens <- struct{}{}:
		case <-ctx.Done():
			return false
		}
	}
	return true
}

// release gives back n bytes that acquire took.
func (b *byteBudget) release(n int64) {
	for range b.units(n) {
		<-b.tokens
	}
}

// totalSize is the size of files in bytes.
func totalSize(files []sourceFile) int64 {
	var n int64
	for _, f := range files {
		n += f.info.Size()
	}
	return n
}
