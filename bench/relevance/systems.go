package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"

	"github.com/zhsearch/zhsearch/bench/cjkindex"
	"github.com/zhsearch/zhsearch/index"
	"github.com/zhsearch/zhsearch/query"
	"github.com/zhsearch/zhsearch/segment"
)

// depth is how many hits of each system are judged: the top 10.
const depth = 10

// systems are the two search engines under comparison, over one corpus.
type systems struct {
	c   *corpus
	zh  *index.Index
	cjk bleve.Index
}

func (s *systems) Close() error {
	err := s.zh.Close()
	if cerr := s.cjk.Close(); err == nil {
		err = cerr
	}
	return err
}

// zhsearch returns zhsearch's top hits for q as corpus paragraph indexes.
func (s *systems) zhsearch(ctx context.Context, q string) ([]int, error) {
	res, err := query.Search(ctx, s.zh, q, query.Options{Limit: depth})
	if err != nil {
		return nil, err
	}
	var ranked []int
	for _, h := range res.Hits {
		i, err := s.c.paragraph(h.Doc, h.Paragraph)
		if err != nil {
			return nil, fmt.Errorf("zhsearch: %w", err)
		}
		// The parts of an overlong paragraph are one paragraph here.
		if !contains(ranked, i) {
			ranked = append(ranked, i)
		}
	}
	return ranked, nil
}

// baseline returns the cjk baseline's top hits for q.
func (s *systems) baseline(q string) ([]int, error) {
	res, err := s.cjk.Search(cjkindex.Request(q, depth))
	if err != nil {
		return nil, err
	}
	ranked := make([]int, 0, len(res.Hits))
	for _, h := range res.Hits {
		i, ok := s.c.byID[h.ID]
		if !ok {
			return nil, fmt.Errorf("baseline: paragraph %s is not in the corpus", h.ID)
		}
		ranked = append(ranked, i)
	}
	return ranked, nil
}

func contains(s []int, x int) bool {
	for _, v := range s {
		if v == x {
			return true
		}
	}
	return false
}

// openSystems opens both indexes of c, building them first unless the cache
// holds them already for this corpus and this code. cache is the cache
// folder, or "" to build into a temporary folder removed by the returned
// cleanup. repo is the module root whose source decides what is current,
// or "" when unknown, which turns the cache off.
func openSystems(ctx context.Context, c *corpus, seg *segment.Segmenter, cache, repo string, log io.Writer) (s *systems, cleanup func(), err error) {
	cleanup = func() {}
	if repo == "" {
		cache = ""
	}
	if cache == "" {
		tmp, err := os.MkdirTemp("", "zhsearch-relevance")
		if err != nil {
			return nil, cleanup, err
		}
		cleanup = func() { os.RemoveAll(tmp) }
		cache = tmp
	} else if err := os.MkdirAll(cache, 0o755); err != nil {
		return nil, cleanup, fmt.Errorf("cache: %w", err)
	}
	corpusSum, err := c.fingerprint()
	if err != nil {
		return nil, cleanup, err
	}
	zhKey, cjkKey := corpusSum, corpusSum
	if repo != "" {
		if zhKey, err = sourceSum(repo, corpusSum, "index", "segment", "go.sum"); err != nil {
			return nil, cleanup, err
		}
		if cjkKey, err = sourceSum(repo, corpusSum, "bench/cjkindex", "index/extract", "go.sum"); err != nil {
			return nil, cleanup, err
		}
	}

	// The two builds run side by side, each saying what it does on log.
	log = &lockedWriter{w: log}
	type built struct {
		dir string
		err error
	}
	cjkDone := make(chan built, 1)
	go func() {
		dir, err := cached(cache, "cjk-"+cjkKey, log, func(dir string) error { return c.buildBaseline(dir) })
		cjkDone <- built{dir, err}
	}()
	zhDir, zhErr := cached(cache, "zh-"+zhKey, log, func(dir string) error {
		_, err := index.Update(ctx, dir, seg, c.paths(), index.UpdateOptions{Strict: true, RelativeTo: c.root})
		return err
	})
	cjk := <-cjkDone
	if zhErr != nil {
		return nil, cleanup, fmt.Errorf("building the zhsearch index: %w", zhErr)
	}
	if cjk.err != nil {
		return nil, cleanup, fmt.Errorf("building the baseline index: %w", cjk.err)
	}
	s = &systems{c: c}
	if s.zh, err = index.Open(zhDir); err != nil {
		return nil, cleanup, err
	}
	if s.cjk, err = bleve.OpenUsing(cjk.dir, map[string]any{"read_only": true}); err != nil {
		s.zh.Close()
		return nil, cleanup, err
	}
	return s, cleanup, nil
}

// paths are the absolute paths of the corpus files.
func (c *corpus) paths() []string {
	paths := make([]string, len(c.files))
	for i, f := range c.files {
		paths[i] = filepath.Join(c.root, filepath.FromSlash(f))
	}
	return paths
}

// buildBaseline indexes the corpus paragraphs into a new baseline index.
func (c *corpus) buildBaseline(dir string) error {
	w, err := cjkindex.Create(dir)
	if err != nil {
		return err
	}
	for i := range c.paras {
		p := &c.paras[i]
		if err := w.Add(p.ID(), cjkindex.Paragraph{Doc: p.Doc, Title: p.Title, Section: c.section(i), N: p.N, Text: p.Text}); err != nil {
			w.Close()
			return err
		}
	}
	return w.Close()
}

// fingerprint sums the corpus files' names, sizes and modification times.
func (c *corpus) fingerprint() (string, error) {
	h := sha256.New()
	for _, f := range c.paths() {
		info, err := os.Stat(f)
		if err != nil {
			return "", err
		}
		fmt.Fprintf(h, "%s\x00%d\x00%d\n", f, info.Size(), info.ModTime().UnixNano())
	}
	return hex.EncodeToString(h.Sum(nil)[:8]), nil
}

// sourceSum sums seed and the files under the given paths of repo (Go
// source other than tests, and data such as dictionaries; not testdata):
// what an index built by that code depends on.
func sourceSum(repo, seed string, paths ...string) (string, error) {
	h := sha256.New()
	io.WriteString(h, seed)
	for _, p := range paths {
		err := filepath.WalkDir(filepath.Join(repo, p), func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() {
				if d.Name() == "testdata" {
					return fs.SkipDir
				}
				return nil
			}
			if strings.HasSuffix(path, "_test.go") {
				return nil
			}
			data, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(repo, path)
			fmt.Fprintf(h, "%s\x00%d\x00", filepath.ToSlash(rel), len(data))
			h.Write(data)
			return nil
		})
		if err != nil {
			return "", fmt.Errorf("summing the source: %w", err)
		}
	}
	return hex.EncodeToString(h.Sum(nil)[:8]), nil
}

// keepCached is how many indexes of each system the cache keeps, the most
// recently used: enough for a few branches measured in turn.
const keepCached = 4

// cached returns the folder cache/name, building it with build first when
// it is not there. A build goes into a temporary folder renamed into place
// when it is complete, so an interrupted or concurrent run never leaves or
// uses a half-built index.
func cached(cache, name string, log io.Writer, build func(dir string) error) (string, error) {
	dir := filepath.Join(cache, name)
	if _, err := os.Stat(dir); err == nil {
		now := time.Now()
		os.Chtimes(dir, now, now)
		fmt.Fprintf(log, "using the cached index %s\n", dir)
		return dir, nil
	}
	tmp, err := os.MkdirTemp(cache, name+".tmp-")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(tmp)
	start := time.Now()
	if err := build(filepath.Join(tmp, "index")); err != nil {
		return "", err
	}
	if err := os.Rename(filepath.Join(tmp, "index"), dir); err != nil {
		if _, serr := os.Stat(dir); serr != nil {
			return "", err
		}
		// Another run built it meanwhile; use theirs.
	}
	fmt.Fprintf(log, "built %s in %.1f s\n", dir, time.Since(start).Seconds())
	prune(cache, strings.SplitN(name, "-", 2)[0]+"-")
	return dir, nil
}

// prune removes all but the keepCached most recently used indexes whose
// names start with prefix, and temporary folders of builds that died.
func prune(cache, prefix string) {
	entries, err := os.ReadDir(cache)
	if err != nil {
		return
	}
	type aged struct {
		path string
		used time.Time
	}
	var done []aged
	for _, e := range entries {
		if !e.IsDir() || !strings.HasPrefix(e.Name(), prefix) {
			continue
		}
		info, err := e.Info()
		if err != nil {
			continue
		}
		p := filepath.Join(cache, e.Name())
		if strings.Contains(e.Name(), ".tmp-") {
			if time.Since(info.ModTime()) > 24*time.Hour {
				os.RemoveAll(p)
			}
			continue
		}
		done = append(done, aged{p, info.ModTime()})
	}
	sort.Slice(done, func(i, j int) bool { return done[i].used.After(done[j].used) })
	for _, d := range done[min(len(done), keepCached):] {
		os.RemoveAll(d.path)
	}
}

// moduleRoot returns the folder of the go.mod at or above dir, or "".
func moduleRoot(dir string) string {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return ""
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// A lockedWriter lets goroutines share a writer.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}
