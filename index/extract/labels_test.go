package extract

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// labelFields are the Document fields testdata/labels.tsv gives, in its
// column order after the file.
var labelFields = []struct {
	name string
	get  func(*Document) string
}{
	{"issuer", func(d *Document) string { return d.Issuer }},
	{"number", func(d *Document) string { return d.Number }},
	{"type", func(d *Document) string { return d.Type }},
	{"date", func(d *Document) string { return d.Date }},
	{"effective", func(d *Document) string { return d.Effective }},
	{"region", func(d *Document) string { return d.Region }},
	{"force", func(d *Document) string { return d.Force }},
	{"status", func(d *Document) string { return d.Status }},
}

// minScore is the precision and recall each field must reach on the
// labelled sample.
const minScore = 0.95

// TestLabels measures the precision and recall of each metadata field on
// documents whose metadata was checked by hand (testdata/labels.tsv): a
// value found is right when it equals the label; a label is found when the
// value equals it. It needs the shared corpus; -v prints the table.
func TestLabels(t *testing.T) {
	if _, err := os.Stat(sharedCorpus); err != nil {
		t.Skipf("%s is not here: the labelled documents are in it", sharedCorpus)
	}
	f, err := os.Open(filepath.Join("testdata", "labels.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	type score struct{ tp, fp, fn int }
	// scores[0] counts every row, scores[1] the held-out rows.
	scores := [2][]score{make([]score, len(labelFields)), make([]score, len(labelFields))}
	docs, heldOut := [2]int{}, false
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if strings.HasPrefix(line, "# Held out") {
			heldOut = true
		}
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		cols := strings.Split(line, "\t")
		if len(cols) != len(labelFields)+1 {
			t.Fatalf("labels.tsv:%d: %d columns, want %d", n, len(cols), len(labelFields)+1)
		}
		path, name := filepath.Join(sharedCorpus, cols[0]), cols[0]
		if strings.HasPrefix(cols[0], "testdata/") {
			path = cols[0]
		}
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("labels.tsv:%d: %v", n, err)
		}
		doc, err := Parse(name, data)
		if err != nil {
			t.Fatalf("labels.tsv:%d: %v", n, err)
		}
		sets := []int{0}
		if heldOut {
			sets = append(sets, 1)
		}
		for _, set := range sets {
			docs[set]++
		}
		for i, field := range labelFields {
			want, got := cols[i+1], field.get(doc)
			for _, set := range sets {
				s := &scores[set][i]
				switch {
				case want != "" && got == want:
					s.tp++
				case want != "" && got == "":
					s.fn++
				case want == "" && got != "":
					s.fp++
				case want != got:
					s.fp++
					s.fn++
				}
			}
			if want != got {
				t.Logf("labels.tsv:%d %s: %s = %q, labelled %q", n, cols[0], field.name, got, want)
			}
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	for set, what := range []string{"all documents", "held-out documents"} {
		var table strings.Builder
		fmt.Fprintf(&table, "%s: %d\n%-10s %9s %9s %7s\n", what, docs[set], "field", "precision", "recall", "labels")
		for i, field := range labelFields {
			s := scores[set][i]
			labels := s.tp + s.fn
			if labels == 0 && s.fp == 0 {
				fmt.Fprintf(&table, "%-10s %9s %9s %7d  (no document in the sample states one)\n", field.name, "n/a", "n/a", 0)
				continue
			}
			p := ratio(s.tp, s.tp+s.fp)
			r := ratio(s.tp, labels)
			fmt.Fprintf(&table, "%-10s %9.3f %9.3f %7d\n", field.name, p, r, labels)
			if set == 0 && (p < minScore || r < minScore) {
				t.Errorf("%s: precision %.3f, recall %.3f; want both ≥ %.2f", field.name, p, r, minScore)
			}
		}
		t.Log("\n" + table.String())
	}
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}
