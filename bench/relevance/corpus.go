package main

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"github.com/zhsearch/zhsearch/index/extract"
	"github.com/zhsearch/zhsearch/segment"
)

// defaultLaws is how many laws the corpus takes, every k-th of the sorted
// list: the figure the relevance issue's targets are set on.
const defaultLaws = 300

// A paragraph of the corpus, as package extract cuts it and as both
// systems index it.
type paragraph struct {
	Doc     string // path relative to the corpus root, slash-separated
	Title   string // the document's title
	Section []string
	N       int // paragraph number in the document, from 1
	Kind    extract.Kind
	Text    string
	same    string // the text folded and without spaces: paragraphs with equal same count as one
}

// ID names the paragraph within the corpus: "laws/行政法规/x.md#12".
func (p *paragraph) ID() string { return p.Doc + "#" + strconv.Itoa(p.N) }

// Key is the paragraph's key in the judged files: its ID and a short hash of
// its text, so a grade is never applied to a paragraph whose text changed.
func (p *paragraph) Key() string { return p.ID() + "#" + textHash(p.Text) }

func textHash(text string) string {
	sum := sha256.Sum256([]byte(text))
	return hex.EncodeToString(sum[:4])
}

// A corpus is the fixed set of files both systems index: every report and
// some laws, with their paragraphs.
type corpus struct {
	root  string   // absolute
	files []string // relative to root, slash-separated, sorted
	laws  int      // how many of files are laws
	paras []paragraph
	byID  map[string]int // paragraph ID -> index in paras
}

// errNoCorpus means the shared corpus is not there; the harness then skips.
var errNoCorpus = errors.New("corpus not found")

// selectFiles lists the corpus files under root: every .md and .txt file
// under reports/, and n of those under laws/, taken at even steps through
// their sorted list so that every law folder is represented in proportion to
// its size.
func selectFiles(root string, n int) ([]string, error) {
	for _, sub := range []string{"reports", "laws"} {
		if info, err := os.Stat(filepath.Join(root, sub)); err != nil || !info.IsDir() {
			return nil, fmt.Errorf("%s: no folder %s: %w", root, sub, errNoCorpus)
		}
	}
	reports, err := documentFiles(root, "reports")
	if err != nil {
		return nil, err
	}
	laws, err := documentFiles(root, "laws")
	if err != nil {
		return nil, err
	}
	if len(laws) < n {
		return nil, fmt.Errorf("%s: %d laws, want at least %d", filepath.Join(root, "laws"), len(laws), n)
	}
	files := reports
	for i := range n {
		files = append(files, laws[i*len(laws)/n])
	}
	sort.Strings(files)
	return files, nil
}

// documentFiles lists the .md and .txt files under root/sub, relative to
// root, sorted.
func documentFiles(root, sub string) ([]string, error) {
	var files []string
	err := filepath.WalkDir(filepath.Join(root, sub), func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if ext := filepath.Ext(p); d.Type().IsRegular() && (ext == ".md" || ext == ".txt") {
			rel, err := filepath.Rel(root, p)
			if err != nil {
				return err
			}
			files = append(files, filepath.ToSlash(rel))
		}
		return nil
	})
	sort.Strings(files)
	return files, err
}

// loadCorpus reads and parses the corpus under root, with laws laws.
func loadCorpus(root string, laws int) (*corpus, error) {
	abs, err := filepath.Abs(root)
	if err != nil {
		return nil, err
	}
	files, err := selectFiles(abs, laws)
	if err != nil {
		return nil, err
	}
	c := &corpus{root: abs, files: files, laws: laws, byID: map[string]int{}}
	for _, f := range files {
		data, err := os.ReadFile(filepath.Join(abs, filepath.FromSlash(f)))
		if err != nil {
			return nil, err
		}
		doc, err := extract.Parse(path.Base(f), data)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f, err)
		}
		for _, p := range doc.Paragraphs {
			c.byID[f+"#"+strconv.Itoa(p.N)] = len(c.paras)
			c.paras = append(c.paras, paragraph{
				Doc: f, Title: doc.Title, Section: p.Section, N: p.N, Kind: p.Kind, Text: p.Text,
				same: sameText(p.Text),
			})
		}
	}
	return c, nil
}

// sameText is the form in which two paragraphs count as one: folded as
// zhsearch folds (full-width, case, traditional characters), without white
// space.
func sameText(text string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, segment.FoldString(text))
}

// paragraph returns the index of the paragraph with this document path
// (relative to the corpus root, in the OS's form or slash-separated) and
// number.
func (c *corpus) paragraph(doc string, n int) (int, error) {
	id := filepath.ToSlash(doc) + "#" + strconv.Itoa(n)
	i, ok := c.byID[id]
	if !ok {
		return 0, fmt.Errorf("paragraph %s is not in the corpus", id)
	}
	return i, nil
}

// section is the heading path of paragraph i, for people to read.
func (c *corpus) section(i int) string { return strings.Join(c.paras[i].Section, " › ") }
