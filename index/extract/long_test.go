package extract

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// TestHugeHeadingSection checks that a heading that is one huge line does
// not become the section of every paragraph under it whole: the index
// stores and tokenizes each paragraph's section, so that would take time
// and space quadratic in the file.
func TestHugeHeadingSection(t *testing.T) {
	// A heading line that ends as a heading does (no comma that would
	// join it to the next line).
	huge := strings.Repeat("安全生产法规定，", 20000) + "总则"
	for _, tt := range []struct{ name, heading string }{
		{"markdown heading", "# " + huge},
		{"chapter heading", "第一章 " + huge},
	} {
		t.Run(tt.name, func(t *testing.T) {
			doc := ParseText("a.md", "标题\n"+tt.heading+"\n正文第一段。\n正文第二段。\n")
			var body []Paragraph
			for _, p := range doc.Paragraphs {
				if p.Kind == KindBody {
					body = append(body, p)
				}
			}
			if len(body) != 2 {
				t.Fatalf("got %d body paragraphs, want 2", len(body))
			}
			for _, p := range body {
				if len(p.Section) != 1 || !strings.HasPrefix(huge, strings.TrimPrefix(p.Section[0], "第一章 ")) || utf8.RuneCountInString(p.Section[0]) != maxSectionRunes {
					t.Errorf("paragraph %d: section %.40q… of %d runes, want the heading's first %d", p.N, p.Section, utf8.RuneCountInString(strings.Join(p.Section, "")), maxSectionRunes)
				}
			}
		})
	}
}
