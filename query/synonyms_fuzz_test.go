package query

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/zhsearch/zhsearch/segment"
)

var errLine = regexp.MustCompile(`^f\.txt:(\d+): `)

func FuzzSynonyms(f *testing.F) {
	f.Add(builtinSynonyms)
	for _, s := range []string{"安委会 = 安全生产委员会", "a = = b", "x ＝ y # c", "=", "甲=乙=甲", "\xff = a", "a=b\n\nc"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		s := NewSynonyms()
		err := s.Read(strings.NewReader(text), "f.txt")
		if err != nil {
			m := errLine.FindStringSubmatch(err.Error())
			if m == nil {
				t.Fatalf("error %q does not name f.txt:LINE", err)
			}
			if n, _ := strconv.Atoi(m[1]); n < 1 || n > strings.Count(text, "\n")+1 {
				t.Fatalf("error %q: line %d of %d", err, n, strings.Count(text, "\n")+1)
			}
			return
		}
		for _, g := range s.Groups() {
			if len(g) < 2 {
				t.Fatalf("group %q of fewer than two forms", g)
			}
			for _, form := range g {
				if !newPattern(form).searchable || form != strings.TrimSpace(form) || !utf8.ValidString(form) {
					t.Fatalf("form %q", form)
				}
				got := map[string]bool{}
				for _, x := range s.Forms(form) {
					got[segment.FoldString(x)] = true
				}
				for _, other := range g {
					if !got[segment.FoldString(other)] {
						t.Fatalf("Forms(%q) = %q lacks %q", form, s.Forms(form), other)
					}
				}
			}
		}
	})
}
