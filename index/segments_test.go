package index_test

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/zhsearch/zhsearch/index"
)

// TestMergeGroups: the parts of a fresh build are merged into as few
// segments as keep each merge under the bound, of about equal size, in
// order.
func TestMergeGroups(t *testing.T) {
	for _, tt := range []struct {
		name  string
		sizes []int64
		max   int64
		want  [][]int64
	}{
		{"no parts: one empty segment", nil, 100, [][]int64{nil}},
		{"under the bound: one segment", []int64{30, 30, 30}, 100, [][]int64{{30, 30, 30}}},
		{"exactly the bound: one segment", []int64{50, 50}, 100, [][]int64{{50, 50}}},
		{"just over: two halves, not a full one and a crumb", []int64{30, 30, 30, 30}, 100, [][]int64{{30, 30}, {30, 30}}},
		{"four times over: four", []int64{50, 50, 50, 50, 50, 50, 50, 50}, 100, [][]int64{{50, 50}, {50, 50}, {50, 50}, {50, 50}}},
		{"a part larger than the bound is merged alone", []int64{10, 300, 10}, 100, [][]int64{{10}, {300}, {10}}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, index.MergeGroups(tt.sizes, tt.max)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// TestFreshBuildInSeveralSegments: a fresh build too large for one merge
// is an index of several segments that answers every search as the index
// of one segment does, and takes updates.
func TestFreshBuildInSeveralSegments(t *testing.T) {
	corpus := []string{"../testdata/corpus"}
	one, several := t.TempDir(), t.TempDir()
	update(t, one, corpus, index.UpdateOptions{})
	update(t, several, corpus, index.WithMaxMerge(index.UpdateOptions{}, 16<<10))
	for dir, want := range map[string]func(int) bool{one: func(n int) bool { return n == 1 }, several: func(n int) bool { return n >= 2 }} {
		zaps, _ := filepath.Glob(filepath.Join(liveGeneration(t, dir), "store", "*.zap"))
		if !want(len(zaps)) {
			t.Errorf("%s: %d segments", dir, len(zaps))
		}
	}
	want, err := answers(open(t, one))
	if err != nil {
		t.Fatal(err)
	}
	got, err := answers(open(t, several))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("answers of the index of several segments (-one +several):\n%s", diff)
	}
	if len(want) == 0 {
		t.Fatal("no answers to compare")
	}
	if _, err := open(t, several).Verify(); err != nil {
		t.Errorf("Verify: %v", err)
	}
	// An update builds on it through scorch.
	before := open(t, several).Meta()
	src := copyFiles(t, map[string]string{"new.txt": "../testdata/speech.txt"})
	rep := update(t, several, append(corpus, src), index.UpdateOptions{})
	after := open(t, several).Meta()
	if rep.Added != 1 || !rep.Swapped || after.Documents != before.Documents+1 || after.Paragraphs != before.Paragraphs+rep.Paragraphs {
		t.Errorf("update: %+v; documents %d -> %d, paragraphs %d -> %d", rep, before.Documents, after.Documents, before.Paragraphs, after.Paragraphs)
	}
}

// TestMergeReleasingPages: a merge that releases the pages of its parts
// every 4 KiB it writes makes the segment of a merge that never does: the same
// size, terms, counts and stored text (zap orders a segment's sections as
// a map does, so the bytes themselves differ between any two merges).
func TestMergeReleasingPages(t *testing.T) {
	text, err := os.ReadFile("../testdata/speech.txt")
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, l := range strings.Split(string(text), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			lines = append(lines, l)
		}
	}
	s := seg(t)
	wantSize, want, err := index.MergeParts(s, lines, 10, t.TempDir(), math.MaxUint64)
	if err != nil {
		t.Fatal(err)
	}
	gotSize, got, err := index.MergeParts(s, lines, 10, t.TempDir(), 4<<10)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("merged: %d bytes", wantSize)
	if len(want) < len(lines) {
		t.Fatalf("%d lines make a segment of %d terms and paragraphs", len(lines), len(want))
	}
	if diff := cmp.Diff(want, got); diff != "" || gotSize != wantSize {
		t.Errorf("releasing every 4 KiB: %d bytes, not %d; contents (-never +releasing):\n%s", gotSize, wantSize, diff)
	}
}
