package index_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/zhsearch/zhsearch/index"
)

// wantSimilar computes every paragraph's list of near-duplicates as the
// builds that stored a pair for each two paragraphs did: each two
// paragraphs that are candidates (see index.Candidates) with an exact
// similarity of MinSimilarity or more, most similar first, then by
// document number, the first 1000. Lists are keyed by paragraph ID.
func wantSimilar(t *testing.T, ix *index.Index) (map[string][]index.SimilarParagraph, map[string]uint64) {
	t.Helper()
	type para struct {
		num uint64
		sig index.Signature
		sh  []uint64
	}
	var all []para
	nums := map[string]uint64{}
	eachParagraph(t, ix, func(num uint64, p index.Numbered) {
		nums[p.ID] = num
		if sh := index.Shingles(p.Text); sh != nil {
			all = append(all, para{num, index.Sign(p.Text), sh})
		}
	})
	lists := map[uint64][]index.SimilarParagraph{}
	for i := range all {
		for j := i + 1; j < len(all); j++ {
			a, b := all[i], all[j]
			if !index.Candidates(a.sig, b.sig) {
				continue
			}
			if sim := index.Compare(a.sh, b.sh); sim.AtLeast(index.MinSimilarity) {
				lists[a.num] = append(lists[a.num], index.SimilarParagraph{Num: b.num, Sim: sim})
				lists[b.num] = append(lists[b.num], index.SimilarParagraph{Num: a.num, Sim: sim})
			}
		}
	}
	out := map[string][]index.SimilarParagraph{}
	for id, num := range nums {
		l := lists[num]
		slices.SortFunc(l, func(x, y index.SimilarParagraph) int {
			vx, vy := x.Sim.Shared*y.Sim.Union, y.Sim.Shared*x.Sim.Union
			if vx != vy {
				return vy - vx
			}
			return int(x.Num) - int(y.Num)
		})
		out[id] = l[:min(len(l), 1000)]
	}
	return out, nums
}

// checkSimilar compares the lists Similar returns for every paragraph of
// the index in dir with those of wantSimilar.
func checkSimilar(t *testing.T, dir string) int {
	t.Helper()
	ix := open(t, dir)
	defer ix.Close()
	want, nums := wantSimilar(t, ix)
	entries := 0
	for id, num := range nums {
		got, err := ix.Similar(num)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want[id], got); diff != "" {
			t.Errorf("%s (number %d): similar paragraphs differ from one pair stored for each two (-want +got):\n%s", id, num, diff)
		}
		entries += len(got)
	}
	return entries
}

// Paragraphs of one text are stored once, as a group; the lists read back
// are those a pair stored for each two paragraphs gave, on a corpus of
// repeated files (three copies of the reports, one copy with a paragraph
// edited), after a fresh build and after an update that removes a copy,
// edits another and adds one.
func TestSimilarGroupsListAsPairs(t *testing.T) {
	files := map[string]string{}
	reports, err := filepath.Glob("../testdata/corpus/reports/*.txt")
	if err != nil || len(reports) == 0 {
		t.Fatalf("no reports in testdata: %v", err)
	}
	for _, copy := range []string{"a", "b", "c"} {
		for _, r := range reports {
			files[filepath.Join(copy, filepath.Base(r))] = r
		}
	}
	src := copyFiles(t, files)
	edit := func(name, from, to string) {
		t.Helper()
		path := filepath.Join(src, name)
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(data), from) {
			t.Fatalf("%s: no %q to edit", name, from)
		}
		if err := os.WriteFile(path, []byte(strings.Replace(string(data), from, to, 1)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	first := filepath.Base(reports[0])
	edit(filepath.Join("c", first), "。", "，并且持续推进。")

	dir := t.TempDir()
	update(t, dir, []string{src}, index.UpdateOptions{})
	entries := checkSimilar(t, dir)
	if entries == 0 {
		t.Fatal("no similar paragraphs: the test proves nothing")
	}
	t.Logf("fresh build: %d entries", entries)

	if err := os.RemoveAll(filepath.Join(src, "a")); err != nil {
		t.Fatal(err)
	}
	edit(filepath.Join("b", first), "。", "；")
	data, err := os.ReadFile(filepath.Join(src, "c", first))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(src, "d.txt"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	rep := update(t, dir, []string{src}, index.UpdateOptions{})
	if rep.Added != 1 || rep.Removed != len(reports) || rep.Changed != 1 {
		t.Fatalf("update: %+v", rep)
	}
	t.Logf("update: %d entries", checkSimilar(t, dir))
}
