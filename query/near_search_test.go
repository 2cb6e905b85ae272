package query_test

import (
	"sort"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"

	"github.com/zhsearch/zhsearch/query"
)

// sentencesOf splits a text at the runes that end a sentence for /s, by a
// plain scan: an implementation independent of the one under test.
func sentencesOf(text string) []string {
	return strings.FieldsFunc(text, func(r rune) bool { return strings.ContainsRune("。！？；!?;\n", r) })
}

// inOneSentence: some sentence holds a and b (twice, if they are equal).
func inOneSentence(text, a, b string) bool {
	for _, s := range sentencesOf(text) {
		if a == b && len(occurrences(s, a)) >= 2 || a != b && has(s, a) && has(s, b) {
			return true
		}
	}
	return false
}

// within: some occurrence of a and one of b have at most n characters
// between them, in either order.
func within(text, a, b string, n int) bool {
	for _, oa := range occurrences(text, a) {
		for _, ob := range occurrences(text, b) {
			if oa == ob {
				continue
			}
			x, y := oa, ob
			if y.End <= x.Start {
				x, y = y, x
			}
			if x.End >= y.Start || utf8.RuneCountInString(text[x.End:y.Start]) <= n {
				return true
			}
		}
	}
	return false
}

// TestProximityAgainstBruteForce checks each proximity query against its
// definition evaluated directly on the paragraphs, and that only the
// occurrences that take part are marked.
func TestProximityAgainstBruteForce(t *testing.T) {
	paragraphs := loadParagraphs(t, corpusPaths)
	tests := []struct {
		query string
		want  func(p paragraph) bool
	}{
		{"=安全生产 /s =责任制", func(p paragraph) bool { return inOneSentence(p.text, "安全生产", "责任制") }},
		{"=安全 /s =事故", func(p paragraph) bool { return inOneSentence(p.text, "安全", "事故") }},
		{"=安全生产 /10 =责任制", func(p paragraph) bool { return within(p.text, "安全生产", "责任制", 10) }},
		{"=安全 /0 =生产", func(p paragraph) bool { return within(p.text, "安全", "生产", 0) }},
		{"=生产 /3 =安全", func(p paragraph) bool { return within(p.text, "生产", "安全", 3) }},
		{"=企业 /5 =企业", func(p paragraph) bool { return within(p.text, "企业", "企业", 5) }},
		{"(=矿山 OR =煤矿) /s =安全", func(p paragraph) bool {
			return inOneSentence(p.text, "矿山", "安全") || inOneSentence(p.text, "煤矿", "安全")
		}},
		{"=安全 /s =责任 =监管", func(p paragraph) bool { return inOneSentence(p.text, "安全", "责任") && has(p.text, "监管") }},
		{"=应急 -(=安全 /s =应急)", func(p paragraph) bool { return has(p.text, "应急") && !inOneSentence(p.text, "安全", "应急") }},
		{"=安全 /s =责任 OR =非煤矿山", func(p paragraph) bool {
			return inOneSentence(p.text, "安全", "责任") || has(p.text, "非煤矿山")
		}},
		{`"县(市、区)" /20 =安全`, func(p paragraph) bool { return within(p.text, "县(市、区)", "安全", 20) }},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			var want []string
			for _, p := range paragraphs {
				if tt.want(p) {
					want = append(want, p.key())
				}
			}
			sort.Strings(want)
			if len(want) == 0 {
				t.Fatalf("the corpus has no paragraph for %s: a test that cannot fail", tt.query)
			}
			res := search(t, tt.query)
			if diff := cmp.Diff(want, keys(res)); diff != "" {
				t.Errorf("%s (-want +got):\n%s", tt.query, diff)
			}
			if res.Total != len(want) {
				t.Errorf("%s: Total %d, want %d", tt.query, res.Total, len(want))
			}
		})
	}
}

// TestProximityMarksOnlyWhatSatisfies: a paragraph with a keyword in two
// sentences marks only the occurrence in the sentence with the other.
func TestProximityMarksOnlyWhatSatisfies(t *testing.T) {
	paragraphs := loadParagraphs(t, corpusPaths)
	const a, b = "安全", "事故"
	checked := 0
	for _, h := range search(t, "="+a+" /s ="+b).Hits {
		for _, m := range h.Matches {
			k := h.Text[m.Start:m.End]
			other := map[string]string{a: b, b: a}[k]
			if other == "" {
				t.Fatalf("%s ¶%d: marked %q", h.Doc, h.Paragraph, k)
			}
			if !inSentenceAround(h.Text, m, other) {
				t.Errorf("%s ¶%d: marked %q at %d, whose sentence has no %s", h.Doc, h.Paragraph, k, m.Start, other)
			}
		}
		if len(h.Matches) < len(occurrences(h.Text, a))+len(occurrences(h.Text, b)) {
			checked++
		}
	}
	if checked == 0 {
		t.Fatalf("no hit holds an occurrence outside the sentence: a test that cannot fail (%d paragraphs)", len(paragraphs))
	}
}

// inSentenceAround reports whether the sentence around m holds k.
func inSentenceAround(text string, m query.Match, k string) bool {
	start := strings.LastIndexFunc(text[:m.Start], func(r rune) bool { return strings.ContainsRune("。！？；!?;\n", r) }) + 1
	if start > 0 {
		_, size := utf8.DecodeRuneInString(text[start-1:])
		start += size - 1
	}
	end := strings.IndexFunc(text[m.End:], func(r rune) bool { return strings.ContainsRune("。！？；!?;\n", r) })
	if end < 0 {
		end = len(text)
	} else {
		end += m.End
	}
	return has(text[start:end], k)
}
