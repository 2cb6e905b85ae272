package query

import (
	"strings"
	"unicode/utf8"

	"github.com/zhsearch/zhsearch/segment"
)

// A Match is one occurrence of a keyword in a paragraph's text: byte offsets,
// Start inclusive and End exclusive.
type Match struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// pattern finds a keyword in text the way the index does: the folded keyword
// as a substring of the folded text, starting and ending on unit boundaries
// where the keyword starts or ends with a unit (so "gdp" is not found in
// "gdpr", nor "5" in "5.4").
type pattern struct {
	folded     string
	unitStart  bool // the keyword starts with a unit: so must the match
	unitEnd    bool // the keyword ends with a unit: so must the match
	searchable bool // the keyword holds at least one unit
}

func newPattern(keyword string) pattern {
	p := pattern{folded: segment.FoldString(keyword)}
	for range segment.Units(p.folded) {
		p.searchable = true
		break
	}
	if p.folded == "" {
		return p
	}
	first, _ := utf8.DecodeRuneInString(p.folded)
	last, _ := utf8.DecodeLastRuneInString(p.folded)
	p.unitStart = isUnitRune(first)
	p.unitEnd = isUnitRune(last)
	return p
}

func isUnitRune(r rune) bool {
	for range segment.Units(string(r)) {
		return true
	}
	return false
}

// foldedText is a paragraph's text prepared for matching.
type foldedText struct {
	text   string // the original text
	folded string
	orig   []int  // orig[i]: offset in the original text of folded byte i (at rune starts), and len(text) at len(folded); nil when folded is text
	starts []bool // starts[i]: a unit starts at folded byte i; nil until needed
	ends   []bool // ends[i]: a unit ends at folded byte i
}

func newFoldedText(text string) *foldedText {
	// Most paragraphs are simplified Chinese with nothing to fold: they
	// are their own folded text, with no offsets to map.
	same := true
	for _, r := range text {
		if segment.Ignorable(r) || segment.Fold(r) != r {
			same = false
			break
		}
	}
	if same {
		return &foldedText{text: text, folded: text}
	}
	var b strings.Builder
	b.Grow(len(text))
	orig := make([]int, 0, len(text)+1)
	for i, r := range text {
		if segment.Ignorable(r) {
			continue // as FoldString drops it from the keyword
		}
		f := segment.Fold(r)
		n := b.Len()
		b.WriteRune(f)
		for range b.Len() - n {
			orig = append(orig, i)
		}
	}
	orig = append(orig, len(text))
	return &foldedText{text: text, folded: b.String(), orig: orig}
}

// origAt returns the offset in the original text of folded byte i.
func (t *foldedText) origAt(i int) int {
	if t.orig == nil {
		return i
	}
	return t.orig[i]
}

// isStart reports whether a unit starts at folded byte i. A Han character
// is a unit of its own: only other text needs the units found, which
// most paragraphs, all Chinese, never ask for.
func (t *foldedText) isStart(i int) bool {
	if r, _ := utf8.DecodeRuneInString(t.folded[i:]); segment.IsHan(r) {
		return true
	}
	t.findUnits()
	return t.starts[i]
}

// isEnd reports whether a unit ends at folded byte i.
func (t *foldedText) isEnd(i int) bool {
	if r, _ := utf8.DecodeLastRuneInString(t.folded[:i]); segment.IsHan(r) {
		return true
	}
	t.findUnits()
	return t.ends[i]
}

func (t *foldedText) findUnits() {
	if t.starts != nil {
		return
	}
	t.starts = make([]bool, len(t.folded)+1)
	t.ends = make([]bool, len(t.folded)+1)
	for u := range segment.Units(t.folded) {
		t.starts[u.Start] = true
		t.ends[u.End] = true
	}
}

// find returns the non-overlapping occurrences of p in t, leftmost first, as
// offsets into the original text.
func (t *foldedText) find(p pattern) []Match {
	if p.folded == "" {
		return nil
	}
	var matches []Match
	for i := 0; i <= len(t.folded)-len(p.folded); {
		j := strings.Index(t.folded[i:], p.folded)
		if j < 0 {
			break
		}
		s, e := i+j, i+j+len(p.folded)
		if (!p.unitStart || t.isStart(s)) && (!p.unitEnd || t.isEnd(e)) {
			matches = append(matches, Match{Start: t.origAt(s), End: t.origAt(e)})
			i = e
			continue
		}
		_, size := utf8.DecodeRuneInString(t.folded[s:])
		i = s + size
	}
	return matches
}

// inFolded reports whether p occurs in text already folded: most texts do
// not hold the keyword at all, and those need no offsets.
func (p pattern) inFolded(folded string) bool {
	return strings.Contains(folded, p.folded) && newFoldedText(folded).contains(p)
}

// contains reports whether p occurs in t.
func (t *foldedText) contains(p pattern) bool { return len(t.find(p)) > 0 }
