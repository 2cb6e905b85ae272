package index

import (
	"testing"

	bleveindex "github.com/blevesearch/bleve_index_api"
	"github.com/google/go-cmp/cmp"

	"github.com/zhsearch/zhsearch/segment"
)

// TestKeywordRuns: a keyword's runs are what gramFields indexes for the
// same text, and say where the keyword as typed differs from its folding.
func TestKeywordRuns(t *testing.T) {
	for _, tt := range []struct {
		keyword string
		want    []Run
	}{
		{"煤", []Run{{Field: FieldTextUnits, Terms: []string{"煤"}, Changed: []bool{false}}}},
		{"安全生产", []Run{{Field: FieldTextBigrams, Terms: []string{"安全", "全生", "生产"}, Bigrams: true, Changed: []bool{false, false, false, false}}}},
		{"管理人員", []Run{{Field: FieldTextBigrams, Terms: []string{"管理", "理人", "人员"}, Bigrams: true, Changed: []bool{false, false, false, true}}}},
		{"ＧＤＰ增长", []Run{{Field: FieldTextBigrams, Terms: []string{"gdp增", "增长"}, Bigrams: true, Changed: []bool{true, false, false}}}},
		{"安全, 生产", []Run{
			{Field: FieldTextBigrams, Terms: []string{"安全"}, Bigrams: true, Changed: []bool{false, false}},
			{Field: FieldTextBigrams, Terms: []string{"生产"}, Bigrams: true, Changed: []bool{false, false}},
		}},
	} {
		if diff := cmp.Diff(tt.want, KeywordRuns(PartText, tt.keyword)); diff != "" {
			t.Errorf("KeywordRuns(%q) (-want +got):\n%s", tt.keyword, diff)
		}
	}
	runs := KeywordRuns(PartSection, "安全")
	if runs[0].Field != FieldSectionBigrams {
		t.Errorf("section keyword looked up in %s", runs[0].Field)
	}
}

// TestGramPayload: each bigram's location says where words of the
// fine-grained cut start and end, where folding changed the text, and the
// sentence; a heading's bigrams are marked.
func TestGramPayload(t *testing.T) {
	seg, err := segment.New(segment.Options{})
	if err != nil {
		t.Fatal(err)
	}
	text := "落实安全生产责任制。中华人民共和国管理人員"
	_, bigrams := gramFields(FieldTextUnits, FieldTextBigrams, text, seg.SearchWords(text), false)
	got := map[string]Gram{}
	for term, tf := range bigrams.AnalyzedTokenFrequencies() {
		got[term] = read(tf.Locations[0])
	}
	want := map[string]Gram{
		"安全": {Pos: 3, WordStart: true, WordEnd: true}, // 安全 inside 安全生产 inside 安全生产责任制
		"全生": {Pos: 4},
		"生产": {Pos: 5, WordStart: true, WordEnd: true},
		"产责": {Pos: 6},
		"华人": {Pos: 11, Sentence: 1}, // 中华|人民|共和国: no word starts at 华 nor ends at 人
		"人民": {Pos: 12, Sentence: 1, WordStart: true, WordEnd: true},
		"人员": {Pos: 19, Sentence: 1, WordStart: true, WordEnd: true, Changed: [2]bool{false, true}}, // 管理人员: 管理|人员
	}
	for term, w := range want {
		if diff := cmp.Diff(w, got[term]); diff != "" {
			t.Errorf("bigram %s (-want +got):\n%s", term, diff)
		}
	}
	_, heading := gramFields(FieldTextUnits, FieldTextBigrams, "第一章 总则", nil, true)
	for term, tf := range heading.AnalyzedTokenFrequencies() {
		if !read(tf.Locations[0]).Heading {
			t.Errorf("heading bigram %s not marked", term)
		}
	}
}

func read(loc *bleveindex.TokenLocation) Gram {
	return ReadGram(&bleveindex.TermFieldVector{Pos: uint64(loc.Position), Start: uint64(loc.Start), End: uint64(loc.End)})
}
