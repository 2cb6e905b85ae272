package query

import (
	"strings"
	"unicode/utf8"
)

// A Fragment is the part of a hit's text to show, cut into spans that are
// and are not matches, for marking in any medium: terminal colours, HTML
// <mark>, brackets.
type Fragment struct {
	Spans []Span
	// CutBefore and CutAfter say that the text goes on before the first
	// span and after the last: show an ellipsis there.
	CutBefore, CutAfter bool
}

// A Span is a run of a fragment's text.
type Span struct {
	Text  string
	Match bool // a match of a keyword; overlapping matches are one span
}

// Highlight returns the fragment of text to show for matches (byte offsets
// into text, sorted by start, as [Hit.Matches] are): the window of width
// characters that holds the most matches (the earliest such), starting a
// little before the first of them, with every match in it a span of its
// own. Width 0, or a text no longer than width, gives the whole text.
func Highlight(text string, matches []Match, width int) Fragment {
	start, end := 0, len(text)
	if width > 0 && utf8.RuneCountInString(text) > width {
		start, end = window(text, matches, width)
	}
	f := Fragment{CutBefore: start > 0, CutAfter: end < len(text)}
	add := func(s string, match bool) {
		if s != "" {
			f.Spans = append(f.Spans, Span{Text: s, Match: match})
		}
	}
	pos := start
	for _, m := range MergeMatches(matches) {
		if m.End <= start || m.Start >= end {
			continue
		}
		s, e := max(m.Start, start, pos), min(m.End, end)
		add(text[pos:s], false)
		add(text[s:e], true)
		pos = e
	}
	add(text[pos:end], false)
	return f
}

// Mark returns the fragment as one string, each match between open and
// close, with "…" where the text was cut.
func (f Fragment) Mark(open, close string) string {
	var b strings.Builder
	if f.CutBefore {
		b.WriteString("…")
	}
	for _, s := range f.Spans {
		if s.Match {
			b.WriteString(open + s.Text + close)
		} else {
			b.WriteString(s.Text)
		}
	}
	if f.CutAfter {
		b.WriteString("…")
	}
	return b.String()
}

// Fragment returns the part of the hit's text to show, width characters
// around its matches (0 for the whole paragraph), each match between open
// and close: h.Fragment(80, "[", "]"), or "<mark>" and "</mark>" for HTML
// once the text is escaped. For other media, see [Highlight].
func (h Hit) Fragment(width int, open, close string) string {
	return Highlight(h.Text, h.Matches, width).Mark(open, close)
}

// window picks [start, end) byte offsets of a span of size runes of text:
// of the windows that start a fifth of size before a match, the first that
// holds the most matches.
func window(text string, matches []Match, size int) (int, int) {
	// Rune boundaries, so that the window is counted in characters.
	bounds := make([]int, 0, len(text)+1)
	for i := range text {
		bounds = append(bounds, i)
	}
	bounds = append(bounds, len(text))
	runeAt := func(off int) int { // index of the rune starting at off
		lo, hi := 0, len(bounds)-1
		for lo < hi {
			mid := (lo + hi) / 2
			if bounds[mid] < off {
				lo = mid + 1
			} else {
				hi = mid
			}
		}
		return lo
	}
	n := len(bounds) - 1
	place := func(first int) (int, int) {
		s := max(0, first-size/5)
		s = min(s, n-size)
		return s, s + size
	}
	if len(matches) == 0 {
		return 0, bounds[size]
	}
	bestS, bestE, best := 0, 0, -1
	for _, m := range matches {
		s, e := place(runeAt(m.Start))
		count := 0
		for _, o := range matches {
			if runeAt(o.Start) >= s && runeAt(o.End) <= e {
				count++
			}
		}
		if count > best {
			bestS, bestE, best = s, e, count
		}
	}
	return bounds[bestS], bounds[bestE]
}

// MergeMatches joins overlapping matches, sorted by start (as [Hit.Matches]
// are), for marking or listing each marked run once.
func MergeMatches(matches []Match) []Match {
	var out []Match
	for _, m := range matches {
		if n := len(out); n > 0 && m.Start <= out[n-1].End {
			out[n-1].End = max(out[n-1].End, m.End)
			continue
		}
		out = append(out, m)
	}
	return out
}
