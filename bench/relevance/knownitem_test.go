package main

import (
	"testing"

	"github.com/zhsearch/zhsearch/index/extract"
	"github.com/zhsearch/zhsearch/segment"
)

// TestLikelihood: the generator could have made every query it makes from
// its target, and could not have made a query of rare words from a
// paragraph holding a rarer word, nor any query from a paragraph too short
// to be a target.
func TestLikelihood(t *testing.T) {
	seg, err := segment.New(segment.Options{})
	if err != nil {
		t.Fatal(err)
	}
	texts := []string{
		"县级以上人民政府应当加强饮用水水源保护工作，划定饮用水水源保护区，设立明确的地理界标和明显的警示标志。",
		"县级以上人民政府应当加强湿地保护工作，组织编制湿地保护规划，设立明确的地理界标和明显的警示标志。",
		"在饮用水水源保护区内，禁止设置排污口，禁止从事网箱养殖、旅游、游泳、垂钓或者其他可能污染饮用水水体的活动。",
		"禁止在湿地保护区内擅自开垦、围垦、填埋湿地，禁止采砂、取土、烧荒，禁止排放不符合标准的生活污水和工业废水。",
		"划定饮用水水源保护区。",
	}
	c := &corpus{}
	for i, text := range texts {
		c.paras = append(c.paras, paragraph{Doc: "laws/x.md", N: i + 1, Kind: extract.KindBody, Text: text, same: sameText(text)})
	}
	g := newGenerator(c, seg)
	if g.eligible[4] {
		t.Errorf("a paragraph of %d runes is eligible as a target", len([]rune(texts[4])))
	}
	items := g.items(20, 1)
	if len(items) != 4 {
		t.Errorf("%d items made from the 4 eligible paragraphs: %v", len(items), items)
	}
	for _, it := range items {
		if l := g.likelihood(it, it.Target); l <= 0 {
			t.Errorf("%s query %q: likelihood %v from its own target", it.Kind, it.Query, l)
		}
		if l := g.likelihood(it, 4); l != 0 {
			t.Errorf("%s query %q: likelihood %v from a paragraph too short to be a target", it.Kind, it.Query, l)
		}
	}
	// Paragraphs 0 and 1 both hold 设立 and 明确 (2 paragraphs each), but
	// each holds words found in it alone as well (水源, 组织): neither
	// query is made of their rarest words. 水源 保护 is paragraph 0's.
	for _, tt := range []struct {
		query string
		p     int
		want  float64
	}{
		{"设立 明确", 0, 0},
		{"设立 明确", 1, 0},
		{"水源 保护", 0, 0.5},
		{"水源 保护", 1, 0},
	} {
		if got := g.likelihood(knownItem{Query: tt.query, Kind: kindWords}, tt.p); got != tt.want {
			t.Errorf("query %q from paragraph %d: likelihood %v, want %v", tt.query, tt.p, got, tt.want)
		}
	}
}
