package query_test

import (
	"context"
	"errors"
	"sort"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/zhsearch/zhsearch/index"
	"github.com/zhsearch/zhsearch/query"
)

// Collapsing groups near-duplicate hits under the best-ranked one and keeps
// every count exact: the test corpus holds the provincial reports of 河北
// and 山西 and the 2024 national report, whose opening formulas ("现在，我代表
// 省人民政府向大会报告工作，请予审议…") are near-duplicates.
func TestCollapseGroupsRepeatedText(t *testing.T) {
	// A punctuated phrase is checked paragraph by paragraph (the verified
	// path), the others are not; a page of a few groups of a common
	// keyword ranks exactly only the hits with near-duplicates and the
	// best of the others (see collectForGroups), which paging one group at
	// a time checks against ranking them all.
	for _, q := range []string{"政协委员", "报告工作", "代表 审议", `"提出意见"`, `"提出意见。"`, "政协委员 -国务院", "政协委员 /s 审议", "发展", "人民群众", "国企"} {
		t.Run(q, func(t *testing.T) {
			ctx := context.Background()
			all, err := query.Search(ctx, testIndex, q, query.Options{})
			if err != nil {
				t.Fatal(err)
			}
			col, err := query.Search(ctx, testIndex, q, query.Options{Collapse: true})
			if err != nil {
				t.Fatal(err)
			}
			if col.Total != all.Total || col.Documents != all.Documents {
				t.Errorf("collapsed: %d hits in %d documents, not %d in %d", col.Total, col.Documents, all.Total, all.Documents)
			}
			if diff := cmp.Diff(all.ByDocument, col.ByDocument); diff != "" {
				t.Errorf("counts by document changed (-want +got):\n%s", diff)
			}
			// Every hit is shown once, as a group's first hit or a
			// repeat, and a first hit ranks above its repeats.
			rank := map[string]int{}
			for i, h := range all.Hits {
				rank[h.ID] = i
			}
			var shown []string
			for _, h := range col.Hits {
				shown = append(shown, h.ID)
				for _, r := range h.Repeats {
					shown = append(shown, r.ID)
					if rank[r.ID] < rank[h.ID] {
						t.Errorf("%s is collapsed under %s, which ranks below it", r.ID, h.ID)
					}
					if r.Similarity < index.DefaultSimilarity || r.Similarity > 1 {
						t.Errorf("%s repeats %s with similarity %v", r.ID, h.ID, r.Similarity)
					}
				}
			}
			if len(col.Hits) != col.Groups {
				t.Errorf("%d groups shown, Groups says %d", len(col.Hits), col.Groups)
			}
			var want []string
			for _, h := range all.Hits {
				want = append(want, h.ID)
			}
			sort.Strings(want)
			sort.Strings(shown)
			if diff := cmp.Diff(want, shown); diff != "" {
				t.Errorf("hits shown (-want +got):\n%s", diff)
			}

			// Paging by one group at a time gives the same groups.
			var paged []query.Hit
			for off := 0; ; off++ {
				res, err := query.Search(ctx, testIndex, q, query.Options{Collapse: true, Limit: 1, Offset: off})
				if err != nil {
					t.Fatal(err)
				}
				if res.Groups != col.Groups || res.Total != col.Total {
					t.Fatalf("page %d: %d groups of %d hits, not %d of %d", off, res.Groups, res.Total, col.Groups, col.Total)
				}
				if len(res.Hits) == 0 {
					break
				}
				paged = append(paged, res.Hits...)
			}
			if diff := cmp.Diff(col.Hits, paged); diff != "" {
				t.Errorf("pages of one group differ from one page of all (-want +got):\n%s", diff)
			}
		})
	}
}

// The test corpus must give collapse something to do, or the test above
// proves nothing; a threshold above every pair collapses nothing.
func TestCollapseThreshold(t *testing.T) {
	ctx := context.Background()
	res, err := query.Search(ctx, testIndex, "政协委员", query.Options{Collapse: true})
	if err != nil {
		t.Fatal(err)
	}
	if res.Groups >= res.Total {
		t.Fatalf("政协委员: %d groups of %d hits: nothing collapsed", res.Groups, res.Total)
	}
	strict, err := query.Search(ctx, testIndex, "政协委员", query.Options{Collapse: true, Similarity: 1})
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range strict.Hits {
		for _, r := range h.Repeats {
			if r.Similarity != 1 {
				t.Errorf("at similarity 1, %s is collapsed under %s at %v", r.ID, h.ID, r.Similarity)
			}
		}
	}
	if _, err := query.Search(ctx, testIndex, "政协委员", query.Options{Collapse: true, Similarity: 0.1}); err == nil || errors.Is(err, query.ErrTooComplex) {
		t.Errorf("similarity 0.1, below what the index keeps: %v", err)
	}
}
