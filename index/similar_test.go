package index_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/zhsearch/zhsearch/index"
)

// similarPairs lists every near-duplicate pair of an index as
// "ID ID shared/union", each pair once, after checking that each is listed
// under both its paragraphs with the similarity its texts have.
func similarPairs(t *testing.T, ix *index.Index) []string {
	t.Helper()
	type para struct {
		id   string
		text string
	}
	byNum := map[uint64]para{}
	var nums []uint64
	eachParagraph(t, ix, func(num uint64, p index.Numbered) {
		byNum[num] = para{p.ID, p.Text}
		nums = append(nums, num)
	})
	listed := map[[2]uint64]index.Similarity{}
	for _, num := range nums {
		sims, err := ix.Similar(num)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range sims {
			listed[[2]uint64{num, s.Num}] = s.Sim
		}
	}
	var out []string
	for k, sim := range listed {
		a, b := byNum[k[0]], byNum[k[1]]
		if back, ok := listed[[2]uint64{k[1], k[0]}]; !ok || back != sim {
			t.Errorf("%s ~ %s is listed under one paragraph only", a.id, b.id)
		}
		if want := index.Compare(index.Shingles(a.text), index.Shingles(b.text)); want != sim {
			t.Errorf("%s ~ %s: listed as %v, the texts give %v", a.id, b.id, sim, want)
		}
		if !sim.AtLeast(index.MinSimilarity) {
			t.Errorf("%s ~ %s: %v is below the minimum", a.id, b.id, sim)
		}
		if a.id < b.id {
			out = append(out, fmt.Sprintf("%s %s %d/%d", a.id, b.id, sim.Shared, sim.Union))
		}
	}
	sort.Strings(out)
	return out
}

// bruteForcePairs compares every two paragraphs of an index by their texts.
func bruteForcePairs(t *testing.T, ix *index.Index) []string {
	t.Helper()
	type para struct {
		id string
		sh []uint64
	}
	var all []para
	eachParagraph(t, ix, func(_ uint64, p index.Numbered) {
		if sh := index.Shingles(p.Text); sh != nil {
			all = append(all, para{p.ID, sh})
		}
	})
	var out []string
	for i := range all {
		for j := range all {
			if all[i].id >= all[j].id {
				continue
			}
			if sim := index.Compare(all[i].sh, all[j].sh); sim.AtLeast(index.MinSimilarity) {
				out = append(out, fmt.Sprintf("%s %s %d/%d", all[i].id, all[j].id, sim.Shared, sim.Union))
			}
		}
	}
	sort.Strings(out)
	return out
}

func TestSimilarFindsNearDuplicates(t *testing.T) {
	dir := t.TempDir()
	update(t, dir, []string{"../testdata/corpus"}, index.UpdateOptions{})
	ix := open(t, dir)
	got := similarPairs(t, ix)
	want := bruteForcePairs(t, ix)
	if len(want) == 0 {
		t.Fatal("the test corpus has no near-duplicate paragraphs: the test proves nothing")
	}
	// LSH may miss a pair now and then (1-(1-s²)¹⁶ of them are found: 94%
	// at the minimum similarity): every pair it finds is exact, and all but
	// a few of the brute-force pairs are found.
	missed := 0
	gotSet := map[string]bool{}
	for _, p := range got {
		gotSet[p] = true
	}
	for _, p := range want {
		if !gotSet[p] {
			missed++
		}
	}
	for _, p := range got {
		if !contains(want, p) {
			t.Errorf("listed pair %s is not a near-duplicate by brute force", p)
		}
	}
	if missed*10 > len(want) {
		t.Errorf("missed %d of %d near-duplicate pairs", missed, len(want))
	}
	t.Logf("%d pairs found of %d by brute force", len(got), len(want))
}

func contains(list []string, s string) bool {
	i := sort.SearchStrings(list, s)
	return i < len(list) && list[i] == s
}

// An update keeps the signatures and pairs of the documents it does not
// re-read, and ends with the pairs a fresh build of the same files has.
func TestUpdateKeepsSimilarPairs(t *testing.T) {
	src := copyFiles(t, map[string]string{
		"hebei.txt":  "../testdata/corpus/reports/河北省.txt",
		"shanxi.txt": "../testdata/corpus/gb18030/山西省.txt",
		"2024.txt":   "../testdata/corpus/reports/2024_2024年中华人民共和国国务院政府工作报告.txt",
	})
	dir := t.TempDir()
	update(t, dir, []string{src}, index.UpdateOptions{})
	before := func() []string { ix := open(t, dir); defer ix.Close(); return similarPairs(t, ix) }()

	// Changed: 山西 loses its opening formula's near-duplicate; added: a
	// copy of 河北 with one paragraph edited.
	data, err := os.ReadFile(filepath.Join(src, "hebei.txt"))
	if err != nil {
		t.Fatal(err)
	}
	copyText := strings.Replace(string(data), "各位代表", "各位委员", 1)
	if err := os.WriteFile(filepath.Join(src, "hebei-copy.txt"), []byte(copyText), 0o644); err != nil {
		t.Fatal(err)
	}
	rep := update(t, dir, []string{src}, index.UpdateOptions{})
	if rep.Added != 1 || rep.Unchanged != 3 {
		t.Fatalf("update: %+v", rep)
	}
	ix := open(t, dir)
	defer ix.Close()
	got := similarPairs(t, ix)

	fresh := t.TempDir()
	update(t, fresh, []string{src}, index.UpdateOptions{})
	fx := open(t, fresh)
	defer fx.Close()
	want := similarPairs(t, fx)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("pairs after the update differ from a fresh build's (-want +got):\n%s", diff)
	}
	if len(got) <= len(before) {
		t.Errorf("a copy of a document added no pairs: %d before, %d after", len(before), len(got))
	}
}

// A changed byte in similar.bin is ErrDamaged naming it at the first read
// of the pairs (a collapsed search, reuse), never a wrong pair.
func TestSimilarDamage(t *testing.T) {
	dir := t.TempDir()
	update(t, dir, []string{"../testdata/corpus/reports"}, index.UpdateOptions{})
	path := genFile(t, dir, "similar.bin")
	changeFile(t, path, flipAt(0.9))
	ix := open(t, dir)
	defer ix.Close()
	var err error
	for num := uint64(0); err == nil && num < 10000; num++ {
		_, err = ix.Similar(num)
	}
	if !errors.Is(err, index.ErrDamaged) || !strings.Contains(err.Error(), path) {
		t.Errorf("Similar on a changed similar.bin: %v; want ErrDamaged naming %s", err, path)
	}
}

// MostSimilar is the similarity of the first paragraph Similar lists (in
// value), for every paragraph of the test corpus, and zero for those it
// lists none for.
func TestMostSimilarIsFirst(t *testing.T) {
	dir := t.TempDir()
	update(t, dir, []string{"../testdata/corpus"}, index.UpdateOptions{})
	ix := open(t, dir)
	defer ix.Close()
	with := 0
	eachParagraph(t, ix, func(num uint64, p index.Numbered) {
		sims, err := ix.Similar(num)
		if err != nil {
			t.Fatal(err)
		}
		want := index.Similarity{}
		if len(sims) > 0 {
			want = sims[0].Sim
			with++
		}
		if got, err := ix.MostSimilar(num); err != nil || got.Value() != want.Value() {
			t.Errorf("%s: MostSimilar %v, %v; Similar lists %v first", p.ID, got, err, want)
		}
	})
	if with == 0 {
		t.Fatal("no paragraph has a near-duplicate: the test proves nothing")
	}
}
