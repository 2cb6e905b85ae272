package query

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

// TestArticleOfIsItsPattern proves that ArticleOf finds the article number
// a text starts with exactly as the regular expression articleNumber,
// anchored at the start, would: on the edge cases of its parts, and at
// every 第 of the test corpus's law, a line's start or not.
func TestArticleOfIsItsPattern(t *testing.T) {
	start := regexp.MustCompile(`^` + articleNumber)
	texts := []string{
		"", "第", "第条", "第一条", "第一条 生产经营单位", "第二十一条之一", "第二十一条之一 新增",
		"第二十一条之", "第二十一条之 ", "第二十一条之二十三条", "第一百零五条", "第〇条", "第105条",
		"第１０５条之二", "第一款", "第一章 总则", "第三条之A", "第条之一", "第一 条", "条第一条",
		"第一條", "第十二条之一二三", "第十二条之\n一", "第一条\n第二条", "第一\xff条", "第一条之\xff",
	}
	law, err := os.ReadFile("../testdata/corpus/laws/安全生产法(2021-06-10).md")
	if err != nil {
		t.Fatal(err)
	}
	for line := range strings.Lines(string(law)) {
		for at := strings.Index(line, "第"); at >= 0; {
			texts = append(texts, line[at:])
			next := strings.Index(line[at+len("第"):], "第")
			if next < 0 {
				break
			}
			at += len("第") + next
		}
	}
	articles := 0
	for _, text := range texts {
		want := start.FindString(text)
		if got := ArticleOf(text); got != want {
			t.Errorf("ArticleOf(%q) = %q, want %q", text, got, want)
		}
		if want != "" {
			articles++
		}
	}
	if articles < 100 {
		t.Errorf("%d texts start with an article number, want the law's (over 100)", articles)
	}
}

// FuzzArticleOf: the matcher reads what the regular expression it replaced
// matches at the start of any text, and of any text after a 第.
func FuzzArticleOf(f *testing.F) {
	start := regexp.MustCompile(`^` + articleNumber)
	for _, s := range []string{"第一条", "第二十一条之一 x", "第１０５条之二", "第一\xff条", "第十二条之\n一", "第〇条之十"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, text := range []string{s, "第" + s} {
			if got, want := ArticleOf(text), start.FindString(text); got != want {
				t.Fatalf("ArticleOf(%q) = %q, want %q", text, got, want)
			}
		}
	})
}
