package web

import (
	"context"
	"encoding/csv"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/zhsearch/zhsearch/export"
	"github.com/zhsearch/zhsearch/query"
)

// TestExport: format=csv answers every hit as a CSV file to download, with
// the BOM, that encoding/csv reads back; tsv and jsonl too; a format it
// does not write is a bad parameter.
func TestExport(t *testing.T) {
	h := NewHandler(Fixed(testIndex), Options{})
	all, err := query.Search(context.Background(), testIndex, "发展", query.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, hit := range all.Hits {
		want = append(want, fmt.Sprintf("%s ¶%d", hit.Doc, hit.Paragraph))
	}
	if len(want) <= MaxLimit {
		t.Fatalf("%d hits: not more than a page of the API", len(want))
	}
	w := serve(t, h, "GET", searchURL(url.Values{"q": {"发展"}, "format": {"csv"}}))
	if w.Code != 200 {
		t.Fatalf("status %d: %s", w.Code, w.Body.String())
	}
	if ct := w.Header().Get("Content-Type"); ct != "text/csv; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
	if cd := w.Header().Get("Content-Disposition"); !strings.HasPrefix(cd, `attachment; filename="zhsearch.csv"`) ||
		!strings.Contains(cd, "filename*=UTF-8''zhsearch-%E5%8F%91%E5%B1%95.csv") {
		t.Errorf("Content-Disposition %q", cd)
	}
	body, ok := strings.CutPrefix(w.Body.String(), "\ufeff")
	if !ok {
		t.Fatal("no byte order mark")
	}
	records, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(export.Columns, records[0]); diff != "" {
		t.Errorf("header (-want +got):\n%s", diff)
	}
	var got []string
	for _, r := range records[1:] {
		got = append(got, r[0]+" ¶"+r[4])
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}
	for format, lines := range map[string]int{"tsv": len(want) + 1, "jsonl": len(want)} {
		w := serve(t, h, "GET", searchURL(url.Values{"q": {"发展"}, "format": {format}}))
		if n := strings.Count(w.Body.String(), "\n"); w.Code != 200 || n != lines {
			t.Errorf("format=%s: status %d, %d lines, want %d", format, w.Code, n, lines)
		}
	}
	if w := serve(t, h, "GET", searchURL(url.Values{"q": {"发展"}, "format": {"xls"}})); w.Code != 400 {
		t.Errorf("format=xls: status %d", w.Code)
	}
}
