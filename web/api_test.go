package web

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/zhsearch/zhsearch/query"
)

// searchResponse is the body of GET /api/search as a client decodes it
// (answer encodes it in two parts, before and after took_ms).
type searchResponse struct {
	Query      string        `json:"query"`
	Limit      int           `json:"limit"`
	Offset     int           `json:"offset"`
	Total      int           `json:"total"`     // paragraphs that match
	Documents  int           `json:"documents"` // documents they are in
	Groups     int           `json:"groups"`    // hits, repeats collapsed: what limit and offset count
	TookMS     float64       `json:"took_ms"`
	Hits       []query.Hit   `json:"hits"`
	ByDocument []query.Count `json:"by_document"` // most first, at most maxFacetDocs
	ByYear     []query.Count `json:"by_year"`     // by year
	ByIssuer   []query.Count `json:"by_issuer"`   // most first
	ByKind     []query.Count `json:"by_kind"`
	ByRegion   []query.Count `json:"by_region"`
	ByForce    []query.Count `json:"by_force"`
}

func serve(t *testing.T, h http.Handler, method, target string) *httptest.ResponseRecorder {
	t.Helper()
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest(method, target, nil))
	return w
}

func searchURL(v url.Values) string { return "/api/search?" + v.Encode() }

// decodeSearch checks that a search response is JSON with exactly the
// documented fields and decodes it.
func decodeSearch(t *testing.T, w *httptest.ResponseRecorder) searchResponse {
	t.Helper()
	if w.Code != http.StatusOK {
		t.Fatalf("status %d, want 200; body %s", w.Code, w.Body)
	}
	if ct := w.Header().Get("Content-Type"); ct != "application/json; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(w.Body.Bytes(), &fields); err != nil {
		t.Fatalf("body is not a JSON object: %v\n%s", err, w.Body)
	}
	want := []string{"by_document", "by_force", "by_issuer", "by_kind", "by_region", "by_year", "documents", "groups", "hits", "limit", "offset", "query", "took_ms", "total"}
	got := slices.Sorted(func(yield func(string) bool) {
		for k := range fields {
			if !yield(k) {
				return
			}
		}
	})
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("response fields (-want +got):\n%s", diff)
	}
	for _, k := range []string{"hits", "by_document", "by_year", "by_issuer", "by_kind", "by_region", "by_force"} {
		if string(fields[k]) == "null" {
			t.Errorf("%s is null, want a list", k)
		}
	}
	var res searchResponse
	if err := json.Unmarshal(w.Body.Bytes(), &res); err != nil {
		t.Fatal(err)
	}
	return res
}

// docPath is the stored path of the indexed document whose path ends with
// suffix.
func docPath(t *testing.T, suffix string) string {
	t.Helper()
	titles, err := testIndex.Titles()
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range titles {
		if strings.HasSuffix(d.Path, suffix) {
			return d.Path
		}
	}
	t.Fatalf("no document %s in the test index", suffix)
	return ""
}

// TestSearchEqualsQuerySearch proves the API answers what query.Search
// answers: the same hits, totals and counts, with the parameters turned
// into Options.
func TestSearchEqualsQuerySearch(t *testing.T) {
	speech := docPath(t, "speech.txt")
	h := NewHandler(Fixed(testIndex), Options{})
	tests := []struct {
		name   string
		params url.Values
		opts   query.Options
	}{
		{"one keyword, default limit", url.Values{"q": {"非煤矿山"}}, query.Options{Limit: 10}},
		{"second page", url.Values{"q": {"非煤矿山"}, "offset": {"10"}}, query.Options{Limit: 10, Offset: 10}},
		{"many on one page", url.Values{"q": {"安全生产"}, "limit": {"100"}}, query.Options{Limit: 100}},
		{"phrase, or, exclude", url.Values{"q": {`"农村道路交通" OR 交通事故 -宣传`}}, query.Options{Limit: 10}},
		{"punctuated phrase, checked one by one", url.Values{"q": {`"安全生产，"`}, "limit": {"5"}}, query.Options{Limit: 5}},
		{"year filter", url.Values{"q": {"安全生产"}, "year": {"2024"}}, query.Options{Limit: 10, Years: []string{"2024"}}},
		{"two years", url.Values{"q": {"发展"}, "year": {"2024", "1956"}, "limit": {"20"}}, query.Options{Limit: 20, Years: []string{"2024", "1956"}}},
		{"document filter", url.Values{"q": {"安全"}, "doc": {speech}}, query.Options{Limit: 10, Docs: []string{speech}}},
		{"unknown document", url.Values{"q": {"安全"}, "doc": {"nowhere.txt"}}, query.Options{Limit: 10, Docs: []string{"nowhere.txt"}}},
		{"no hits", url.Values{"q": {"没有这种说法xyzzy"}}, query.Options{Limit: 10}},
		{"beyond the last hit", url.Values{"q": {"非煤矿山"}, "offset": {"10000"}}, query.Options{Limit: 10, Offset: 10000}},
		{"explained", url.Values{"q": {"安全社区 建设"}, "explain": {"1"}}, query.Options{Limit: 10, Explain: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.opts.Collapse = true // the API's default
			want, err := query.Search(context.Background(), testIndex, tt.params.Get("q"), tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			got := decodeSearch(t, serve(t, h, "GET", searchURL(tt.params)))
			if got.Query != tt.params.Get("q") || got.Limit != tt.opts.Limit || got.Offset != tt.opts.Offset {
				t.Errorf("query, limit, offset = %q, %d, %d; want %q, %d, %d", got.Query, got.Limit, got.Offset, tt.params.Get("q"), tt.opts.Limit, tt.opts.Offset)
			}
			if got.Total != want.Total || got.Documents != want.Documents {
				t.Errorf("total, documents = %d, %d; query.Search: %d, %d", got.Total, got.Documents, want.Total, want.Documents)
			}
			if diff := cmp.Diff(want.Hits, got.Hits, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("hits (-query.Search +API):\n%s", diff)
			}
			if diff := cmp.Diff(want.ByDocument, got.ByDocument, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("by_document (-query.Search +API):\n%s", diff)
			}
			if diff := cmp.Diff(want.ByYear, got.ByYear, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("by_year (-query.Search +API):\n%s", diff)
			}
			if got.TookMS < 0 {
				t.Errorf("took_ms %v", got.TookMS)
			}
		})
	}
}

// TestFilters proves that a year or document filter keeps exactly the
// paragraphs that the unfiltered counts said it would.
func TestFilters(t *testing.T) {
	h := NewHandler(Fixed(testIndex), Options{})
	all := decodeSearch(t, serve(t, h, "GET", searchURL(url.Values{"q": {"安全生产"}})))
	if len(all.ByYear) < 2 || len(all.ByDocument) < 2 {
		t.Fatalf("want a query with hits in several years and documents; by_year %v, by_document %v", all.ByYear, all.ByDocument)
	}
	for _, y := range all.ByYear {
		t.Run("year "+y.Value, func(t *testing.T) {
			res := decodeSearch(t, serve(t, h, "GET", searchURL(url.Values{"q": {"安全生产"}, "year": {y.Value}, "limit": {"100"}})))
			if res.Total != y.Count {
				t.Errorf("total %d, want %d as by_year said", res.Total, y.Count)
			}
			if diff := cmp.Diff([]query.Count{y}, res.ByYear); diff != "" {
				t.Errorf("by_year (-want +got):\n%s", diff)
			}
			for _, hit := range res.Hits {
				if !strings.HasPrefix(hit.Date, y.Value) {
					t.Errorf("hit %s dated %q, not in %s", hit.ID, hit.Date, y.Value)
				}
			}
		})
	}
	for _, d := range all.ByDocument[:3] {
		t.Run("document "+d.Value, func(t *testing.T) {
			res := decodeSearch(t, serve(t, h, "GET", searchURL(url.Values{"q": {"安全生产"}, "doc": {d.Value}, "limit": {"100"}})))
			if res.Total != d.Count || res.Documents != 1 {
				t.Errorf("total, documents = %d, %d; want %d, 1", res.Total, res.Documents, d.Count)
			}
			if diff := cmp.Diff([]query.Count{d}, res.ByDocument); diff != "" {
				t.Errorf("by_document (-want +got):\n%s", diff)
			}
			for _, hit := range res.Hits {
				if hit.Doc != d.Value {
					t.Errorf("hit %s is in %s, not %s", hit.ID, hit.Doc, d.Value)
				}
			}
		})
	}
}

// TestPaging proves that pages, one after another, list the hits of one
// long page in the same order, each once.
func TestPaging(t *testing.T) {
	h := NewHandler(Fixed(testIndex), Options{})
	ids := func(hits []query.Hit) []string {
		var out []string
		for _, h := range hits {
			out = append(out, h.ID)
		}
		return out
	}
	whole := decodeSearch(t, serve(t, h, "GET", searchURL(url.Values{"q": {"安全生产"}, "limit": {"100"}})))
	if whole.Total < 30 {
		t.Fatalf("want a query with 30 hits or more, got %d", whole.Total)
	}
	var paged []string
	for off := 0; off < min(whole.Total, 100); off += 7 {
		res := decodeSearch(t, serve(t, h, "GET", searchURL(url.Values{"q": {"安全生产"}, "limit": {"7"}, "offset": {strconv.Itoa(off)}})))
		if res.Total != whole.Total {
			t.Fatalf("offset %d: total %d, want %d", off, res.Total, whole.Total)
		}
		paged = append(paged, ids(res.Hits)...)
	}
	if diff := cmp.Diff(ids(whole.Hits), paged[:len(whole.Hits)]); diff != "" {
		t.Errorf("hits of pages of 7 (-one page +pages):\n%s", diff)
	}
}

// TestBounds proves that limit is cut to MaxLimit and that offset may
// reach MaxOffset.
func TestBounds(t *testing.T) {
	h := NewHandler(Fixed(testIndex), Options{})
	res := decodeSearch(t, serve(t, h, "GET", searchURL(url.Values{"q": {"安全"}, "limit": {"100000"}})))
	if res.Total <= MaxLimit {
		t.Fatalf("want a query with more than %d hits, got %d", MaxLimit, res.Total)
	}
	if res.Limit != MaxLimit || len(res.Hits) != MaxLimit {
		t.Errorf("limit=100000: limit %d and %d hits, want %d", res.Limit, len(res.Hits), MaxLimit)
	}
	res = decodeSearch(t, serve(t, h, "GET", searchURL(url.Values{"q": {"安全"}, "offset": {strconv.Itoa(MaxOffset)}})))
	if res.Offset != MaxOffset || len(res.Hits) != 0 || res.Total == 0 {
		t.Errorf("offset=%d: offset %d, %d hits of %d", MaxOffset, res.Offset, len(res.Hits), res.Total)
	}
}

// TestErrors proves that every bad request gets its status and a JSON
// body naming the problem, with the rune column of a syntax error.
func TestErrors(t *testing.T) {
	many := strings.TrimSpace(strings.Repeat("安全 ", 65))
	tests := []struct {
		name     string
		target   string
		status   int
		code     string
		column   int
		contains string
	}{
		{"no query", "/api/search", 400, "empty", 0, "empty query"},
		{"blank query", "/api/search?q=%20%20", 400, "empty", 0, "empty query"},
		{"only an exclusion", searchURL(url.Values{"q": {"-安全"}}), 400, "empty", 0, "empty query"},
		{"unclosed quote", searchURL(url.Values{"q": {`安全 "非煤矿山`}}), 400, "syntax", 4, "unclosed quote"},
		{"unclosed parenthesis", searchURL(url.Values{"q": {`安全 (非煤矿山`}}), 400, "syntax", 4, "column 4"},
		{"too long", searchURL(url.Values{"q": {strings.Repeat("安", MaxQueryRunes+1)}}), 400, "too_long", 0, "1001 characters"},
		{"too many keywords", searchURL(url.Values{"q": {many}}), 400, "too_complex", 0, "query too complex"},
		{"query not UTF-8", "/api/search?q=%FF%FE", 400, "bad_parameter", 0, "UTF-8"},
		{"limit 0", "/api/search?q=a&limit=0", 400, "bad_parameter", 0, "limit"},
		{"limit negative", "/api/search?q=a&limit=-1", 400, "bad_parameter", 0, "limit"},
		{"limit not a number", "/api/search?q=a&limit=ten", 400, "bad_parameter", 0, "limit"},
		{"offset negative", "/api/search?q=a&offset=-1", 400, "bad_parameter", 0, "offset"},
		{"explain not 0 or 1", "/api/search?q=a&explain=yes", 400, "bad_parameter", 0, "explain"},
		{"offset too far", "/api/search?q=a&offset=10001", 400, "bad_parameter", 0, "offset"},
		{"year of two digits", "/api/search?q=a&year=24", 400, "bad_parameter", 0, "year"},
		{"year not digits", "/api/search?q=a&year=abcd", 400, "bad_parameter", 0, "year"},
		{"empty document", "/api/search?q=a&doc=", 400, "bad_parameter", 0, "doc"},
		{"too many filters", "/api/search?q=a" + strings.Repeat("&year=2024", maxFilters+1), 400, "bad_parameter", 0, "filters"},
		{"no such API", "/api/index", 404, "not_found", 0, "no such API"},
	}
	h := NewHandler(Fixed(testIndex), Options{})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := serve(t, h, "GET", tt.target)
			if w.Code != tt.status {
				t.Errorf("status %d, want %d", w.Code, tt.status)
			}
			if ct := w.Header().Get("Content-Type"); ct != "application/json; charset=utf-8" {
				t.Errorf("Content-Type %q", ct)
			}
			var e apiError
			if err := json.Unmarshal(w.Body.Bytes(), &e); err != nil {
				t.Fatalf("body is not JSON: %v: %s", err, w.Body)
			}
			if e.Code != tt.code || e.Column != tt.column || !strings.Contains(e.Error, tt.contains) {
				t.Errorf("code %q, error %q, column %d; want code %q, an error holding %q, column %d", e.Code, e.Error, e.Column, tt.code, tt.contains, tt.column)
			}
		})
	}
}

// TestMethods proves that nothing but GET and HEAD is answered: the
// server is read-only.
func TestMethods(t *testing.T) {
	h := NewHandler(Fixed(testIndex), Options{})
	for _, target := range []string{"/", "/static/app.js", "/api/search?q=安全", "/api/stats"} {
		for _, method := range []string{"POST", "PUT", "DELETE", "PATCH", "OPTIONS"} {
			t.Run(method+" "+target, func(t *testing.T) {
				w := serve(t, h, method, target)
				if w.Code != http.StatusMethodNotAllowed {
					t.Errorf("status %d, want 405", w.Code)
				}
				if got := w.Header().Get("Allow"); got != "GET, HEAD" {
					t.Errorf("Allow %q", got)
				}
				if strings.HasPrefix(target, "/api/") {
					var e apiError
					if err := json.Unmarshal(w.Body.Bytes(), &e); err != nil || e.Error == "" || e.Code != "method_not_allowed" {
						t.Errorf("body %q, want a JSON error with code method_not_allowed (%v)", w.Body, err)
					}
				}
			})
		}
	}
	if w := serve(t, h, "HEAD", "/"); w.Code != http.StatusOK {
		t.Errorf("HEAD /: status %d", w.Code)
	}
}

// TestHeaders proves that every response says what it is, forbids
// sniffing and carries the page's strict Content-Security-Policy, and that
// the page and its files are revalidated while API answers are not stored.
func TestHeaders(t *testing.T) {
	h := NewHandler(Fixed(testIndex), Options{})
	tests := []struct {
		target, ctype, cache string
		status               int
	}{
		{"/", "text/html; charset=utf-8", "no-cache", 200},
		{"/?q=%E5%AE%89%E5%85%A8&page=2", "text/html; charset=utf-8", "no-cache", 200},
		{"/static/app.js", "text/javascript; charset=utf-8", "no-cache", 200},
		{"/static/style.css", "text/css; charset=utf-8", "no-cache", 200},
		{"/static/icon.svg", "image/svg+xml", "no-cache", 200},
		{"/api/search?q=%E5%AE%89%E5%85%A8", "application/json; charset=utf-8", "no-store", 200},
		{"/api/search?q=", "application/json; charset=utf-8", "no-store", 400},
		{"/api/stats", "application/json; charset=utf-8", "no-store", 200},
		{"/static/nothing.js", "text/html; charset=utf-8", "no-cache", 404},
		{"/index.html", "text/html; charset=utf-8", "no-cache", 404},
		{"/static/404.html", "text/html; charset=utf-8", "no-cache", 404},
	}
	for _, tt := range tests {
		t.Run(tt.target, func(t *testing.T) {
			w := serve(t, h, "GET", tt.target)
			hd := w.Header()
			if w.Code != tt.status {
				t.Errorf("status %d, want %d", w.Code, tt.status)
			}
			if got := hd.Get("Content-Type"); got != tt.ctype {
				t.Errorf("Content-Type %q, want %q", got, tt.ctype)
			}
			if got := hd.Get("Cache-Control"); got != tt.cache {
				t.Errorf("Cache-Control %q, want %q", got, tt.cache)
			}
			if got := hd.Get("X-Content-Type-Options"); got != "nosniff" {
				t.Errorf("X-Content-Type-Options %q", got)
			}
			p := hd.Get("Content-Security-Policy")
			for _, want := range []string{"default-src 'self'", "script-src 'self'", "object-src 'none'", "frame-ancestors 'none'"} {
				if !strings.Contains(p, want) {
					t.Errorf("Content-Security-Policy %q lacks %q", p, want)
				}
			}
			if strings.Contains(p, "unsafe") || strings.Contains(p, "*") {
				t.Errorf("Content-Security-Policy %q is not strict", p)
			}
		})
	}
	t.Run("revalidation", func(t *testing.T) {
		w := serve(t, h, "GET", "/static/app.js")
		etag := w.Header().Get("ETag")
		if etag == "" {
			t.Fatal("no ETag")
		}
		r := httptest.NewRequest("GET", "/static/app.js", nil)
		r.Header.Set("If-None-Match", etag)
		w = httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if w.Code != http.StatusNotModified {
			t.Errorf("If-None-Match with the ETag: status %d, want 304", w.Code)
		}
	})
}

// TestHTMLInTextIsJSONText proves that a document whose lines are HTML
// comes back as text, escaped by encoding/json, never as markup.
func TestHTMLInTextIsJSONText(t *testing.T) {
	h := NewHandler(Fixed(testIndex), Options{})
	w := serve(t, h, "GET", searchURL(url.Values{"q": {injectedKeyword}}))
	raw := w.Body.String()
	for _, bad := range []string{"<script", "<img", "</script", "<b>"} {
		if strings.Contains(raw, bad) {
			t.Errorf("response holds %q unescaped", bad)
		}
	}
	if !strings.Contains(raw, `\u003cscript\u003e`) {
		t.Errorf("response lacks the escaped script tag: %s", raw)
	}
	res := decodeSearch(t, w)
	var texts []string
	for _, hit := range res.Hits {
		texts = append(texts, hit.Text)
		for _, m := range hit.Matches {
			if got := hit.Text[m.Start:m.End]; got != injectedKeyword {
				t.Errorf("hit %s: match %q, want %q", hit.ID, got, injectedKeyword)
			}
		}
	}
	for _, want := range []string{injectedScript, injectedImg} {
		if !slices.Contains(texts, want) {
			t.Errorf("no hit with text %q; texts %q", want, texts)
		}
	}
}

func TestStats(t *testing.T) {
	h := NewHandler(Fixed(testIndex), Options{})
	w := serve(t, h, "GET", "/api/stats")
	if w.Code != http.StatusOK {
		t.Fatalf("status %d: %s", w.Code, w.Body)
	}
	var got statsResponse
	if err := json.Unmarshal(w.Body.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	titles, err := testIndex.Titles()
	if err != nil {
		t.Fatal(err)
	}
	m := testIndex.Meta()
	want := statsResponse{Documents: len(titles), Paragraphs: m.Paragraphs, Format: m.Format, Segmenter: m.Segmenter, Built: m.Built}
	if diff := cmp.Diff(want, got, cmpopts.EquateApproxTime(time.Second)); diff != "" {
		t.Errorf("stats (-want +got):\n%s", diff)
	}
	if got.Documents < len(extraDocs)+2 || got.Paragraphs <= got.Documents {
		t.Errorf("stats %+v: too few documents or paragraphs", got)
	}
}

// TestTimeout proves that a search that runs out of time gets 503 and
// says so.
func TestTimeout(t *testing.T) {
	h := NewHandler(Fixed(testIndex), Options{Timeout: time.Nanosecond})
	w := serve(t, h, "GET", "/api/search?q=%E5%AE%89%E5%85%A8")
	var e apiError
	json.Unmarshal(w.Body.Bytes(), &e)
	if w.Code != http.StatusServiceUnavailable || e.Code != "timeout" || !strings.Contains(e.Error, "longer than") {
		t.Errorf("status %d, code %q, error %q; want 503, timeout and a message saying so", w.Code, e.Code, e.Error)
	}
}

// TestNotFoundPage proves that a path outside the API that is not the page
// or one of its files gets the page's own 404 page, in Chinese, in the
// page's style, with the search box.
func TestNotFoundPage(t *testing.T) {
	h := NewHandler(Fixed(testIndex), Options{})
	for _, target := range []string{"/nothing", "/static/", "/static/nothing.js", "/a/b?q=1"} {
		t.Run(target, func(t *testing.T) {
			w := serve(t, h, "GET", target)
			if w.Code != http.StatusNotFound {
				t.Errorf("status %d, want 404", w.Code)
			}
			body := w.Body.String()
			for _, want := range []string{`<html lang="zh-CN">`, "找不到这个页面", `href="/static/style.css"`, `<form id="search" action="/"`, `href="/"`} {
				if !strings.Contains(body, want) {
					t.Errorf("404 page lacks %q:\n%s", want, body)
				}
			}
		})
	}
	if w := serve(t, h, "HEAD", "/nothing"); w.Code != http.StatusNotFound {
		t.Errorf("HEAD /nothing: status %d, want 404", w.Code)
	}
}
