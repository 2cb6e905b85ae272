package query

import (
	"slices"
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
	// hanStart and hanEnd: the keyword starts or ends with a Han unit. A
	// Han character is a unit wherever it stands, so a match needs no
	// boundary check there; only a word (letters, digits) does.
	hanStart, hanEnd bool
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
	p.hanStart = segment.IsHan(segment.Fold(first))
	p.hanEnd = segment.IsHan(segment.Fold(last))
	return p
}

func isUnitRune(r rune) bool {
	for range segment.Units(string(r)) {
		return true
	}
	return false
}

// foldedText is a paragraph's text prepared for matching. A hit's text can
// be thousands of bytes long and is folded for every search that returns
// it, so what is not always needed is made sparingly: offsets into the
// original text are kept only where folding shifts them (a full-width
// comma, an ignorable character), and unit boundaries are computed only
// when a keyword that starts or ends with a word asks.
type foldedText struct {
	text   string // the original text
	folded string
	// From folded byte shiftAt[k] on (up to the next), an offset in the
	// original text is shift[k] more than in the folded one; before
	// shiftAt[0], they are the same. Offsets are looked up at rune starts
	// and at the end.
	shiftAt, shift []int
	// starts[i]: a unit starts at folded byte i; ends[i]: one ends there.
	// Both are nil until needed.
	starts, ends []bool
}

func newFoldedText(text string) *foldedText {
	t := &foldedText{text: text}
	var b []byte // nil while the folded text is the text itself
	copied := 0  // text[:copied] is in b, folded
	delta := 0   // the shift of the runes copied last
	for i := 0; i < len(text); {
		r, size := rune(text[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(text[i:])
		} else if r < 'A' || r > 'Z' {
			i++ // the common case: ASCII that folds to itself
			continue
		}
		ignored := segment.Ignorable(r) // as FoldString drops it from the keyword
		var f rune
		if !ignored {
			f = segment.Fold(r)
		}
		if !ignored && f == r && r != utf8.RuneError {
			i += size
			continue
		}
		// Runs of runes that fold to themselves are copied whole: most of
		// a paragraph is Han text.
		if b == nil {
			b = make([]byte, 0, len(text))
		}
		if copied < i {
			t.noteShift(len(b), copied-len(b), &delta)
			b = append(b, text[copied:i]...)
		}
		if !ignored {
			t.noteShift(len(b), i-len(b), &delta)
			b = utf8.AppendRune(b, f)
		}
		i += size
		copied = i
	}
	if b == nil {
		t.folded = text
		return t
	}
	if copied < len(text) {
		t.noteShift(len(b), copied-len(b), &delta)
		b = append(b, text[copied:]...)
	}
	if d := len(text) - len(b); d != delta {
		t.shiftAt, t.shift = append(t.shiftAt, len(b)), append(t.shift, d)
	}
	t.folded = string(b)
	return t
}

// noteShift records that from folded byte at on, an offset in the original
// text is d more than in the folded one, if that is news.
func (t *foldedText) noteShift(at, d int, delta *int) {
	if d != *delta {
		t.shiftAt, t.shift, *delta = append(t.shiftAt, at), append(t.shift, d), d
	}
}

// offset maps an offset in the folded text, at a rune start or the end, to
// one in the original text.
func (t *foldedText) offset(i int) int {
	k, _ := slices.BinarySearch(t.shiftAt, i+1)
	if k == 0 {
		return i
	}
	return i + t.shift[k-1]
}

// bounds computes the unit boundaries of the folded text.
func (t *foldedText) bounds() {
	t.starts = make([]bool, len(t.folded)+1)
	t.ends = make([]bool, len(t.folded)+1)
	for u := range segment.Units(t.folded) {
		t.starts[u.Start] = true
		t.ends[u.End] = true
	}
}

// at reports whether a match of p at folded bytes s to e starts and ends
// on unit boundaries where p needs them.
func (t *foldedText) at(p pattern, s, e int) bool {
	needStart, needEnd := p.unitStart && !p.hanStart, p.unitEnd && !p.hanEnd
	if !needStart && !needEnd {
		return true
	}
	if t.starts == nil {
		t.bounds()
	}
	return (!needStart || t.starts[s]) && (!needEnd || t.ends[e])
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
		if t.at(p, s, e) {
			matches = append(matches, Match{Start: t.offset(s), End: t.offset(e)})
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

// inRaw reports whether p surely occurs in text, unfolded: when p needs no
// unit boundary checked (it starts and ends with Han, or with something
// not a unit) and text holds it as it is. A folded keyword folds to itself,
// so the folded text holds it there too. false says nothing.
func (p pattern) inRaw(text string) bool {
	needStart, needEnd := p.unitStart && !p.hanStart, p.unitEnd && !p.hanEnd
	return p.folded != "" && !needStart && !needEnd && strings.Contains(text, p.folded)
}

// lazyText is a candidate paragraph's text being checked against a query:
// most candidates hold a keyword as typed, which needs no folding to tell,
// so the text is folded only when a check needs it.
type lazyText struct {
	text string
	ft   *foldedText
}

func (l *lazyText) folded() *foldedText {
	if l.ft == nil {
		l.ft = newFoldedText(l.text)
	}
	return l.ft
}

// containsAny reports whether any of ps occurs in the text, as
// foldedText.contains: those the text holds unfolded are looked for first.
func (l *lazyText) containsAny(ps []pattern) bool {
	for _, p := range ps {
		if p.inRaw(l.text) {
			return true
		}
	}
	for _, p := range ps {
		if l.folded().contains(p) {
			return true
		}
	}
	return false
}
