package query_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/zhsearch/zhsearch/index"
	"github.com/zhsearch/zhsearch/query"
	"github.com/zhsearch/zhsearch/segment"
)

// TestBigramPhraseMatchesBleve checks the phrase searcher against bleve's
// PhraseQuery on sampled keywords of the test corpus: the same paragraphs,
// with the same scores, alone and inside the query shapes searches build.
func TestBigramPhraseMatchesBleve(t *testing.T) {
	paragraphs := loadParagraphs(t, corpusPaths)
	r := rand.New(rand.NewPCG(*seed, 3))
	keywords := []string{"非煤矿山", "安全生产", "道路交通安全", "哈哈哈", "发展发展"}
	for len(keywords) < 250 {
		keywords = append(keywords, sample(r, paragraphs))
	}
	checked := 0
	for _, k := range keywords {
		var units []string
		for u := range segment.Units(segment.FoldString(k)) {
			units = append(units, u.Term)
		}
		if len(units) < 3 {
			continue
		}
		bigrams := make([]string, len(units)-1)
		for i := range bigrams {
			bigrams[i] = units[i] + units[i+1]
		}
		for _, shape := range query.PhraseShapes {
			want, err := query.PhraseScores(testIndex, index.FieldTextBigrams, bigrams, shape, true)
			if err != nil {
				t.Fatal(err)
			}
			got, err := query.PhraseScores(testIndex, index.FieldTextBigrams, bigrams, shape, false)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(want) {
				t.Errorf("%s (%s): %d hits, bleve's phrase %d", k, shape, len(got), len(want))
				continue
			}
			for num, w := range want {
				if g, ok := got[num]; !ok || math.Abs(g-w) > 1e-9*math.Max(1, math.Abs(w)) {
					t.Errorf("%s (%s): paragraph %d scores %v, bleve's phrase %v (found: %v)", k, shape, num, g, w, ok)
				}
			}
		}
		checked++
	}
	if checked < 100 {
		t.Fatalf("only %d keywords of 3 units or more checked", checked)
	}
}
