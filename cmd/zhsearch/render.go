package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/width"

	"github.com/zhsearch/zhsearch/query"
)

// ANSI styles.
const (
	styleReset   = "\x1b[0m"
	styleTitle   = "\x1b[1m"
	styleSection = "\x1b[36m"
	stylePara    = "\x1b[32m"
	styleMatch   = "\x1b[1;31m"
	styleDim     = "\x1b[2m"
)

// colorWanted decides --color: auto colours a terminal unless NO_COLOR is set
// (https://no-color.org) or TERM is dumb.
func colorWanted(mode string, w io.Writer) (bool, error) {
	switch mode {
	case "always":
		return true, nil
	case "never":
		return false, nil
	case "auto":
		if os.Getenv("NO_COLOR") != "" || os.Getenv("TERM") == "dumb" {
			return false, nil
		}
		return isTerminal(w), nil
	}
	return false, fmt.Errorf("--color must be auto, always or never, not %q", mode)
}

// printer writes hits for people.
type printer struct {
	w     io.Writer
	color bool
	width int // fragment size in characters; 0 for whole paragraphs
}

func (p *printer) style(s, style string) string {
	if !p.color || s == "" {
		return s
	}
	return style + s + styleReset
}

// maxHeadingRunes shortens long headings (run-in ones are whole sentences)
// in a hit's location line.
const maxHeadingRunes = 24

func (p *printer) hit(h query.Hit) {
	parts := []string{p.style(h.Title, styleTitle)}
	for _, s := range h.Section {
		parts = append(parts, p.style(ellipsize(s, maxHeadingRunes), styleSection))
	}
	parts = append(parts, p.style(fmt.Sprintf("¶%d", h.Paragraph), stylePara))
	fmt.Fprintf(p.w, "%s  %s\n", strings.Join(parts, " › "), p.style(h.Doc, styleDim))
	fmt.Fprintf(p.w, "  %s\n\n", p.fragment(h.Text, h.Matches))
}

func (p *printer) summary(res *query.Result, offset int) {
	took := fmt.Sprintf("(%.1f ms)", float64(res.Took.Microseconds())/1000)
	var line string
	switch {
	case res.Total == 0:
		line = "no hits " + took
	case len(res.Hits) < res.Total:
		line = fmt.Sprintf("%d–%d of %s in %s %s", offset+1, offset+len(res.Hits), plural(res.Total, "hit"), plural(res.Documents, "document"), took)
		if len(res.Hits) == 0 {
			line = fmt.Sprintf("%s in %s, none past %d %s", plural(res.Total, "hit"), plural(res.Documents, "document"), offset, took)
		}
	default:
		line = fmt.Sprintf("%s in %s %s", plural(res.Total, "hit"), plural(res.Documents, "document"), took)
	}
	fmt.Fprintln(p.w, p.style(line, styleDim))
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

func ellipsize(s string, max int) string {
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	r := []rune(s)
	return string(r[:max-1]) + "…"
}

// fragment returns the part of text to show: the window of p.width
// characters that holds the most matches (the earliest such), with a little
// context before the first of them, and every match in it marked.
func (p *printer) fragment(text string, matches []query.Match) string {
	start, end := 0, len(text)
	if p.width > 0 && utf8.RuneCountInString(text) > p.width {
		start, end = window(text, matches, p.width)
	}
	var b strings.Builder
	if start > 0 {
		b.WriteString("…")
	}
	pos := start
	for _, m := range mergeMatches(matches) {
		if m.End <= start || m.Start >= end {
			continue
		}
		s, e := max(m.Start, start), min(m.End, end)
		if s < pos {
			s = pos
		}
		b.WriteString(text[pos:s])
		b.WriteString(p.style(text[s:e], styleMatch))
		pos = e
	}
	b.WriteString(text[pos:end])
	if end < len(text) {
		b.WriteString("…")
	}
	return b.String()
}

// window picks [start, end) byte offsets of a span of size runes of text.
func window(text string, matches []query.Match, size int) (int, int) {
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

// mergeMatches joins overlapping matches, for marking.
func mergeMatches(matches []query.Match) []query.Match {
	var out []query.Match
	for _, m := range matches {
		if n := len(out); n > 0 && m.Start <= out[n-1].End {
			out[n-1].End = max(out[n-1].End, m.End)
			continue
		}
		out = append(out, m)
	}
	return out
}

// displayWidth is the terminal width of the first n runes of s: East Asian
// wide and full-width characters take two columns.
func displayWidth(s string, n int) int {
	w := 0
	for _, r := range s {
		if n == 0 {
			break
		}
		n--
		switch width.LookupRune(r).Kind() {
		case width.EastAsianWide, width.EastAsianFullwidth:
			w += 2
		default:
			w++
		}
	}
	return w
}
