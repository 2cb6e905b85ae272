package extract

import (
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// corpusFiles returns the text files under the shared corpus (nil when it
// is not here) and those of testdata.
func corpusFiles(t *testing.T, sub string) (shared, local []string) {
	t.Helper()
	root := filepath.Join(sharedCorpus, sub)
	if _, err := os.Stat(root); err == nil {
		filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && (strings.HasSuffix(path, ".txt") || strings.HasSuffix(path, ".md")) {
				shared = append(shared, path)
			}
			return nil
		})
	}
	for _, s := range samples() {
		local = append(local, filepath.Join("testdata", s.file))
	}
	return shared, local
}

// parseFile parses a corpus file under the name it has in the corpus.
func parseFile(t *testing.T, path string) (*Document, string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	text, _, err := Decode(data)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	name := strings.TrimPrefix(filepath.ToSlash(path), sharedCorpus+"/")
	for _, s := range samples() {
		if filepath.Join("testdata", s.file) == path {
			name = s.name
		}
	}
	return ParseText(name, text), text
}

// A miss is a line of a document found in no paragraph although it is not
// chrome.
type miss struct {
	file string
	line int
	text string
}

// lineRecall checks every line of a text against the paragraphs parsed from
// it: the line (trimmed, a Markdown heading without its markers) must be
// within the paragraph that covers it, or be chrome. It returns the number
// of lines that are not chrome, those found, and the chrome lines by reason.
func lineRecall(file, text string, doc *Document, chrome map[string]int) (lines, found int, misses []miss) {
	raw := splitLines(text)
	byLine := map[int]*Paragraph{}
	for i := range doc.Paragraphs {
		p := &doc.Paragraphs[i]
		for l := p.Line; l <= p.EndLine; l++ {
			byLine[l] = p
		}
	}
	// Navigation may come before the text proper: before the first
	// heading or body paragraph.
	first, last := 1<<31, 0
	for _, p := range doc.Paragraphs {
		if p.Kind == KindBody || p.Kind == KindHeading {
			first = min(first, p.Line)
		}
		last = p.EndLine
	}
	footer := false
	for i, pc := range raw {
		t := pc.text
		if _, h, ok := markdownHeading(t); ok {
			t = h
		}
		if p := byLine[pc.line]; p != nil && t != "" && strings.Contains(p.Text, t) {
			lines++
			found++
			continue
		}
		reason := chromeReason(raw, i, first, last, footer)
		if reason == "footer" {
			footer = true
		}
		if reason != "" {
			chrome[reason]++
			continue
		}
		lines++
		misses = append(misses, miss{file, pc.line, t})
	}
	return lines, found, misses
}

// chromeReason says why line i of a text, which no paragraph holds, is
// web-page chrome, or returns "" when it is not. It judges by the kinds of
// chrome the package documents: markup, buttons and their groups,
// promotions, page counters, navigation before the text and everything
// from a footer marker after it.
func chromeReason(raw []piece, i, first, last int, footer bool) string {
	t := raw[i].text
	switch {
	case footer || raw[i].line > last && isFooterMarker(t):
		return "footer"
	case strings.HasPrefix(t, "<!--"), isMarkup(t), strings.Trim(t, "#") == "":
		return "markup"
	case isButton(t), isPromo(t), isBreadcrumbArrow(t):
		return "button"
	case raw[i].line > last:
		return "" // the text ends with no footer marker: nothing more may be cut
	case isFooterMarker(t) && raw[i].line < first:
		return "footer marker before the text"
	}
	if _, ok := fontSizeGroup(t); ok {
		return "button"
	}
	if kind, _, ok := labelLine(t); ok && kind == labelDropped {
		return "page counter"
	}
	for j := i - 1; j >= 0 && j >= i-8; j-- { // a member of a 【字号：大 中 小】 group
		if _, ok := fontSizeGroup(raw[j].text); ok {
			return "button"
		}
		if !runesAtMost(raw[j].text, 4) {
			break
		}
	}
	if i > 0 {
		if kind, _, ok := labelLine(raw[i-1].text); ok && kind == labelDropped && runesAtMost(t, 20) {
			return "page counter"
		}
	}
	if raw[i].line < first && runesAtMost(t, 40) {
		return "navigation"
	}
	return ""
}

// TestLineRecall checks that every line of every document that is not
// chrome can be found, as a substring, in the paragraph that covers it:
// metadata lines included. It runs on testdata and, when it is here, on the
// shared corpus; -v prints the figure and the chrome dropped by reason.
func TestLineRecall(t *testing.T) {
	skipUnderRace(t)
	shared, local := corpusFiles(t, "")
	if shared == nil {
		t.Logf("%s is not here: testdata only", sharedCorpus)
	}
	if testing.Short() {
		shared = nil
	}
	chrome := map[string]int{}
	lines, found := 0, 0
	var misses []miss
	for _, f := range append(local, shared...) {
		doc, text := parseFile(t, f)
		l, n, m := lineRecall(f, text, doc, chrome)
		lines, found = lines+l, found+n
		misses = append(misses, m...)
	}
	for i, m := range misses {
		if i == 20 {
			t.Errorf("… and %d more", len(misses)-i)
			break
		}
		t.Errorf("%s:%d: not in any paragraph: %q", m.file, m.line, m.text)
	}
	reasons := make([]string, 0, len(chrome))
	for r, n := range chrome {
		reasons = append(reasons, r+"="+itoa(n))
	}
	sort.Strings(reasons)
	t.Logf("line recall %.4f: %d of %d lines that are not chrome, in %d files; chrome dropped: %s",
		float64(found)/float64(max(lines, 1)), found, lines, len(local)+len(shared), strings.Join(reasons, " "))
}

func itoa(n int) string {
	var b [20]byte
	i := len(b)
	for {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
		if n == 0 {
			return string(b[i:])
		}
	}
}

// openAtEnd reports which brackets s leaves open at its end: 《, “ or （.
func openAtEnd(s string) (book, quote, paren bool) {
	var b brackets
	b.scan(s)
	return b.book > 0, b.quote > 0, b.paren > 0
}

// TestBrokenLines counts the lines of the reports that end inside an open
// 《, “ or （, before extraction (source lines) and after (paragraphs). A
// paragraph may not end inside a 《…》: book titles never span paragraphs.
// (A “ may: a quotation of several paragraphs opens each and closes the
// last.)
func TestBrokenLines(t *testing.T) {
	shared, local := corpusFiles(t, "reports")
	if shared == nil {
		t.Logf("%s is not here: testdata only", sharedCorpus)
	}
	// The figures are those of the shared corpus when it is here (testdata
	// holds copies of some of its files), else of testdata.
	measured := map[string]bool{}
	for _, f := range shared {
		measured[f] = true
	}
	if shared == nil {
		for _, f := range local {
			measured[f] = true
		}
	}
	var before, after [3]int
	filesBefore, filesAfter := 0, 0
	for _, f := range append(local, shared...) {
		doc, text := parseFile(t, f)
		if !measured[f] {
			for _, p := range doc.Paragraphs {
				if b, _, _ := openAtEnd(p.Text); b {
					t.Errorf("%s:%d: ¶%d ends inside 《: %q", f, p.Line, p.N, cut(p.Text, 60))
				}
			}
			continue
		}
		broke := false
		for _, pc := range splitLines(text) {
			b, q, p := openAtEnd(pc.text)
			for i, open := range []bool{b, q, p} {
				if open {
					before[i]++
				}
			}
			broke = broke || b
		}
		if broke {
			filesBefore++
		}
		broke = false
		for _, p := range doc.Paragraphs {
			b, q, pa := openAtEnd(p.Text)
			for i, open := range []bool{b, q, pa} {
				if open {
					after[i]++
				}
			}
			if b {
				broke = true
				t.Errorf("%s:%d: ¶%d ends inside 《: %q", f, p.Line, p.N, cut(p.Text, 60))
			}
		}
		if broke {
			filesAfter++
		}
	}
	t.Logf("lines ending inside an open 《/“/（ in %d report files: before %d/%d/%d (《 in %d files), after %d/%d/%d (《 in %d files)",
		len(measured), before[0], before[1], before[2], filesBefore, after[0], after[1], after[2], filesAfter)
}
