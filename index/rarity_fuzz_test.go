package index

import (
	"testing"
	"unicode/utf8"

	"github.com/zhsearch/zhsearch/segment"
)

// FuzzKeywordWords cuts any keyword against a small words table: no
// panic, and the words it finds are words of the table, of two or more Han
// characters each and not overlapping, so at most half as many as the
// keyword has Han characters.
func FuzzKeywordWords(f *testing.F) {
	table := map[WordKey]uint32{}
	for i, w := range []string{"安全", "安全生产", "安全生产责任制", "责任制", "责任", "落实", "隐患", "排查", "隐患排查", "管理人员"} {
		table[wordKey(w)] = uint32(i + 1)
	}
	for _, s := range []string{"全面落实安全生产责任制", "隐患 排查", "管理人員", "a安全b", "", "的", "安全生产责任制安全生产责任制"} {
		f.Add(s)
	}
	df := func(k WordKey) uint32 { return table[k] }
	f.Fuzz(func(t *testing.T, keyword string) {
		if !utf8.ValidString(keyword) {
			return // keywords are valid UTF-8: input is decoded at the edge
		}
		han := 0
		for _, r := range segment.FoldString(keyword) {
			if segment.IsHan(r) {
				han++
			}
		}
		got := KeywordWords(keyword, df)
		for _, n := range got {
			if n == 0 || int(n) > len(table) {
				t.Fatalf("KeywordWords(%q) = %v: %d is no word's count", keyword, got, n)
			}
		}
		if 2*len(got) > han {
			t.Fatalf("KeywordWords(%q) = %v: more words than %d Han characters hold", keyword, got, han)
		}
	})
}
