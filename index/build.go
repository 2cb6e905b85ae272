package index

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"runtime"
	"time"

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

	// maxMerge bounds the parts merged into one segment of a fresh build;
	// maxMergeBytes when zero. Tests set it small.
	maxMerge int64
	// placeBuffer is the size of the buffers the place table is written
	// and finished through (see finishGeneration); placeBufferBytes when
	// zero. Tests set it small.
	placeBuffer int
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
	// Signatures is the part of the update's time spent on near-duplicate
	// signatures and pairs (see signatures.go): the workers' time divided
	// by their number, plus finding and verifying the pairs.
	Signatures time.Duration
	// Reprofiled is how many of the paragraphs the update kept it read and
	// cut again, to profile their rarest words by the new counts (see
	// [Rarity]): those whose profiles its changes may move, or every one
	// kept when the index was written by a version that did not say its
	// profiles were exact ([Meta.ExactProfiles]).
	Reprofiled int
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
//
// To keep its peak memory flat in the corpus's size, an update returns its
// garbage to the system twice ([runtime/debug.FreeOSMemory]): before the
// merge and before near-duplicates are looked for. Both collect the whole
// process's heap, a program's that embeds the package too.
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

	u := &updater{dir: dir, seg: seg, opts: opts, report: &Report{}, sigs: newSigner(), rare: newRarityCounter(), sums: newSumSpill()}
	err = u.run(ctx, paths)
	u.report.Signatures = u.sigs.time(opts.Workers)
	return u.report, err
}

type updater struct {
	dir    string
	seg    *segment.Segmenter
	opts   UpdateOptions
	report *Report
	sigs   *signer // near-duplicate signatures of what is indexed
	rare   *rarityCounter

	liveGen  string               // the generation CURRENT names, kept until the swap
	oldGen   string               // the generation the new one starts from; "" for a fresh build
	oldDocs  map[string]DocRecord // by absolute path
	oldFiles map[string]FileSum   // the files of oldGen, verified
	oldMeta  Meta                 // the build record of oldGen
	oldKeys  []string             // the document keys of oldGen, in title order
	// sums are the checksums of the stored fields of each document's
	// paragraphs and parts, and the rest of what the place table keeps of
	// them, kept as they are written so that no one reads the whole index
	// back to compute them. Those of the documents an update does not
	// re-read are read from the live generation's place table.
	sums *sumSpill
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

// readOld reads the document list of the live generation, opening it as a
// search does (the same checks, the same messages) with this build's
// segmenter, then checking every file of it whole: an update never builds on
// a damaged index, nor says that one is up to date.
func (u *updater) readOld() ([]DocRecord, error) {
	ix, err := OpenWith(u.dir, OpenOptions{Segmenter: u.seg.Identity()})
	if err != nil {
		return nil, err
	}
	defer ix.Close()
	if _, err := ix.Verify(); err != nil {
		return nil, err
	}
	docs, err := ix.Docs()
	if err != nil {
		return nil, err
	}
	u.oldKeys = make([]string, len(docs))
	for i, d := range docs {
		u.oldKeys[i] = d.Key
	}
	u.oldMeta = ix.meta
	u.oldFiles = ix.meta.Files
	return docs, nil
}
