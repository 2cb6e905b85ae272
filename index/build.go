package index

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/index/scorch/mergeplan"

	"github.com/zhsearch/zhsearch/index/extract"
	"github.com/zhsearch/zhsearch/segment"
)

// ErrSkipped is returned by a strict update when a file could not be indexed.
var ErrSkipped = errors.New("some files could not be indexed")

// UpdateOptions adjust [Update].
type UpdateOptions struct {
	// Strict makes a file that cannot be indexed fail the whole update,
	// leaving the index as it was.
	Strict bool
	// LockWait is how long to wait for another writer; 2s when zero.
	LockWait time.Duration
	// Workers is how many files are read and segmented at once;
	// GOMAXPROCS when zero.
	Workers int
	// Progress, when set, is called as files are done, one call at a time.
	Progress func(Progress)
	// RelativeTo, when set, makes the stored document paths relative to
	// this folder.
	RelativeTo string
	// Rebuild indexes the given paths afresh, dropping every other
	// document: the way to move an index to another format or dictionary,
	// or to replace a damaged one.
	Rebuild bool
}

// Progress reports how far an update has come.
type Progress struct {
	Files, FilesDone int
	Bytes, BytesDone int64
	// Merging: every file is indexed, and a fresh build is being merged
	// into one segment (some seconds for tens of megabytes).
	Merging bool
}

// A Skip is a file or folder that could not be indexed, and why.
type Skip struct {
	Path string
	Err  error
}

func (s Skip) Error() string { return s.Path + ": " + s.Err.Error() }

// A Report says what an update did.
type Report struct {
	Added, Changed, Removed, Unchanged int
	Paragraphs                         int // paragraphs written
	// Skipped lists the files and folders that could not be indexed (not
	// readable, not text, damaged, not a regular file), each with why.
	// Update returns no error for them unless [UpdateOptions.Strict]:
	// check Skipped after every update, and tell your user.
	Skipped []Skip
	Swapped bool // a new generation went live
}

// Update brings the index in dir up to date with the document files under
// paths (text, Markdown and the formats extract reads) and any file named
// directly: new and changed files are indexed, documents whose files are
// gone from under those paths are dropped. It writes a new generation and
// swaps it in whole; on any error the index is left as it was. When nothing
// changed (files whose times alone changed included) it writes nothing. The
// directory is created if needed.
//
// A file that cannot be indexed does not fail the update: it is left out,
// and listed in [Report.Skipped] with the reason, and the update succeeds
// with the rest (so that one damaged PDF does not stop a nightly build).
// A missing path is skipped too. Set [UpdateOptions.Strict] to fail
// instead with [ErrSkipped], leaving the index as it was.
func Update(ctx context.Context, dir string, seg *segment.Segmenter, paths []string, opts UpdateOptions) (*Report, error) {
	if opts.LockWait == 0 {
		opts.LockWait = 2 * time.Second
	}
	if opts.Workers <= 0 {
		opts.Workers = runtime.GOMAXPROCS(0)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("creating index: %w", err)
	}
	lock, err := lockWriter(ctx, dir, opts.LockWait)
	if err != nil {
		return nil, err
	}
	defer lock.unlock()

	u := &updater{dir: dir, seg: seg, opts: opts, report: &Report{}}
	if err := u.run(ctx, paths); err != nil {
		return u.report, err
	}
	return u.report, nil
}

type updater struct {
	dir    string
	seg    *segment.Segmenter
	opts   UpdateOptions
	report *Report

	liveGen  string               // the generation CURRENT names, kept until the swap
	oldGen   string               // the generation the new one starts from; "" for a fresh build
	oldDocs  map[string]DocRecord // by absolute path
	oldFiles map[string]FileSum   // the files of oldGen, verified
}

type sourceFile struct {
	path, abs string
	info      fs.FileInfo
}

func (u *updater) run(ctx context.Context, paths []string) error {
	u.oldDocs = map[string]DocRecord{}
	cur, err := readCurrent(u.dir)
	if err == nil {
		u.liveGen = cur.gen
	}
	switch {
	case u.opts.Rebuild && !errors.Is(err, ErrNotIndex):
		// Everything afresh from the given paths, whatever was there.
	case err == nil:
		u.oldGen = cur.gen
		docs, err := u.readOld(cur)
		if err != nil {
			return err
		}
		for _, d := range docs {
			u.oldDocs[d.Abs] = d
		}
	case !errors.Is(err, ErrNotExist):
		return err
	}

	files, roots := u.collect(paths)
	if u.opts.Strict && len(u.report.Skipped) > 0 {
		return fmt.Errorf("%w: %v", ErrSkipped, u.report.Skipped[0])
	}

	// What to drop: documents under the given roots whose files are gone.
	seen := map[string]bool{}
	for _, f := range files {
		seen[f.abs] = true
	}
	var removed []DocRecord
	for abs, d := range u.oldDocs {
		if !seen[abs] && underAny(abs, roots) {
			removed = append(removed, d)
		}
	}

	// What to index: files whose size or modification time changed. A
	// file whose time alone changed (touched, copied, checked out again)
	// costs a read and a hash, once: its new time goes to the time cache
	// when nothing else changed, or into its record with the rest.
	times := readTimes(u.dir, u.oldGen)
	touched := false
	var todo []sourceFile
	for _, f := range files {
		d, ok := u.oldDocs[f.abs]
		mtime := f.info.ModTime().UnixNano()
		switch {
		case !ok || d.Size != f.info.Size():
		case d.ModTime == mtime:
			u.report.Unchanged++
			continue
		case times[f.abs] == fileTime{Size: d.Size, ModTime: mtime, SHA256: d.SHA256} || sameContent(f.abs, d):
			d.ModTime = mtime
			u.oldDocs[f.abs] = d
			times[f.abs] = fileTime{Size: d.Size, ModTime: mtime, SHA256: d.SHA256}
			u.report.Unchanged++
			touched = true
			continue
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		todo = append(todo, f)
	}
	if len(todo) == 0 && len(removed) == 0 && u.oldGen != "" {
		// Nothing changed: no new generation. What the files' times
		// are now is worth keeping, not worth a generation.
		if touched {
			writeTimes(u.dir, u.oldGen, times)
		}
		return nil
	}
	return u.write(ctx, todo, removed)
}

// sameContent reports whether the file at abs still has the content that
// d records. A file that cannot be read is not: indexing it says why.
func sameContent(abs string, d DocRecord) bool {
	f, err := os.Open(abs)
	if err != nil {
		return false
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	return err == nil && n == d.Size && hex.EncodeToString(h.Sum(nil)) == d.SHA256
}

// readOld reads the document list of the live generation, which cur
// names, checking that this build would write the same kind of index and
// that every file of it is intact: an update never builds on a damaged
// index, nor says that one is up to date.
func (u *updater) readOld(cur current) ([]DocRecord, error) {
	genDir := filepath.Join(u.dir, u.oldGen)
	meta, err := readMeta(genDir, cur)
	if err != nil {
		return nil, err
	}
	if meta.Format != FormatVersion || meta.Segmenter != u.seg.Identity() {
		return nil, fmt.Errorf("%s was built with index format %d and segmenter %s; this build writes format %d with segmenter %s: %w",
			u.dir, meta.Format, meta.Segmenter, FormatVersion, u.seg.Identity(), ErrNeedsRebuild)
	}
	if err := verifyAll(genDir, meta.Files); err != nil {
		return nil, err
	}
	old, err := openBleve(genDir)
	if err != nil {
		return nil, err
	}
	err = checkCount(old, meta, genDir)
	old.Close()
	if err != nil {
		return nil, err
	}
	placesPath := filepath.Join(genDir, placesFile)
	places, err := mapPlaces(placesPath, meta)
	if err != nil {
		return nil, damaged(placesPath, readError(err))
	}
	places.close()
	docsPath := filepath.Join(genDir, docsFile)
	raw, err := readVerified(docsPath, meta.Files[docsFile])
	if err != nil {
		return nil, err
	}
	u.oldFiles = meta.Files
	return decodeDocs(raw, docsPath, meta)
}

func underAny(abs string, roots []string) bool {
	for _, r := range roots {
		if abs == r || strings.HasPrefix(abs, r+string(filepath.Separator)) {
			return true
		}
	}
	return false
}

// isDocumentFile reports whether a file found in a folder is indexed: text
// and Markdown, and every format extract reads.
func isDocumentFile(name string) bool {
	ext := strings.ToLower(filepath.Ext(name))
	return ext == ".txt" || ext == ".md" || extract.FormatOf(name) != extract.FormatText
}

// collect lists the files under paths. Folders are walked without following
// symbolic links to folders (so link loops cannot trap it); files named
// directly are taken whatever their extension. It returns the files and the
// absolute roots that were readable.
func (u *updater) collect(paths []string) ([]sourceFile, []string) {
	var files []sourceFile
	var roots []string
	seen := map[string]bool{}
	add := func(path string, info fs.FileInfo) {
		abs, err := filepath.Abs(path)
		if err != nil {
			u.skip(path, err)
			return
		}
		if seen[abs] {
			return
		}
		seen[abs] = true
		if u.opts.RelativeTo != "" {
			if rel, err := filepath.Rel(u.opts.RelativeTo, path); err == nil {
				path = rel
			}
		}
		files = append(files, sourceFile{path: path, abs: abs, info: info})
	}
	for _, root := range paths {
		info, err := os.Stat(root)
		if err != nil {
			u.skip(root, unwrapPathError(err))
			continue
		}
		abs, err := filepath.Abs(root)
		if err != nil {
			u.skip(root, err)
			continue
		}
		roots = append(roots, abs)
		if !info.IsDir() {
			if info.Mode().IsRegular() {
				add(root, info)
			} else {
				u.skip(root, errNotRegular)
			}
			continue
		}
		filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				u.skip(path, unwrapPathError(err))
				if d != nil && d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			link := d.Type()&fs.ModeSymlink != 0
			switch {
			case d.IsDir():
				return nil
			case !link && !d.Type().IsRegular():
				// A FIFO, socket or device: never opened (opening a
				// FIFO waits for a writer), whatever its name.
				u.skip(path, errNotRegular)
				return nil
			case !link && !isDocumentFile(d.Name()):
				return nil
			}
			info, err := os.Stat(path) // follows a link, without opening it
			if err != nil {
				if isDocumentFile(d.Name()) {
					u.skip(path, unwrapPathError(err))
				}
				return nil
			}
			switch {
			case info.IsDir():
				// Links to folders are not followed: no loops.
			case !info.Mode().IsRegular():
				u.skip(path, errNotRegular)
			case isDocumentFile(d.Name()):
				add(path, info)
			}
			return nil
		})
	}
	sort.Slice(files, func(i, j int) bool { return files[i].path < files[j].path })
	return files, roots
}

// errNotRegular is why a FIFO, socket or device is skipped.
var errNotRegular = errors.New("not a regular file")

// unwrapPathError drops the path from an *fs.PathError, which Skip names
// already.
func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

func (u *updater) skip(path string, err error) {
	u.report.Skipped = append(u.report.Skipped, Skip{Path: path, Err: err})
}

// analyzed is one file read and parsed, its paragraphs cut into the parts
// that become bleve documents (see parts in split.go).
type analyzed struct {
	file   sourceFile
	record DocRecord
	parts  []part
	bytes  int64
	same   bool // content unchanged: only the record's time changed
	err    error
}

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
		if err != nil {
			os.RemoveAll(genDir)
		}
	}()

	w, stopWatching := watchWrites(genDir)
	defer stopWatching()
	config := segmentConfig(map[string]interface{}{"bolt_timeout": "2s", "asyncErrorCallbackName": asyncErrorCallback})
	var b bleve.Index
	err = w.contain("creating index generation", func() (err error) {
		if u.oldGen != "" {
			if err := cloneGeneration(filepath.Join(u.dir, u.oldGen), genDir); err != nil {
				return fmt.Errorf("copying the live index: %w", err)
			}
			b, err = bleve.OpenUsing(genDir, config)
		} else {
			u.oldDocs = map[string]DocRecord{}
			b, err = bleve.NewUsing(genDir, newMapping(), "scorch", "scorch", config)
		}
		return err
	})
	if err != nil {
		return err
	}
	closed := false
	defer func() {
		if !closed {
			w.contain("closing index", b.Close)
		}
	}()

	docs := map[string]DocRecord{}
	for abs, d := range u.oldDocs {
		docs[abs] = d
	}
	if err := u.indexFiles(ctx, b, w, todo, docs); err != nil {
		return err
	}

	// Last: what is removed, then the document lists and the build record.
	batch := b.NewBatch()
	for _, d := range removed {
		for _, id := range d.ids() {
			batch.Delete(id)
		}
		delete(docs, d.Abs)
		u.report.Removed++
	}
	list := make([]DocRecord, 0, len(docs))
	paragraphs := 0
	for _, d := range docs {
		list = append(list, d)
		paragraphs += d.Paragraphs + len(d.Parts)
	}
	sort.Slice(list, func(i, j int) bool { return list[i].Path < list[j].Path })
	if err := w.contain("writing index", func() error { return b.Batch(batch) }); err != nil {
		return err
	}
	if u.oldGen == "" {
		if u.opts.Progress != nil {
			bytes := totalSize(todo)
			u.opts.Progress(Progress{Files: len(todo), FilesDone: len(todo), Bytes: bytes, BytesDone: bytes, Merging: true})
		}
		// A fresh build ends as one segment: searches then read one term
		// dictionary instead of twenty. Updates keep scorch's own merging,
		// which rewrites only what changed.
		if err := w.contain("merging index", func() error { return mergeSegments(ctx, b, w.err) }); err != nil {
			return err
		}
	}
	closed = true
	if err := w.contain("closing index", b.Close); err != nil {
		return err
	}
	found, err := finishGeneration(genDir, list)
	if err != nil {
		return fmt.Errorf("finishing index: %w", err)
	} else if found != paragraphs {
		return fmt.Errorf("writing index: it holds %d paragraphs, %d were written", found, paragraphs)
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
	meta := Meta{Format: FormatVersion, Segmenter: u.seg.Identity(), Built: time.Now().UTC(), Documents: len(list), Paragraphs: paragraphs, Tokens: map[string]int{}}
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

// ids returns the IDs of every bleve document of a document.
func (d DocRecord) ids() []string {
	ids := make([]string, 0, d.Paragraphs+len(d.Parts))
	for n := 1; n <= d.Paragraphs; n++ {
		ids = append(ids, ParagraphID(d.Key, n))
	}
	return append(ids, d.Parts...)
}

// indexFiles reads, parses, segments and indexes files with one worker per
// core. Each worker writes its own bleve batches, so that building segments,
// the costly half of indexing, runs in parallel too. docs gets the new
// records.
func (u *updater) indexFiles(ctx context.Context, b bleve.Index, w *writeErrors, files []sourceFile, docs map[string]DocRecord) error {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
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
	var mu sync.Mutex // guards docs, u.report and progress
	progress := Progress{Files: len(files), Bytes: totalSize(files)}

	// finish records what became of one analysed file, whose documents
	// (IDs in written) are in the batches already, and deletes from batch
	// the paragraphs its previous version had and this one has not.
	finish := func(batch *bleve.Batch, res analyzed, written map[string]bool) error {
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
					batch.Delete(id)
				}
			}
			u.report.Changed++
		} else {
			u.report.Added++
		}
		docs[res.file.abs] = res.record
		u.report.Paragraphs += len(written)
		return nil
	}

	var wg sync.WaitGroup
	for range u.opts.Workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			bw := newBatchWriter(b, w)
			for f := range jobs {
				res := u.analyze(f)
				var written map[string]bool
				var err error
				if res.err == nil && !res.same {
					written, err = u.writeParts(bw, &res)
				}
				if err == nil {
					err = finish(bw.batch, res, written)
				}
				if err == nil && bw.full() {
					err = bw.flush()
				}
				if err != nil {
					cancel(err)
					return
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

// totalSize is the size of files in bytes.
func totalSize(files []sourceFile) int64 {
	var n int64
	for _, f := range files {
		n += f.info.Size()
	}
	return n
}

// docKey is the key of a document: short, and stable for a file's path.
func docKey(abs string) string {
	sum := sha256.Sum256([]byte(abs))
	return hex.EncodeToString(sum[:8])
}

func (u *updater) analyze(f sourceFile) analyzed {
	res := analyzed{file: f, bytes: f.info.Size()}
	data, err := os.ReadFile(f.abs)
	if err != nil {
		res.err = unwrapPathError(err)
		return res
	}
	sum := sha256.Sum256(data)
	rec := DocRecord{
		Key:     docKey(f.abs),
		Path:    f.path,
		Abs:     f.abs,
		Size:    int64(len(data)),
		ModTime: f.info.ModTime().UnixNano(),
		SHA256:  hex.EncodeToString(sum[:]),
	}
	if old, ok := u.oldDocs[f.abs]; ok && old.SHA256 == rec.SHA256 {
		res.record, res.same = rec, true
		return res
	}
	// The path, not only the base name: the folders a law sits in give its
	// legal force and region ("laws/行政法规/…", "DLC/河南地方法规/…").
	doc, err := extract.Parse(filepath.ToSlash(f.path), data)
	if err != nil {
		res.err = err
		return res
	}
	rec.Title, rec.Date, rec.Source, rec.Speaker = doc.Title, doc.Date, doc.Source, doc.Speaker
	rec.Effective, rec.Issuer, rec.Number, rec.Type = doc.Effective, doc.Issuer, doc.Number, doc.Type
	rec.Region, rec.Force, rec.Status = doc.Region, doc.Force, doc.Status
	rec.Encoding, rec.FileFormat = string(doc.Encoding), string(doc.Format)
	rec.Paragraphs = len(doc.Paragraphs)
	res.parts = splitParagraphs(doc.Paragraphs, maxParagraphBytes)
	for _, pt := range res.parts {
		if pt.i > 1 {
			rec.Parts = append(rec.Parts, partID(rec.Key, pt.p.N, pt.i))
		}
	}
	res.record = rec
	return res
}

// mergePersistWait bounds the wait for scorch to persist a merged index.
const mergePersistWait = 2 * time.Minute

// mergeSegments merges every segment of a generation into one, and waits
// until scorch has persisted the merged snapshot; failed returns an error
// scorch has reported from its goroutines, which ends the wait.
func mergeSegments(ctx context.Context, b bleve.Index, failed func() error) error {
	adv, err := b.Advanced()
	if err != nil {
		return err
	}
	s, ok := adv.(*scorch.Scorch)
	if !ok {
		return nil
	}
	stat := func(name string) uint64 {
		v, _ := s.StatsMap()[name].(uint64)
		return v
	}
	segments := func() uint64 { return stat("TotFileSegmentsAtRoot") + stat("TotMemorySegmentsAtRoot") }
	// Indexing leaves a large heap behind: hand it back before the merge
	// maps every segment, so that the two do not add up to a higher peak.
	debug.FreeOSMemory()
	opts := mergeplan.SingleSegmentMergePlanOptions
	opts.SegmentsPerMergeTask = 1 << 10 // one merge of all, not rounds of ten
	for round := 0; segments() > 1; round++ {
		if round == 3 {
			return fmt.Errorf("%d segments left after %d merges", segments(), round)
		}
		// ForceMerge does not return a failed merge's error (scorch
		// reports it asynchronously, and the segment count above tells),
		// nor does it return at all after one: scorch retries the merge
		// until the index is closed, which a full disk makes for ever. So
		// it runs aside, and a reported error ends the wait; closing the
		// index then ends ForceMerge.
		merged := make(chan error, 1)
		go func() { merged <- s.ForceMerge(ctx, &opts) }()
		if err := awaitMerge(ctx, merged, failed); err != nil {
			return err
		}
	}
	// Wait for the persister to record the merged snapshot. (It removes
	// the files the merge replaced only when nothing still maps them, which
	// may be never before Close: finishGeneration removes what is left.)
	deadline := time.Now().Add(mergePersistWait)
	for stat("LastPersistedEpoch") < stat("CurRootEpoch") {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := failed(); err != nil {
			return err
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("the merged index was not persisted within %v", mergePersistWait)
		}
		time.Sleep(5 * time.Millisecond)
	}
	return nil
}

// awaitMerge waits for a force merge to end, for ctx, or for scorch to
// report an error.
func awaitMerge(ctx context.Context, merged <-chan error, failed func() error) error {
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case err := <-merged:
			if err == nil {
				err = failed()
			}
			return err
		case <-ctx.Done():
			return ctx.Err()
		case <-tick.C:
			if err := failed(); err != nil {
				return err
			}
		}
	}
}
