package index

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"
)

// lockGeneration takes a shared lock on the reader lock of the generation
// in genDir. It returns errGenGone when a writer has retired the generation.
func lockGeneration(genDir string) (*os.File, error) {
	f, err := openLockFile(filepath.Join(genDir, readersFile))
	if errors.Is(err, fs.ErrNotExist) || errors.Is(err, errDeletePending) {
		return nil, errGenGone
	} else if err != nil {
		return nil, err
	}
	if err := lockShared(f); err != nil {
		f.Close()
		return nil, err
	}
	// A writer removes READERS, holding it exclusively, before the rest:
	// if it was removed while we waited for the lock, the generation is
	// going.
	if gone, err := unlinked(f); err != nil || gone {
		f.Close()
		if err != nil {
			return nil, err
		}
		return nil, errGenGone
	}
	return f, nil
}

// retireGeneration removes a generation that is not live, unless a reader
// holds it open: then it is left for a later writer. It reports whether
// the generation is gone.
func retireGeneration(dir, gen string) bool {
	genDir := filepath.Join(dir, gen)
	f, err := openLockFile(filepath.Join(genDir, readersFile))
	if err != nil {
		// No reader lock: a generation that never went live (a writer
		// died while writing it) or one half removed. No reader opens it.
		return os.RemoveAll(genDir) == nil
	}
	if ok, err := tryLockExclusive(f); !ok || err != nil {
		f.Close()
		return false
	}
	err = os.Remove(f.Name())
	// Closed before the rest goes: Windows keeps a removed file, and so
	// its folder, until its last handle closes. A reader that opened
	// READERS before it was removed finds it unlinked once it has the lock.
	f.Close()
	if err != nil {
		return false
	}
	// On Windows, files still open elsewhere cannot be removed (a segment
	// hard-linked into a newer generation that a reader has mapped): what
	// is left goes at a later update, as a generation without READERS.
	return os.RemoveAll(genDir) == nil
}

// current is what CURRENT says: the live generation and the checksum of
// its build record.
type current struct {
	gen     string
	metaSum uint32
	hasSum  bool   // false in indexes of earlier formats
	line    string // the whole line, which changes with every swap
}

// readCurrent reads which generation of the index in dir is live.
func readCurrent(dir string) (current, error) {
	path := filepath.Join(dir, currentFile)
	raw, err := readSmallFile(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			if st, serr := os.Stat(dir); serr != nil {
				return current{}, fmt.Errorf("%s: %w", dir, ErrNotExist)
			} else if !st.IsDir() {
				return current{}, fmt.Errorf("%s: is a file: %w", dir, ErrNotIndex)
			}
			entries, _ := os.ReadDir(dir)
			if len(entries) == 0 || onlyOurs(entries) {
				return current{}, fmt.Errorf("%s: %w", dir, ErrNotExist)
			}
			return current{}, fmt.Errorf("%s: no %s file: %w", dir, currentFile, ErrNotIndex)
		}
		return current{}, fmt.Errorf("%s: %w", dir, err)
	}
	line := strings.TrimSpace(string(raw))
	gen, sum, hasSum := strings.Cut(line, " ")
	cur := current{gen: gen, line: line, hasSum: hasSum}
	if hasSum {
		n, err := strconv.ParseUint(sum, 16, 32)
		if err != nil || len(sum) != 8 {
			return current{}, damaged(path, fmt.Sprintf("it holds %q", line))
		}
		cur.metaSum = uint32(n)
	}
	if !validGen(gen) {
		return current{}, damaged(path, fmt.Sprintf("it holds %q", line))
	}
	return cur, nil
}

// onlyOurs reports whether a directory holds nothing but what a writer that
// never finished its first build leaves: the lock and generations.
func onlyOurs(entries []fs.DirEntry) bool {
	for _, e := range entries {
		if e.Name() != lockFile && e.Name() != timesFile && !validGen(e.Name()) && !strings.HasPrefix(e.Name(), currentFile+".") && !strings.HasPrefix(e.Name(), timesFile+".") {
			return false
		}
	}
	return true
}

func validGen(name string) bool {
	if !strings.HasPrefix(name, genPrefix) || len(name) != len(genPrefix)+6 {
		return false
	}
	_, err := strconv.Atoi(name[len(genPrefix):])
	return err == nil
}

func genName(n int) string { return fmt.Sprintf("%s%06d", genPrefix, n) }

// writeCurrent makes gen, whose build record has the checksum metaSum, the
// live generation, atomically.
func writeCurrent(dir, gen string, metaSum uint32) error {
	tmp, err := os.CreateTemp(dir, currentFile+".*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := fmt.Fprintf(tmp, "%s %08x\n", gen, metaSum); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := replaceFile(tmp.Name(), filepath.Join(dir, currentFile)); err != nil {
		return err
	}
	return syncPath(dir, true)
}

// writerLock is held by the one process that may write an index.
type writerLock struct{ f *os.File }

// lockWriter takes the index's writer lock, waiting up to wait for another
// writer to finish.
func lockWriter(ctx context.Context, dir string, wait time.Duration) (*writerLock, error) {
	f, err := os.OpenFile(filepath.Join(dir, lockFile), os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, err
	}
	deadline := time.Now().Add(wait)
	for {
		ok, err := tryLockExclusive(f)
		if ok {
			return &writerLock{f}, nil
		}
		if err != nil {
			f.Close()
			return nil, fmt.Errorf("locking %s: %w", dir, err)
		}
		if time.Now().After(deadline) {
			f.Close()
			return nil, fmt.Errorf("%s: %w", dir, ErrLocked)
		}
		select {
		case <-ctx.Done():
			f.Close()
			return nil, ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
	}
}

func (l *writerLock) unlock() error { return l.f.Close() }

// generations lists the generation directories in dir, oldest first.
func generations(dir string) []string {
	entries, _ := os.ReadDir(dir)
	var gens []string
	for _, e := range entries {
		if e.IsDir() && validGen(e.Name()) {
			gens = append(gens, e.Name())
		}
	}
	sort.Strings(gens)
	return gens
}

// cloneGeneration makes dst a copy of the bleve index in src that can be
// written without touching src: scorch's segment files are never changed
// once written, so they are hard-linked; everything else is copied.
func cloneGeneration(src, dst string) error {
	return filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, path)
		if err != nil {
			return err
		}
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		if d.Name() == readersFile || d.Name() == metaFile {
			return nil // the new generation gets its own
		}
		if strings.HasSuffix(path, ".zap") {
			if err := os.Link(path, target); err == nil {
				return nil
			}
		}
		return copyFile(path, target)
	})
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o644)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// syncTree fsyncs every file and directory under dir, so that a generation is
// on disk before CURRENT names it.
func syncTree(dir string) error {
	return filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		return syncPath(path, d.IsDir())
	})
}
