package index_test

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/zhsearch/zhsearch/index"
)

// TestTitleListIsTheTitles proves that the title list a search reads a
// document at a time holds what Titles decodes whole: every document, each
// field, the folded title (the title itself where folding changes nothing);
// over a set, every member's documents in the set's order; and that the
// documents it returns outlive the index they were read from.
func TestTitleListIsTheTitles(t *testing.T) {
	index.SkipUnderRace(t)
	seg := defaultSegmenter(t)
	laws := buildWith(t, seg, "../testdata/corpus/laws", "../testdata/speech.txt")
	reports := buildWith(t, seg, "../testdata/corpus/reports", "../testdata/corpus/gb18030")
	check := func(t *testing.T, want []index.DocTitle, list *index.TitleList) {
		t.Helper()
		if list.Len() != len(want) {
			t.Fatalf("%d documents, want %d", list.Len(), len(want))
		}
		var got []index.DocTitle
		for i := range list.Len() {
			got = append(got, list.At(i))
			if folded := string(list.FoldedTitle(i)); folded != want[i].FoldedTitle {
				t.Errorf("document %d: folded title %q, want %q", i, folded, want[i].FoldedTitle)
			}
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("(-Titles +TitleList):\n%s", diff)
		}
	}

	t.Run("one index", func(t *testing.T) {
		ix := open(t, reports)
		want, err := ix.Titles()
		if err != nil {
			t.Fatal(err)
		}
		list, err := ix.TitleList()
		if err != nil {
			t.Fatal(err)
		}
		check(t, want, list)
		first := list.At(0)
		ix.Close()
		if first != want[0] {
			t.Errorf("after Close, the document read before it is %+v, want %+v", first, want[0])
		}
	})
	t.Run("a set", func(t *testing.T) {
		set, err := index.NewSet(open(t, laws), open(t, reports))
		if err != nil {
			t.Fatal(err)
		}
		want, err := set.Titles()
		if err != nil {
			t.Fatal(err)
		}
		list, err := set.TitleList()
		if err != nil {
			t.Fatal(err)
		}
		check(t, want, list)
	})
}

// TestTitlesAfterClose: after Close the title list is refused (its mapping
// is gone), and the titles decoded before Close are still there.
func TestTitlesAfterClose(t *testing.T) {
	dir := buildWith(t, defaultSegmenter(t), "../testdata/corpus/reports")
	ix := open(t, dir)
	want, err := ix.Titles()
	if err != nil {
		t.Fatal(err)
	}
	ix.Close()
	if _, err := ix.TitleList(); !errors.Is(err, index.ErrClosed) {
		t.Errorf("TitleList after Close: error %v, want ErrClosed", err)
	}
	if got, err := ix.Titles(); err != nil || len(got) != len(want) {
		t.Errorf("Titles after Close: %d titles, error %v; want the %d decoded before", len(got), err, len(want))
	}
}
