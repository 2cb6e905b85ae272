package web

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/zhsearch/zhsearch/query"
)

// Search answers collapse repeated text by default, as the page and the CLI
// show it; collapse=0 lists every hit; the totals are the same.
func TestSearchCollapse(t *testing.T) {
	h := NewHandler(Fixed(testIndex), Options{})
	col := decodeSearch(t, serve(t, h, "GET", searchURL(url.Values{"q": {"政协委员"}})))
	all := decodeSearch(t, serve(t, h, "GET", searchURL(url.Values{"q": {"政协委员"}, "collapse": {"0"}})))
	if col.Total != all.Total || col.Documents != all.Documents {
		t.Errorf("collapsed %d hits in %d documents, every hit %d in %d", col.Total, col.Documents, all.Total, all.Documents)
	}
	if all.Groups != all.Total || len(all.Hits) != all.Total {
		t.Errorf("collapse=0: %d groups, %d hits shown of %d", all.Groups, len(all.Hits), all.Total)
	}
	repeats := 0
	for _, hit := range col.Hits {
		repeats += len(hit.Repeats)
	}
	if repeats == 0 || col.Groups != len(col.Hits) || col.Groups+repeats != col.Total {
		t.Errorf("collapsed: %d groups, %d shown, %d repeats, %d hits", col.Groups, len(col.Hits), repeats, col.Total)
	}
	for _, hit := range all.Hits {
		if len(hit.Repeats) > 0 {
			t.Errorf("collapse=0: %s lists repeats", hit.ID)
		}
	}
	strict := decodeSearch(t, serve(t, h, "GET", searchURL(url.Values{"q": {"政协委员"}, "similarity": {"1"}})))
	if strict.Groups != strict.Total {
		t.Errorf("similarity=1 collapsed edited formulas: %d groups of %d hits", strict.Groups, strict.Total)
	}
	for _, bad := range []url.Values{{"q": {"政协委员"}, "collapse": {"maybe"}}, {"q": {"政协委员"}, "similarity": {"0.1"}}, {"q": {"政协委员"}, "similarity": {"x"}}} {
		if w := serve(t, h, "GET", searchURL(bad)); w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), codeBadParam) {
			t.Errorf("%v: status %d, %s", bad, w.Code, w.Body)
		}
	}
}

func TestReuseAPI(t *testing.T) {
	h := NewHandler(Fixed(testIndex), Options{})
	hebei, shanxi := docPath(t, "河北省.txt"), docPath(t, "山西省.txt")
	w := serve(t, h, "GET", "/api/reuse?"+url.Values{"doc": {hebei}}.Encode())
	if w.Code != http.StatusOK {
		t.Fatalf("status %d: %s", w.Code, w.Body)
	}
	var got query.Reuse
	if err := json.Unmarshal(w.Body.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	want, err := query.FindReuse(context.Background(), testIndex, mustDoc(t, hebei), 0)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, &got); diff != "" {
		t.Errorf("/api/reuse (-query.FindReuse +API):\n%s", diff)
	}
	if len(got.Reused) == 0 {
		t.Error("nothing reused: the test proves nothing")
	}

	w = serve(t, h, "GET", "/api/reuse?"+url.Values{"doc": {hebei}, "with": {shanxi}, "similarity": {"0.4"}}.Encode())
	var cmpRes query.Comparison
	if err := json.Unmarshal(w.Body.Bytes(), &cmpRes); err != nil || w.Code != http.StatusOK {
		t.Fatalf("status %d, %v: %s", w.Code, err, w.Body)
	}
	if cmpRes.B.Doc != shanxi || len(cmpRes.Pairs) == 0 || cmpRes.Similarity != 0.4 {
		t.Errorf("comparison: %+v", cmpRes)
	}

	for _, tt := range []struct {
		target string
		status int
		code   string
	}{
		{"/api/reuse", http.StatusBadRequest, codeBadParam},
		{"/api/reuse?doc=nowhere.txt", http.StatusNotFound, codeNoDocument},
		{"/api/reuse?" + url.Values{"doc": {hebei}, "with": {""}}.Encode(), http.StatusBadRequest, codeBadParam},
		{"/api/reuse?" + url.Values{"doc": {hebei}, "similarity": {"2"}}.Encode(), http.StatusBadRequest, codeBadParam},
	} {
		w := serve(t, h, "GET", tt.target)
		var e apiError
		if err := json.Unmarshal(w.Body.Bytes(), &e); err != nil || w.Code != tt.status || e.Code != tt.code {
			t.Errorf("%s: status %d, %s; want %d %s", tt.target, w.Code, w.Body, tt.status, tt.code)
		}
	}

	// The page of a document's reuse is the search page, which reads its
	// state from the address.
	page := serve(t, h, "GET", "/reuse?"+url.Values{"doc": {hebei}}.Encode())
	if page.Code != http.StatusOK || !strings.Contains(page.Body.String(), `<script src="/static/app.js"`) {
		t.Errorf("/reuse: status %d", page.Code)
	}
}

func mustDoc(t *testing.T, path string) int {
	t.Helper()
	doc, err := query.FindDocument(testIndex, path)
	if err != nil {
		t.Fatal(err)
	}
	return doc
}
