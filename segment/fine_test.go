package segment

import (
	"slices"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
)

// TestSearchWords: long words are cut again inside, by their own best cut
// without the whole word, so that the words a compound is made of count as
// words and pieces across their boundaries do not.
func TestSearchWords(t *testing.T) {
	s := segmenter(t)
	for _, tt := range []struct {
		text string
		want []string
	}{
		{"落实安全生产责任制", []string{"落实", "安全生产责任制", "安全生产", "安全", "生产", "责任制", "责任"}},
		{"中华人民共和国", []string{"中华人民共和国", "中华", "人民共和国", "人民", "共和国", "共和"}},
		{"管理人員", []string{"管理人员", "管理", "人员"}},
	} {
		var got []string
		for _, w := range s.SearchWords(tt.text) {
			got = append(got, w.Term)
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("SearchWords(%q) (-want +got):\n%s", tt.text, diff)
		}
	}
}

// FuzzSearchWords: every word of the fine-grained cut lies inside a word of
// Words, on rune boundaries, and is the folded text it covers.
func FuzzSearchWords(f *testing.F) {
	for _, s := range []string{"落实安全生产责任制", "中华人民共和国", "管理人員和ＧＤＰ", "国务院办公厅关于加强非煤矿山安全生产工作的通知"} {
		f.Add(s)
	}
	s := segmenter(f)
	f.Fuzz(func(t *testing.T, text string) {
		if !utf8.ValidString(text) {
			return
		}
		words := s.Words(text)
		for _, w := range s.SearchWords(text) {
			if w.Start < 0 || w.End > len(text) || w.Start >= w.End || !utf8.RuneStart(text[w.Start]) || (w.End < len(text) && !utf8.RuneStart(text[w.End])) {
				t.Fatalf("%q: word %q at %d:%d", text, w.Term, w.Start, w.End)
			}
			if FoldString(text[w.Start:w.End]) != w.Term {
				t.Fatalf("%q: word %q covers %q", text, w.Term, text[w.Start:w.End])
			}
			if !slices.ContainsFunc(words, func(o Token) bool { return o.Start <= w.Start && w.End <= o.End }) {
				t.Fatalf("%q: word %q at %d:%d is inside no word of Words", text, w.Term, w.Start, w.End)
			}
		}
	})
}
