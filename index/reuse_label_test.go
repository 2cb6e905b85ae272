package index_test

import (
	"bufio"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/zhsearch/zhsearch/index"
)

// labelledPair is a pair of paragraphs of testdata/reuse/labels.tsv, read
// by a person and labelled near-duplicate or not.
type labelledPair struct {
	near bool
	a, b string // documents
	sim  index.Similarity
}

func readLabels(t *testing.T) []labelledPair {
	t.Helper()
	f, err := os.Open("testdata/reuse/labels.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var pairs []labelledPair
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for line := 1; sc.Scan(); line++ {
		if strings.HasPrefix(sc.Text(), "#") {
			continue
		}
		fields := strings.Split(sc.Text(), "\t")
		if len(fields) != 5 || fields[0] != "near" && fields[0] != "not" {
			t.Fatalf("labels.tsv:%d: want near|not, two documents and two texts", line)
		}
		sa, sb := index.Shingles(fields[3]), index.Shingles(fields[4])
		if sa == nil || sb == nil {
			t.Fatalf("labels.tsv:%d: a text is shorter than %d characters: never compared", line, index.MinReuseChars)
		}
		pairs = append(pairs, labelledPair{near: fields[0] == "near", a: fields[1], b: fields[2], sim: index.Compare(sa, sb)})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return pairs
}

// precisionRecall counts the labelled pairs that reach threshold t.
func precisionRecall(pairs []labelledPair, t float64) (precision, recall float64, tp, fp, fn int) {
	for _, p := range pairs {
		switch found := p.sim.AtLeast(t); {
		case found && p.near:
			tp++
		case found:
			fp++
		case p.near:
			fn++
		}
	}
	return float64(tp) / float64(tp+fp), float64(tp) / float64(tp+fn), tp, fp, fn
}

// At the default threshold, pairs of paragraphs that reach it are
// near-duplicates as a person reading them judges: precision 0.95 or more
// on pairs sampled across the similarity range, most of them near the
// threshold (see the head of labels.tsv for how they were chosen and
// labelled). Recall is reported, not required: a pair edited more heavily
// is not collapsed, and --similarity lowers the threshold.
func TestNearDuplicatePrecision(t *testing.T) {
	pairs := readLabels(t)
	near := 0
	for _, p := range pairs {
		if p.near {
			near++
		}
	}
	if near < 30 || len(pairs)-near < 10 {
		t.Fatalf("%d pairs labelled near-duplicate, %d not: too few to measure", near, len(pairs)-near)
	}
	var table strings.Builder
	for _, th := range []float64{0.35, index.MinSimilarity, 0.45, index.DefaultSimilarity, 0.55, 0.6, 0.7} {
		p, r, tp, fp, fn := precisionRecall(pairs, th)
		fmt.Fprintf(&table, "  at %.2f: precision %.3f, recall %.3f (%d found, %d wrongly, %d missed)\n", th, p, r, tp, fp, fn)
	}
	t.Logf("%d labelled pairs, %d near-duplicates:\n%s", len(pairs), near, table.String())
	if p, r, _, _, _ := precisionRecall(pairs, index.DefaultSimilarity); p < 0.95 {
		t.Errorf("precision %.3f (recall %.3f) at the default threshold %v; want 0.95 or more", p, r, index.DefaultSimilarity)
	}
}
