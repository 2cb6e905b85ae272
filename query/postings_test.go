package query_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/zhsearch/zhsearch/index"
	"github.com/zhsearch/zhsearch/query"
)

// TestGramReaderEqualsScorch checks that the reader keywords read their
// postings with gives what scorch's term field reader gives: the same
// paragraphs, frequencies, norms and occurrences, read in turn and
// skipped to, on the text and on the heading path, for common and rare
// bigrams, with positions, with frequencies alone and with numbers alone.
func TestGramReaderEqualsScorch(t *testing.T) {
	for _, mode := range []struct {
		name           string
		freqNorm, locs bool
	}{{"positions", true, true}, {"frequencies", true, false}, {"numbers", false, false}} {
		t.Run(mode.name, func(t *testing.T) { testGramReader(t, mode.freqNorm, mode.locs) })
	}
}

func testGramReader(t *testing.T, freqNorm, locs bool) {
	for _, c := range []struct{ field, term string }{
		{index.FieldTextBigrams, "发展"},
		{index.FieldTextBigrams, "企业"},
		{index.FieldTextBigrams, "安全"},
		{index.FieldTextBigrams, "矿山"},
		{index.FieldTextBigrams, "ab"}, // not in the index
		{index.FieldSectionBigrams, "发展"},
	} {
		t.Run(c.field+"/"+c.term, func(t *testing.T) {
			want, err := query.ReadTerm(testIndex, c.field, c.term, false, freqNorm, locs, nil)
			if err != nil {
				t.Fatal(err)
			}
			got, err := query.ReadTerm(testIndex, c.field, c.term, true, freqNorm, locs, nil)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Fatalf("read in turn (-want +got):\n%s", diff)
			}
			if c.term != "ab" && len(want) < 3 {
				t.Fatalf("%s holds %d paragraphs: too few to skip", c.term, len(want))
			}
			// Skip to every third paragraph and to the number after it,
			// which the term is not always in.
			var to []uint64
			for i := 0; i < len(want); i += 3 {
				to = append(to, want[i].Num, want[i].Num+1)
			}
			if len(to) == 0 {
				to = []uint64{0}
			}
			want, err = query.ReadTerm(testIndex, c.field, c.term, false, freqNorm, locs, to)
			if err != nil {
				t.Fatal(err)
			}
			got, err = query.ReadTerm(testIndex, c.field, c.term, true, freqNorm, locs, to)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Fatalf("skipped to (-want +got):\n%s", diff)
			}
		})
	}
}
