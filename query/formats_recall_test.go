package query_test

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"html"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"unicode"

	xhtml "golang.org/x/net/html"

	"github.com/zhsearch/zhsearch/index"
	"github.com/zhsearch/zhsearch/index/extract"
	"github.com/zhsearch/zhsearch/query"
)

// formatsCorpus holds real web pages, DOCX, PDF, OFD, DOC and WPS files.
const formatsCorpus = "../../shared/corpus/formats"

// Files in formatsCorpus that must be reported unreadable, not indexed: their
// fonts map text to the wrong characters.
var unreadableFiles = map[string]bool{
	"pdf/GBT39677-2020.pdf": true,
	"pdf/XiaoBiaoSong.pdf":  true,
}

// TestFormatsRecall indexes every file of the formats corpus and, for each
// file indexed, searches for 20 random clauses of its text — taken from the
// file as its format shows it (the page's text element, the DOCX's <w:t>
// runs, pdftotext's output, the OFD's TextCode elements, antiword's output),
// not from what zhsearch extracted — as exact phrases, each of which must
// be found in that file with a highlight on exactly the clause.
func TestFormatsRecall(t *testing.T) {
	skipUnderRace(t)
	if _, err := os.Stat(formatsCorpus); err != nil {
		t.Skip("../shared/corpus/formats is not here")
	}
	dir := t.TempDir()
	rep, err := index.Update(context.Background(), dir, testSeg, []string{formatsCorpus}, index.UpdateOptions{RelativeTo: formatsCorpus})
	if err != nil {
		t.Fatal(err)
	}
	ix, err := index.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()

	skipped := map[string]error{}
	for _, s := range rep.Skipped {
		skipped[filepath.ToSlash(s.Path)] = s.Err
	}
	files, _ := filepath.Glob(filepath.Join(formatsCorpus, "*", "*"))
	r := rand.New(rand.NewPCG(*seed, 10))
	for _, file := range files {
		rel, _ := filepath.Rel(formatsCorpus, file)
		rel = filepath.ToSlash(rel)
		if strings.HasSuffix(rel, ".tsv") || !strings.Contains(rel, "/") {
			continue
		}
		t.Run(rel, func(t *testing.T) {
			err := skipped[rel]
			var te *extract.ToolError
			switch {
			case errors.As(err, &te):
				t.Skipf("skipped: %v", err)
			case unreadableFiles[rel]:
				if !errors.Is(err, extract.ErrUnreadable) {
					t.Fatalf("indexed or skipped for another reason (%v); want it reported unreadable", err)
				}
				return
			case err != nil:
				t.Fatalf("skipped: %v", err)
			}
			clauses := sourceClauses(t, file)
			if len(clauses) == 0 {
				t.Skip("no clause of 6 Han characters or more on one line of the source")
			}
			r.Shuffle(len(clauses), func(i, j int) { clauses[i], clauses[j] = clauses[j], clauses[i] })
			for _, c := range clauses[:min(20, len(clauses))] {
				res, err := query.Search(context.Background(), ix, `"`+c+`"`, query.Options{Docs: []string{rel}})
				if err != nil {
					t.Fatalf("search %q: %v", c, err)
				}
				if !highlighted(res, c) {
					t.Errorf("%q: not found with an exact highlight (%d hits)", c, len(res.Hits))
				}
			}
		})
	}
}

// highlighted reports whether a hit marks exactly clause (white space
// aside: the page may have laid it out over two lines).
func highlighted(res *query.Result, clause string) bool {
	for _, h := range res.Hits {
		for _, m := range h.Matches {
			if dropSpace(h.Text[m.Start:m.End]) == clause {
				return true
			}
		}
	}
	return false
}

func dropSpace(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

// sourceClauses returns the clauses of a file's text, as its format shows
// it, that are 6 to 30 Han characters and digits between punctuation or
// spaces (starting and ending with Han characters), within one line of the source (a paragraph of a page or DOCX, a
// line of a PDF or OFD page).
func sourceClauses(t *testing.T, file string) []string {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var blocks []string // text in which clauses are sought; a clause never spans two
	switch strings.ToLower(filepath.Ext(file)) {
	case ".html":
		blocks = htmlSource(t, data)
	case ".docx":
		blocks = zipText(t, data, regexp.MustCompile(`^word/document\.xml$`), `(?s)<w:p[ >].*?</w:p>`, `(?s)<w:t(?: [^>]*)?>(.*?)</w:t>`)
	case ".ofd":
		blocks = zipText(t, data, regexp.MustCompile(`(?i)(Content|DocumentRes)\.xml$`), `(?s)<ofd:TextObject[ >].*?</ofd:TextObject>`, `(?s)<ofd:TextCode[^>]*>(.*?)</ofd:TextCode>`)
	case ".pdf":
		out, err := exec.Command("pdftotext", "-enc", "UTF-8", file, "-").Output()
		if err != nil {
			t.Fatal(err)
		}
		blocks = strings.Split(string(out), "\n")
	case ".doc", ".wps":
		out, err := exec.Command("antiword", "-m", "UTF-8.txt", "-w", "0", file).Output()
		if err != nil {
			out, err = exec.Command("catdoc", "-w", "-d", "utf-8", file).Output()
		}
		if err != nil {
			t.Fatal(err)
		}
		blocks = strings.Split(string(out), "\n")
	default:
		t.Fatalf("no source text for %s", file)
	}
	seen := map[string]bool{}
	var clauses []string
	isText := func(r rune) bool { return unicode.Is(unicode.Han, r) || r >= '0' && r <= '9' }
	for _, b := range blocks {
		for _, c := range strings.FieldsFunc(b, func(r rune) bool { return !isText(r) }) {
			// Digits at the ends may be part of a number the clause cuts
			// ("1.1万" gives "1万"), which is not a word of the text.
			c = strings.TrimFunc(c, unicode.IsDigit)
			if n := len([]rune(c)); n >= 6 && n <= 30 && !seen[c] {
				seen[c] = true
				clauses = append(clauses, c)
			}
		}
	}
	sort.Strings(clauses)
	return clauses
}

// htmlSource returns the text nodes of the element a corpus page keeps its
// text in (by SOURCES.tsv).
// isShareWidget reports whether an element is a "share this" control
// inside a page's text element (人民网's 分享让更多人看到): a button's label,
// which the extractor rightly drops, not the text.
func isShareWidget(n *xhtml.Node) bool {
	for _, a := range n.Attr {
		if a.Key == "class" && strings.Contains(a.Val, "share") {
			return true
		}
	}
	return false
}

func htmlSource(t *testing.T, data []byte) []string {
	root, err := xhtml.Parse(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	isText := func(n *xhtml.Node) bool {
		for _, a := range n.Attr {
			if a.Key == "id" && (a.Val == "UCAP-CONTENT" || a.Val == "zoom") ||
				a.Key == "class" && (a.Val == "zoom" || a.Val == "rm_txt_con cf") {
				return true
			}
		}
		return false
	}
	var blocks []string
	var walk func(n *xhtml.Node, in bool)
	walk = func(n *xhtml.Node, in bool) {
		if n.Type == xhtml.ElementNode && (n.Data == "script" || n.Data == "style" || isShareWidget(n)) {
			return
		}
		in = in || n.Type == xhtml.ElementNode && isText(n)
		if in && n.Type == xhtml.TextNode {
			blocks = append(blocks, n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, in)
		}
	}
	walk(root, false)
	if len(blocks) == 0 {
		t.Fatal("no text element found")
	}
	return blocks
}

// zipText returns, for each member whose name matches, the text of each
// block the block pattern finds, its runs found by the run pattern.
func zipText(t *testing.T, data []byte, members *regexp.Regexp, block, run string) []string {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	blockRE, runRE := regexp.MustCompile(block), regexp.MustCompile(run)
	del := regexp.MustCompile(`(?s)<w:del [^>]*>.*?</w:del>`)
	var out []string
	for _, f := range zr.File {
		if !members.MatchString(f.Name) {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		xml, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		x := del.ReplaceAllString(string(xml), "")
		for _, b := range blockRE.FindAllString(x, -1) {
			var sb strings.Builder
			for _, m := range runRE.FindAllStringSubmatch(b, -1) {
				sb.WriteString(html.UnescapeString(m[1]))
			}
			out = append(out, sb.String())
		}
	}
	return out
}
