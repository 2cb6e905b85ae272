package query_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/zhsearch/zhsearch/index"
	"github.com/zhsearch/zhsearch/query"
)

// allParagraphs reads every paragraph of the test index with its document.
func allParagraphs(t *testing.T) map[int][]index.Numbered {
	t.Helper()
	titles, err := testIndex.Titles()
	if err != nil {
		t.Fatal(err)
	}
	r, err := testIndex.Reader()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	out := map[int][]index.Numbered{}
	for doc := range titles {
		if out[doc], err = testIndex.DocumentParagraphs(r, doc); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// FindReuse lists, for each paragraph of a document, the paragraphs of
// other documents that a comparison of every pair of texts finds at the
// threshold, oldest first.
func TestFindReuseAgainstBruteForce(t *testing.T) {
	t.Parallel() // long; runs beside the other long tests
	paras := allParagraphs(t)
	shingles := map[string][]uint64{}
	for _, ps := range paras {
		for _, p := range ps {
			shingles[p.ID] = index.Shingles(p.Text)
		}
	}
	titles, _ := testIndex.Titles()
	for _, name := range []string{"河北省.txt", "山西省.txt", "2024_2024年中华人民共和国国务院政府工作报告.txt"} {
		for _, threshold := range []float64{0, 0.4, 0.7, 1} {
			t.Run(fmt.Sprintf("%s@%v", name, threshold), func(t *testing.T) {
				doc, err := query.FindDocument(testIndex, name)
				if err != nil {
					t.Fatal(err)
				}
				got, err := query.FindReuse(context.Background(), testIndex, doc, threshold)
				if err != nil {
					t.Fatal(err)
				}
				want := map[string][]string{}
				th := threshold
				if th == 0 {
					th = index.DefaultSimilarity
				}
				for _, p := range paras[doc] {
					sh := shingles[p.ID]
					for other, ps := range paras {
						if other == doc {
							continue
						}
						for _, q := range ps {
							if sim := index.Compare(sh, shingles[q.ID]); sim.AtLeast(th) {
								want[p.ID] = append(want[p.ID], fmt.Sprintf("%s %d/%d", q.ID, sim.Shared, sim.Union))
							}
						}
					}
				}
				gotPairs := map[string][]string{}
				for _, rp := range got.Reused {
					for i, o := range rp.Found {
						gotPairs[rp.ID] = append(gotPairs[rp.ID], fmt.Sprintf("%s %d/%d", o.ID, o.Shared, o.Union))
						if i > 0 && o.Date != "" && rp.Found[i-1].Date > o.Date {
							t.Errorf("%s: %s (%s) is listed after %s (%s)", rp.ID, o.ID, o.Date, rp.Found[i-1].ID, rp.Found[i-1].Date)
						}
						if o.Title != titles[mustFind(t, o.Doc)].Title {
							t.Errorf("%s: title %q", o.ID, o.Title)
						}
					}
				}
				for _, m := range []map[string][]string{want, gotPairs} {
					for _, l := range m {
						sort.Strings(l)
					}
				}
				if th >= index.DefaultSimilarity {
					// Locality-sensitive hashing finds 99% of the pairs at
					// 0.5: on this corpus, all.
					if diff := cmp.Diff(want, gotPairs); diff != "" {
						t.Errorf("reused paragraphs (-want +got):\n%s", diff)
					}
				} else {
					// At the minimum 0.4, 94%: every pair listed is one,
					// and few are missed.
					nWant, nGot := 0, 0
					for id, l := range gotPairs {
						for _, p := range l {
							nGot++
							if !slices.Contains(want[id], p) {
								t.Errorf("%s: %s is listed, brute force does not find it", id, p)
							}
						}
					}
					for _, l := range want {
						nWant += len(l)
					}
					if nGot*10 < nWant*9 {
						t.Errorf("%d of %d pairs found", nGot, nWant)
					}
				}
				if th <= 0.7 && name != "2024_2024年中华人民共和国国务院政府工作报告.txt" && len(want) == 0 {
					t.Error("nothing reused: the test proves nothing")
				}
			})
		}
	}
}

func mustFind(t *testing.T, path string) int {
	t.Helper()
	doc, err := query.FindDocument(testIndex, path)
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func TestCompareDocuments(t *testing.T) {
	a, b := mustFind(t, "河北省.txt"), mustFind(t, "山西省.txt")
	got, err := query.CompareDocuments(context.Background(), testIndex, a, b, 0)
	if err != nil {
		t.Fatal(err)
	}
	paras := allParagraphs(t)
	same, near := 0, 0
	for _, p := range paras[a] {
		best := 0.0
		for _, q := range paras[b] {
			if sim := index.Compare(index.Shingles(p.Text), index.Shingles(q.Text)); sim.AtLeast(index.DefaultSimilarity) {
				best = max(best, sim.Value())
			}
		}
		switch {
		case best == 1:
			same++
		case best > 0:
			near++
		}
	}
	if got.Same != same || got.Near != near || len(got.Pairs) != same+near {
		t.Errorf("same %d, near %d, %d pairs; brute force: same %d, near %d", got.Same, got.Near, len(got.Pairs), same, near)
	}
	if same+near == 0 {
		t.Error("the two reports share nothing: the test proves nothing")
	}
	if got.Compared == 0 || got.Compared > got.Paragraphs {
		t.Errorf("%d paragraphs compared of %d", got.Compared, got.Paragraphs)
	}
}

func TestFindDocument(t *testing.T) {
	titles, _ := testIndex.Titles()
	for _, tt := range []struct {
		name string
		ok   bool
	}{
		{"河北省.txt", true},
		{"reports/河北省.txt", true},
		{titles[0].Path, true},
		{titles[0].Title, true},
		{"省.txt", false}, // a part of a name, not a path's end
		{"no such.txt", false},
	} {
		_, err := query.FindDocument(testIndex, tt.name)
		if (err == nil) != tt.ok || err != nil && !errors.Is(err, query.ErrNoDocument) {
			t.Errorf("FindDocument(%q): %v", tt.name, err)
		}
	}
}
