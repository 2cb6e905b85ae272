package web

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/zhsearch/zhsearch/query"
)

// TestMetadataFacets proves that the facets by kind, issuer, region and
// force count what filtering by each value then finds, and that the
// filter parameters mean what the query's filters mean.
func TestMetadataFacets(t *testing.T) {
	h := NewHandler(Fixed(testIndex), Options{})
	all := decodeSearch(t, serve(t, h, "GET", searchURL(url.Values{"q": {"安全"}})))
	want, err := query.Search(context.Background(), testIndex, "安全", query.Options{Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []struct {
		name       string
		got, wantC []query.Count
	}{{"by_kind", all.ByKind, want.ByKind}, {"by_issuer", all.ByIssuer, want.ByIssuer}, {"by_region", all.ByRegion, want.ByRegion}, {"by_force", all.ByForce, want.ByForce}} {
		if diff := cmp.Diff(f.wantC, f.got, cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("%s (-query.Search +API):\n%s", f.name, diff)
		}
	}
	// The test corpus holds a law and reports: both kinds must show.
	kinds := map[string]int{}
	for _, c := range all.ByKind {
		kinds[c.Value] = c.Count
	}
	if kinds["法"] == 0 || kinds["报告"] == 0 || kinds["法"]+kinds["报告"] > all.Total {
		t.Fatalf("by_kind %v: want 法 and 报告, counting at most the %d hits", all.ByKind, all.Total)
	}
	for _, facet := range []struct {
		param  string
		counts []query.Count
	}{{"kind", all.ByKind}, {"issuer", all.ByIssuer}, {"region", all.ByRegion}, {"force", all.ByForce}} {
		for _, c := range facet.counts {
			t.Run(facet.param+"="+c.Value, func(t *testing.T) {
				res := decodeSearch(t, serve(t, h, "GET", searchURL(url.Values{"q": {"安全"}, facet.param: {c.Value}, "limit": {"100"}})))
				// issuer and region match substrings: a value takes in the
				// values that hold it (国务院 takes in 国务院办公厅).
				wantTotal := c.Count
				if facet.param == "issuer" || facet.param == "region" {
					for _, o := range facet.counts {
						if o.Value != c.Value && strings.Contains(o.Value, c.Value) {
							wantTotal += o.Count
						}
					}
				}
				if res.Total != wantTotal {
					t.Errorf("total %d, want %d as by_%s said", res.Total, wantTotal, facet.param)
				}
				// The parameter means what the query's filter means.
				inQuery := decodeSearch(t, serve(t, h, "GET", searchURL(url.Values{"q": {"安全 " + facet.param + `:"` + c.Value + `"`}, "limit": {"100"}})))
				if diff := cmp.Diff(inQuery.Hits, res.Hits, cmpopts.EquateEmpty()); diff != "" {
					t.Errorf("hits of %s:%s in the query (-) and as a parameter (+):\n%s", facet.param, c.Value, diff)
				}
			})
		}
	}
	t.Run("a parameter and the query's filter must both hold", func(t *testing.T) {
		res := decodeSearch(t, serve(t, h, "GET", searchURL(url.Values{"q": {"安全 kind:法"}, "kind": {"报告"}})))
		if res.Total != 0 {
			t.Errorf("kind:法 with kind=报告: %d hits, want 0", res.Total)
		}
	})
	t.Run("two values of one parameter match either", func(t *testing.T) {
		res := decodeSearch(t, serve(t, h, "GET", searchURL(url.Values{"q": {"安全"}, "kind": {"法", "报告"}})))
		if res.Total != kinds["法"]+kinds["报告"] {
			t.Errorf("kind=法&kind=报告: %d hits, want %d", res.Total, kinds["法"]+kinds["报告"])
		}
	})
	t.Run("an empty value is a bad parameter", func(t *testing.T) {
		w := serve(t, h, "GET", searchURL(url.Values{"q": {"安全"}, "region": {" "}}))
		if w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), `"code":"bad_parameter"`) {
			t.Errorf("status %d, body %s; want 400 bad_parameter", w.Code, w.Body)
		}
	})
	t.Run("a bad date range names its column", func(t *testing.T) {
		w := serve(t, h, "GET", searchURL(url.Values{"q": {"安全 date:2024-13"}}))
		var e apiError
		if err := json.Unmarshal(w.Body.Bytes(), &e); err != nil || w.Code != http.StatusBadRequest || e.Code != codeSyntax || e.Column != 9 {
			t.Errorf("status %d, body %s; want 400 syntax at column 9", w.Code, w.Body)
		}
	})
}

// TestDocument proves that /api/document gives a document's paragraphs as
// the index holds them, in order, with its metadata and, in a law, each
// paragraph's article.
func TestDocument(t *testing.T) {
	h := NewHandler(Fixed(testIndex), Options{})
	law := docPath(t, "安全生产法(2021-06-10).md")
	w := serve(t, h, "GET", "/api/document?"+url.Values{"doc": {law}}.Encode())
	if w.Code != http.StatusOK {
		t.Fatalf("status %d: %s", w.Code, w.Body)
	}
	var d documentResponse
	if err := json.Unmarshal(w.Body.Bytes(), &d); err != nil {
		t.Fatal(err)
	}
	head := documentResponse{Doc: law, Title: "中华人民共和国安全生产法", Date: "2021-06-10", Issuer: "全国人民代表大会常务委员会",
		Kind: "法", Region: "全国", Force: "法律", Effective: d.Effective}
	got := d
	got.Paragraphs = nil
	if diff := cmp.Diff(head, got); diff != "" {
		t.Errorf("metadata (-want +got):\n%s", diff)
	}
	// Every paragraph a search finds in the law is there, at its number,
	// with the same text, section and article.
	res, err := query.Search(context.Background(), testIndex, "生产经营单位", query.Options{Docs: []string{law}})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) < 20 {
		t.Fatalf("%d hits in the law, want many", len(res.Hits))
	}
	byN := map[int]docParagraph{}
	for i, p := range d.Paragraphs {
		if i > 0 && p.N < d.Paragraphs[i-1].N {
			t.Fatalf("paragraph %d after %d: not in order", p.N, d.Paragraphs[i-1].N)
		}
		if _, ok := byN[p.N]; !ok {
			byN[p.N] = p
		}
	}
	for _, hit := range res.Hits {
		p, ok := byN[hit.Paragraph]
		if !ok {
			t.Errorf("hit ¶%d is not in the document", hit.Paragraph)
			continue
		}
		want := docParagraph{N: hit.Paragraph, Text: hit.Text, Section: hit.Section, Heading: hit.Heading, Article: hit.Article}
		if !strings.HasPrefix(want.Text, p.Text[:min(len(p.Text), len(want.Text))]) {
			t.Errorf("¶%d text differs", hit.Paragraph)
		}
		p.Text, want.Text = "", ""
		if diff := cmp.Diff(want, p, cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("¶%d (-hit +document):\n%s", hit.Paragraph, diff)
		}
	}
	// 第二十一条's list items are in 第二十一条.
	var items []string
	for _, p := range d.Paragraphs {
		if p.Article == "第二十一条" {
			items = append(items, p.Text)
		}
	}
	if len(items) < 2 || !strings.HasPrefix(items[0], "第二十一条") || !strings.HasPrefix(items[1], "（一）") {
		t.Errorf("paragraphs of 第二十一条: %q; want the article and its items", items)
	}

	for _, tc := range []struct {
		target string
		status int
		code   string
	}{
		{"/api/document?doc=nowhere.txt", http.StatusNotFound, codeNoDocument},
		{"/api/document", http.StatusBadRequest, codeBadParam},
		{"/api/document?doc=%FF", http.StatusBadRequest, codeBadParam},
	} {
		w := serve(t, h, "GET", tc.target)
		var e apiError
		if err := json.Unmarshal(w.Body.Bytes(), &e); err != nil || w.Code != tc.status || e.Code != tc.code {
			t.Errorf("%s: status %d, body %s; want %d %s", tc.target, w.Code, w.Body, tc.status, tc.code)
		}
	}
}
