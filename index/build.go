package index

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
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
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/document"
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
	Skipped                            []Skip
	Swapped                            bool // a new generation went live
}

// maxParagraphBytes bounds one bleve document. A longer paragraph (a file
// that is one huge line) is stored as several parts, cut at sentence ends.
const maxParagraphBytes = 64 << 10

// batchParagraphs is how many paragraphs go into one bleve batch.
const batchParagraphs = 1000

// Update brings the index in dir up to date with the .txt and .md files
// under paths (and any file named directly): new and changed files are
// indexed, documents whose files are gone from under those paths are
// dropped. It writes a new generation and swaps it in whole; on any error the
// index is left as it was. The directory is created if needed.
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

	liveGen string               // the generation CURRENT names, kept until the swap
	oldGen  string               // the generation the new one starts from; "" for a fresh build
	oldDocs map[string]DocRecord // by absolute path
}

type sourceFile struct {
	path, abs string
	info      fs.FileInfo
}

func (u *updater) run(ctx context.Context, paths []string) error {
	u.oldDocs = map[string]DocRecord{}
	gen, err := readCurrent(u.dir)
	if err == nil {
		u.liveGen = gen
	}
	switch {
	case u.opts.Rebuild && !errors.Is(err, ErrNotIndex):
		// Everything afresh from the given paths, whatever was there.
	case err == nil:
		u.oldGen = gen
		docs, err := u.readOld()
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
	// changed time with unchanged content costs a read and a hash only.
	var todo []sourceFile
	for _, f := range files {
		if d, ok := u.oldDocs[f.abs]; ok && d.Size == f.info.Size() && d.ModTime == f.info.ModTime().UnixNano() {
			u.report.Unchanged++
			continue
		}
		todo = append(todo, f)
	}
	if len(todo) == 0 && len(removed) == 0 && u.oldGen != "" {
		return nil
	}
	return u.write(ctx, todo, removed)
}

// readOld reads the document list of the live generation, checking that
// this build would write the same kind of index.
func (u *updater) readOld() ([]DocRecord, error) {
	genDir := filepath.Join(u.dir, u.oldGen)
	meta, err := readMeta(genDir, u.dir)
	if err != nil {
		return nil, err
	}
	if meta.Format != FormatVersion || meta.Segmenter != u.seg.Identity() {
		return nil, fmt.Errorf("%s was built with index format %d and segmenter %s; this build writes format %d with segmenter %s: %w",
			u.dir, meta.Format, meta.Segmenter, FormatVersion, u.seg.Identity(), ErrNeedsRebuild)
	}
	// Opening it checks that bleve's files are all there and readable:
	// an update never builds on a damaged index.
	old, err := bleve.OpenUsing(genDir, map[string]interface{}{"read_only": true, "bolt_timeout": "2s"})
	if err != nil {
		return nil, fmt.Errorf("%s: %w: opening %s: %s", u.dir, ErrDamaged, u.oldGen, firstLine(err))
	}
	err = checkCount(old, meta, u.dir)
	old.Close()
	if err != nil {
		return nil, err
	}
	places, err := mapPlaces(filepath.Join(genDir, placesFile), meta.Paragraphs)
	if err != nil {
		return nil, placesDamaged(u.dir, err)
	}
	places.close()
	return readDocs(genDir, u.dir)
}

func underAny(abs string, roots []string) bool {
	for _, r := range roots {
		if abs == r || strings.HasPrefix(abs, r+string(filepath.Separator)) {
			return true
		}
	}
	return false
}

// isDocumentFile reports whether a file found in a folder is indexed.
func isDocumentFile(name string) bool {
	ext := strings.ToLower(filepath.Ext(name))
	return ext == ".txt" || ext == ".md"
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
				u.skip(root, errors.New("not a regular file"))
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
			if d.IsDir() || !isDocumentFile(d.Name()) {
				return nil
			}
			info, err := os.Stat(path) // follows a link to a file
			if err != nil {
				u.skip(path, unwrapPathError(err))
				return nil
			}
			if info.Mode().IsRegular() {
				add(path, info)
			}
			return nil
		})
	}
	sort.Slice(files, func(i, j int) bool { return files[i].path < files[j].path })
	return files, roots
}

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

// analyzed is one file read, parsed and cut into bleve documents.
type analyzed struct {
	file   sourceFile
	record DocRecord
	docs   []*document.Document
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
	// Leftovers of a writer that died are never live: clear them.
	for _, g := range generations(u.dir) {
		if g != u.liveGen {
			os.RemoveAll(filepath.Join(u.dir, g))
		}
	}
	defer func() {
		if err != nil {
			os.RemoveAll(genDir)
		}
	}()

	var b bleve.Index
	if u.oldGen != "" {
		if err := cloneGeneration(filepath.Join(u.dir, u.oldGen), genDir); err != nil {
			return fmt.Errorf("copying the live index: %w", err)
		}
		b, err = bleve.OpenUsing(genDir, map[string]interface{}{"bolt_timeout": "2s"})
	} else {
		u.oldDocs = map[string]DocRecord{}
		b, err = bleve.NewUsing(genDir, newMapping(), "scorch", "scorch", nil)
	}
	if err != nil {
		return fmt.Errorf("creating index generation: %w", err)
	}
	closed := false
	defer func() {
		if !closed {
			b.Close()
		}
	}()

	docs := map[string]DocRecord{}
	for abs, d := range u.oldDocs {
		docs[abs] = d
	}
	if err := u.indexFiles(ctx, b, todo, docs); err != nil {
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
	if err := b.Batch(batch); err != nil {
		return fmt.Errorf("writing index: %w", err)
	}
	if u.oldGen == "" {
		if u.opts.Progress != nil {
			bytes := totalSize(todo)
			u.opts.Progress(Progress{Files: len(todo), FilesDone: len(todo), Bytes: bytes, BytesDone: bytes, Merging: true})
		}
		// A fresh build ends as one segment: searches then read one term
		// dictionary instead of twenty. Updates keep scorch's own merging,
		// which rewrites only what changed.
		if err := mergeSegments(ctx, b); err != nil {
			return fmt.Errorf("merging index: %w", err)
		}
	}
	closed = true
	if err := b.Close(); err != nil {
		return fmt.Errorf("closing index: %w", err)
	}
	found, err := finishGeneration(genDir, list)
	if err != nil {
		return fmt.Errorf("finishing index: %w", err)
	} else if found != paragraphs {
		return fmt.Errorf("writing index: it holds %d paragraphs, %d were written", found, paragraphs)
	}
	rawDocs, _ := json.Marshal(list)
	meta := Meta{Format: FormatVersion, Segmenter: u.seg.Identity(), Built: time.Now().UTC(), Documents: len(list), Paragraphs: paragraphs, Tokens: map[string]int{}}
	for _, field := range searchedFields {
		meta.Tokens[field] = 0
	}
	for _, d := range list {
		for field, n := range d.Tokens {
			meta.Tokens[field] += n
		}
	}
	rawMeta, _ := json.MarshalIndent(meta, "", "  ")
	for name, data := range map[string][]byte{docsFile: rawDocs, titlesFile: encodeTitles(list), metaFile: rawMeta} {
		if err := os.WriteFile(filepath.Join(genDir, name), data, 0o644); err != nil {
			return fmt.Errorf("writing index: %w", err)
		}
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
	if err := writeCurrent(u.dir, gen); err != nil {
		return fmt.Errorf("swapping in the new index: %w", err)
	}
	u.report.Swapped = true
	if u.liveGen != "" {
		os.RemoveAll(filepath.Join(u.dir, u.liveGen))
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
func (u *updater) indexFiles(ctx context.Context, b bleve.Index, files []sourceFile, docs map[string]DocRecord) error {
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

	// add puts one analysed file into batch, or records why not, and
	// returns how many paragraphs it added.
	add := func(batch *bleve.Batch, res analyzed) (int, error) {
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
				return 0, fmt.Errorf("%w: %v", ErrSkipped, u.report.Skipped[len(u.report.Skipped)-1])
			}
			return 0, nil
		}
		old, existed := docs[res.file.abs]
		if res.same && existed {
			old.ModTime = res.record.ModTime
			docs[res.file.abs] = old
			u.report.Unchanged++
			return 0, nil
		}
		written := map[string]bool{}
		for _, doc := range res.docs {
			if err := batch.IndexAdvanced(doc); err != nil {
				return 0, fmt.Errorf("%s: %w", res.file.path, err)
			}
			written[doc.ID()] = true
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
		u.report.Paragraphs += len(res.docs)
		return len(res.docs), nil
	}

	var wg sync.WaitGroup
	for range u.opts.Workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			batch := b.NewBatch()
			pending := 0
			flush := func() error {
				if batch.Size() == 0 {
					return nil
				}
				if err := b.Batch(batch); err != nil {
					return fmt.Errorf("writing index: %w", err)
				}
				// A new batch, not Reset: scorch's Batch can return while
				// a goroutine of its own still ranges over the batch's
				// operations (the deletes after the last document).
				batch = b.NewBatch()
				pending = 0
				return nil
			}
			for f := range jobs {
				n, err := add(batch, u.analyze(f))
				pending += n
				if err == nil && pending >= batchParagraphs {
					err = flush()
				}
				if err != nil {
					cancel(err)
					return
				}
			}
			if ctx.Err() == nil {
				if err := flush(); err != nil {
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
	rec.Encoding = string(doc.Encoding)
	rec.Paragraphs = len(doc.Paragraphs)
	rec.Tokens = map[string]int{}
	for _, p := range doc.Paragraphs {
		parts := splitLong(p.Text, maxParagraphBytes)
		for i, part := range parts {
			pp := p
			pp.Text = part
			d := paragraphDocument(u.seg, rec.Key, Year(rec.Date), pp, i+1, rec.Tokens)
			if i > 0 {
				rec.Parts = append(rec.Parts, d.ID())
			}
			res.docs = append(res.docs, d)
		}
	}
	res.record = rec
	return res
}

// partID is the ID of the i-th part (from 2) of an overlong paragraph.
func partID(docKey string, n, i int) string {
	return ParagraphID(docKey, n) + "." + strconv.Itoa(i)
}

// splitLong cuts text into pieces of at most max bytes, at sentence ends
// where it can, else after any punctuation or space, else at a rune boundary.
// A keyword that spans a cut is not found, which is why cuts prefer places no
// ordinary keyword crosses.
func splitLong(text string, max int) []string {
	var parts []string
	for len(text) > max {
		cut := lastCut(text[:max], isSentenceEnd)
		if cut <= 0 {
			cut = lastCut(text[:max], isSeparator)
		}
		if cut <= 0 {
			cut = max
			for !utf8.RuneStart(text[cut]) {
				cut--
			}
		}
		parts = append(parts, text[:cut])
		text = text[cut:]
	}
	return append(parts, text)
}

// lastCut returns the byte offset just after the last rune of s for which
// ok is true, or 0.
func lastCut(s string, ok func(rune) bool) int {
	for i := len(s); i > 0; {
		r, size := utf8.DecodeLastRuneInString(s[:i])
		if ok(r) {
			return i
		}
		i -= size
	}
	return 0
}

func isSentenceEnd(r rune) bool { return strings.ContainsRune("。！？；!?;", r) }

func isSeparator(r rune) bool {
	f := segment.Fold(r)
	return !segment.IsHan(f) && !(f < 0x80 && (f >= 'a' && f <= 'z' || f >= '0' && f <= '9'))
}

// mergePersistWait bounds the wait for scorch to persist a merged index.
const mergePersistWait = 2 * time.Minute

// mergeSegments merges every segment of a generation into one, and waits
// until scorch has persisted the merged snapshot.
func mergeSegments(ctx context.Context, b bleve.Index) error {
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
		// reports it asynchronously); the segment count above tells.
		if err := s.ForceMerge(ctx, &opts); err != nil {
			return err
		}
		if err := ctx.Err(); err != nil {
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
		if time.Now().After(deadline) {
			return fmt.Errorf("the merged index was not persisted within %v", mergePersistWait)
		}
		time.Sleep(5 * time.Millisecond)
	}
	return nil
}
