package query_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"

	"github.com/zhsearch/zhsearch/query"
)

// at returns the match of the n-th (from 0) occurrence of kw in text.
func at(text, kw string, n int) query.Match {
	off := 0
	for ; n > 0; n-- {
		off += strings.Index(text[off:], kw) + len(kw)
	}
	start := off + strings.Index(text[off:], kw)
	return query.Match{Start: start, End: start + len(kw)}
}

func TestHitFragment(t *testing.T) {
	const text = "一、总体要求。坚持安全发展理念，统筹发展和安全。二、主要任务。强化安全生产责任落实，全面关闭退出非煤矿山。"
	tests := []struct {
		name    string
		matches []query.Match
		width   int
		want    string
	}{
		{"whole text, no width", []query.Match{at(text, "安全", 0)}, 0, "一、总体要求。坚持[安全]发展理念，统筹发展和安全。二、主要任务。强化安全生产责任落实，全面关闭退出非煤矿山。"},
		{"text shorter than the width is whole", []query.Match{at(text, "非煤矿山", 0)}, 100, "一、总体要求。坚持安全发展理念，统筹发展和安全。二、主要任务。强化安全生产责任落实，全面关闭退出[非煤矿山]。"},
		{"overlapping matches are one mark", []query.Match{at(text, "安全生产", 0), at(text, "生产责任", 0)}, 0, "一、总体要求。坚持安全发展理念，统筹发展和安全。二、主要任务。强化[安全生产责任]落实，全面关闭退出非煤矿山。"},
		{"the window with the most matches, cut both sides", []query.Match{at(text, "安全", 0), at(text, "发展", 1), at(text, "安全", 1)}, 10, "…统筹[发展]和[安全]。二、…"},
		{"a window at the end is not cut after", []query.Match{at(text, "非煤矿山", 0)}, 10, "…面关闭退出[非煤矿山]。"},
		{"a match across the window's edge is marked as far as it shows", []query.Match{at(text, "总体要求", 0), at(text, "坚持安全发展理念", 0)}, 7, "…、[总体要求]。[坚]…"},
		{"no matches: the start", nil, 5, "一、总体要…"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := query.Hit{Text: text, Matches: tt.matches}
			if diff := cmp.Diff(tt.want, h.Fragment(tt.width, "[", "]")); diff != "" {
				t.Errorf("Fragment(%d) (-want +got):\n%s", tt.width, diff)
			}
		})
	}
}

// FuzzHighlight: for any text and sorted matches on rune boundaries, the
// spans are the text in order (a window of it, width characters at most),
// each match span lies within a match, and no two match spans touch.
func FuzzHighlight(f *testing.F) {
	f.Add("坚持安全发展理念，统筹发展和安全", 6, 12, 3, 39, 45, 5)
	f.Add("GDP增长5.2%", 0, 3, 0, 3, 6, 0)
	f.Fuzz(func(t *testing.T, text string, s1, e1, s2, e2, e3 int, width int) {
		if !utf8.ValidString(text) || width < 0 || width > 1000 {
			return
		}
		var ms []query.Match
		for _, m := range []query.Match{{Start: s1, End: e1}, {Start: s2, End: e2}, {Start: e2, End: e3}} {
			if m.Start < 0 || m.End > len(text) || m.Start >= m.End || !utf8.RuneStart(text[m.Start]) || (m.End < len(text) && !utf8.RuneStart(text[m.End])) {
				continue
			}
			if len(ms) > 0 && m.Start < ms[len(ms)-1].Start {
				continue
			}
			ms = append(ms, m)
		}
		f := query.Highlight(text, ms, width)
		var b strings.Builder
		for i, s := range f.Spans {
			b.WriteString(s.Text)
			if s.Text == "" {
				t.Errorf("span %d is empty", i)
			}
			if i > 0 && s.Match && f.Spans[i-1].Match {
				t.Errorf("spans %d and %d are both matches", i-1, i)
			}
		}
		got := b.String()
		if !strings.Contains(text, got) || (!f.CutBefore && !strings.HasPrefix(text, got)) || (!f.CutAfter && !strings.HasSuffix(text, got)) {
			t.Fatalf("spans %q are not the text %q (cut before %v, after %v)", got, text, f.CutBefore, f.CutAfter)
		}
		if n := utf8.RuneCountInString(got); width > 0 && n > width {
			t.Errorf("%d characters, width %d", n, width)
		}
	})
}
