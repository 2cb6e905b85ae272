package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/zhsearch/zhsearch"
	"github.com/zhsearch/zhsearch/index"
	"github.com/zhsearch/zhsearch/segment"
)

// openBuiltin opens the index of the built-in corpus, building it into the
// user cache directory (cacheDir) on first use. Its directory is named by a
// hash of everything it is built from, so a new zhsearch with other
// dictionaries or another index format builds its own.
func openBuiltin(ctx context.Context, cacheDir string) (*index.Index, error) {
	corpus := zhsearch.BuiltinCorpus()
	segID, err := segment.Identity(segment.Options{})
	if err != nil {
		return nil, err
	}
	h := sha256.New()
	h.Write([]byte(strconv.Itoa(index.FormatVersion) + "\x00" + segID + "\x00"))
	err = fs.WalkDir(corpus, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(corpus, path)
		h.Write([]byte(path + "\x00"))
		h.Write(data)
		return err
	})
	if err != nil {
		return nil, err
	}
	dir := filepath.Join(cacheDir, "zhsearch", "builtin-"+hex.EncodeToString(h.Sum(nil))[:16])
	ix, err := index.Open(filepath.Join(dir, "index"))
	if err == nil {
		return ix, nil
	}
	if !errors.Is(err, index.ErrNotExist) && !errors.Is(err, index.ErrDamaged) && !errors.Is(err, index.ErrNeedsRebuild) {
		return nil, err
	}
	if err := buildBuiltin(ctx, corpus, dir); err != nil {
		return nil, fmt.Errorf("building the built-in index in %s: %w", dir, err)
	}
	return index.Open(filepath.Join(dir, "index"))
}

func buildBuiltin(ctx context.Context, corpus fs.FS, dir string) error {
	files := filepath.Join(dir, "corpus")
	if err := os.MkdirAll(files, 0o755); err != nil {
		return err
	}
	if err := os.CopyFS(files, corpus); err != nil && !errors.Is(err, fs.ErrExist) {
		return err
	}
	seg, err := segment.New(segment.Options{})
	if err != nil {
		return err
	}
	// Two first searches at once: the second waits for the first's build.
	_, err = index.Update(ctx, filepath.Join(dir, "index"), seg, []string{files}, index.UpdateOptions{
		LockWait:   2 * time.Minute,
		RelativeTo: files,
	})
	return err
}
