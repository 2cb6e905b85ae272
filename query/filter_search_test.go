package query_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/zhsearch/zhsearch/index"
	"github.com/zhsearch/zhsearch/query"
)

// metaIndex is an index of documents whose metadata is known: the test
// corpus (a law, national and provincial reports), a 国务院 opinion with a
// document number and a second law, from index/extract's test files.
var metaIndex = sync.OnceValues(func() (*index.Index, error) {
	dir, err := os.MkdirTemp("", "zhsearch-filter-test")
	if err != nil {
		return nil, err
	}
	extra := filepath.Join(dir, "extra")
	if err := os.Mkdir(extra, 0o755); err != nil {
		return nil, err
	}
	for _, name := range []string{"notice-guofa-2019-5.txt", "law-gongyi.md"} {
		raw, err := os.ReadFile(filepath.Join("../index/extract/testdata", name))
		if err != nil {
			return nil, err
		}
		if err := os.WriteFile(filepath.Join(extra, name), raw, 0o644); err != nil {
			return nil, err
		}
	}
	ixDir := filepath.Join(dir, "index")
	if _, err := index.Update(context.Background(), ixDir, testSeg, []string{"../testdata/corpus", extra}, index.UpdateOptions{Strict: true}); err != nil {
		return nil, err
	}
	return index.Open(ixDir)
})

func openMetaIndex(t *testing.T) *index.Index {
	t.Helper()
	ix, err := metaIndex()
	if err != nil {
		t.Fatal(err)
	}
	return ix
}

// hitDocs lists the documents of hits by file name, each once, in order.
func hitDocs(hits []query.Hit) []string {
	var out []string
	for _, h := range hits {
		name := filepath.Base(h.Doc)
		if len(out) == 0 || out[len(out)-1] != name {
			out = append(out, name)
		}
	}
	return out
}

func TestSearchFilters(t *testing.T) {
	ix := openMetaIndex(t)
	const (
		notice = "notice-guofa-2019-5.txt"
		gongyi = "law-gongyi.md"
		safety = "安全生产法(2021-06-10).md"
		r1956  = "1956_1956年中华人民共和国国务院政府工作报告.txt"
		r2024  = "2024_2024年中华人民共和国国务院政府工作报告.txt"
		hebei  = "河北省.txt"
		shanxi = "山西省.txt"
	)
	tests := []struct {
		name, query string
		docs        []string // the documents of every hit, sorted
	}{
		{"kind", "监管 kind:意见", []string{notice}},
		{"number, in square brackets", "监管 no:国发[2019]5号", []string{notice}},
		{"number, in full-width parentheses", "监管 no:国发（2019）5号", []string{notice}},
		{"issuer, a substring", "issuer:国务院 监管", []string{r2024, notice}},
		{"issuer excluded", "-issuer:国务院 监管", []string{gongyi, safety, hebei, shanxi}},
		{"region, a prefix", "region:河北 发展", []string{hebei}},
		{"force", "force:法律 捐赠", []string{gongyi}},
		{"date range, open at its start", "date:..1990 发展", []string{r1956}},
		{"date range, closed", "date:2019..2021 安全", []string{safety, notice}},
		{"date, one year", "date:2024 发展", []string{r2024}},
		{"date, to the month", "date:2019-01 监管", []string{notice}},
		{"effective date", "effective:1999 捐赠", []string{gongyi}},
		{"two kinds: either", "kind:意见 kind:法 监督", []string{safety, gongyi, notice}},
		{"two names: both", "kind:报告 region:全国 发展", []string{r1956, r2024}},
		{"a filter nothing passes", "kind:通知 发展", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, err := query.Search(context.Background(), ix, tc.query, query.Options{})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, c := range res.ByDocument {
				got = append(got, filepath.Base(c.Value))
			}
			want := append([]string(nil), tc.docs...)
			slices.Sort(want)
			slices.Sort(got)
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("documents (-want +got):\n%s", diff)
			}
		})
	}
}

// TestFiltersKeepExactlyTheirDocuments proves a filter keeps exactly the
// hits of the unfiltered search in the documents it passes, in the same
// order, and that the facets count what each value's filter finds.
func TestFiltersKeepExactlyTheirDocuments(t *testing.T) {
	ix := openMetaIndex(t)
	titles, err := ix.Titles()
	if err != nil {
		t.Fatal(err)
	}
	byPath := map[string]index.DocTitle{}
	for _, d := range titles {
		byPath[d.Path] = d
	}
	all, err := query.Search(context.Background(), ix, "安全", query.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, facet := range []struct {
		name   string
		counts []query.Count
		value  func(index.DocTitle) string
	}{
		{"kind", all.ByKind, func(d index.DocTitle) string { return d.Type }},
		{"force", all.ByForce, func(d index.DocTitle) string { return d.Force }},
		{"issuer", all.ByIssuer, func(d index.DocTitle) string { return d.Issuer }},
		{"region", all.ByRegion, func(d index.DocTitle) string { return d.Region }},
	} {
		if len(facet.counts) == 0 {
			t.Fatalf("no %s facet", facet.name)
		}
		for _, c := range facet.counts {
			t.Run(facet.name+":"+c.Value, func(t *testing.T) {
				res, err := query.Search(context.Background(), ix, "安全 "+facet.name+":"+c.Value, query.Options{})
				if err != nil {
					t.Fatal(err)
				}
				var want []query.Hit
				for _, h := range all.Hits {
					v := facet.value(byPath[h.Doc])
					if v == c.Value || (facet.name == "issuer" || facet.name == "region") && strings.Contains(v, c.Value) {
						want = append(want, h)
					}
				}
				if diff := cmp.Diff(want, res.Hits); diff != "" {
					t.Errorf("hits (-unfiltered, kept +filtered):\n%s", diff)
				}
				if facet.name == "kind" || facet.name == "force" {
					if res.Total != c.Count {
						t.Errorf("total %d, the facet said %d", res.Total, c.Count)
					}
				}
			})
		}
	}
}

// TestFiltersAlone proves that a query of filters alone lists the
// documents that pass, each by its title paragraph, newest first.
func TestFiltersAlone(t *testing.T) {
	ix := openMetaIndex(t)
	res, err := query.Search(context.Background(), ix, "kind:法", query.Options{})
	if err != nil {
		t.Fatal(err)
	}
	type row struct {
		Doc, Text string
		N         int
	}
	var got []row
	for _, h := range res.Hits {
		got = append(got, row{filepath.Base(h.Doc), h.Text, h.Paragraph})
	}
	want := []row{
		{"安全生产法(2021-06-10).md", "中华人民共和国安全生产法", 1},
		{"law-gongyi.md", "中华人民共和国公益事业捐赠法", 1},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("hits (-want +got):\n%s", diff)
	}
	if res.Total != 2 || res.Documents != 2 {
		t.Errorf("total %d in %d documents, want 2 in 2", res.Total, res.Documents)
	}
	if _, err := query.Search(context.Background(), ix, "-kind:法", query.Options{}); err == nil {
		t.Error("-kind:法 alone: no error; an excluded filter alone lists nothing to list")
	}
}

// TestLawArticles proves that a hit in a law names its article, and that a
// law's name with an article number finds that article first.
func TestLawArticles(t *testing.T) {
	ix := openMetaIndex(t)
	for _, q := range []string{"安全生产法 第二十一条", "《安全生产法》第二十一条", "第二十一条 安全生产法", "安全生产法第二十一条", "中华人民共和国安全生产法 第二十一条"} {
		t.Run(q, func(t *testing.T) {
			res, err := query.Search(context.Background(), ix, q, query.Options{Limit: 3})
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Hits) == 0 {
				t.Fatal("no hits")
			}
			h := res.Hits[0]
			if h.Article != "第二十一条" || !strings.HasPrefix(h.Text, "第二十一条 ") || filepath.Base(h.Doc) != "安全生产法(2021-06-10).md" {
				t.Errorf("first hit %s ¶%d %q, article %q; want 第二十一条 of 安全生产法", h.Doc, h.Paragraph, h.Text, h.Article)
			}
		})
	}
	t.Run("a paragraph inside an article names it", func(t *testing.T) {
		res, err := query.Search(context.Background(), ix, `"组织制定并实施本单位安全生产规章制度和操作规程"`, query.Options{})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, h := range res.Hits {
			got = append(got, h.Article)
		}
		if diff := cmp.Diff([]string{"第二十一条"}, got); diff != "" {
			t.Errorf("articles (-want +got):\n%s", diff)
		}
	})
	t.Run("reports have no articles", func(t *testing.T) {
		res, err := query.Search(context.Background(), ix, "kind:报告 发展", query.Options{Limit: 50})
		if err != nil {
			t.Fatal(err)
		}
		for _, h := range res.Hits {
			if h.Article != "" {
				t.Errorf("%s ¶%d: article %q", h.Doc, h.Paragraph, h.Article)
			}
		}
	})
	t.Run("another law's article", func(t *testing.T) {
		res, err := query.Search(context.Background(), ix, "公益事业捐赠法 第十条", query.Options{Limit: 1})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Hits) != 1 || res.Hits[0].Article != "第十条" || filepath.Base(res.Hits[0].Doc) != "law-gongyi.md" {
			t.Errorf("hits %+v; want 第十条 of law-gongyi.md", res.Hits)
		}
	})
	t.Run("a law not in the index is searched as typed", func(t *testing.T) {
		asTyped, err := query.Search(context.Background(), ix, `消防条例 第二十一条`, query.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if asTyped.Total != 0 {
			t.Errorf("%d hits; no paragraph holds both", asTyped.Total)
		}
	})
}
