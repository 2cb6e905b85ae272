package web

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/zhsearch/zhsearch/export"
	"github.com/zhsearch/zhsearch/index"
	"github.com/zhsearch/zhsearch/index/extract"
	"github.com/zhsearch/zhsearch/query"
)

// Bounds on a search request.
const (
	MaxQueryRunes = 1000  // characters in q
	DefaultLimit  = 10    // hits a page when limit is not given
	MaxLimit      = 100   // hits a page at most; a larger limit is cut to this
	MaxOffset     = 10000 // hits skipped at most
	maxFilters    = 64    // doc=, year=, kind=, region=, issuer= and force= values together
	maxFacetDocs  = 100   // rows of by_document sent; documents counts them all
)

// apiError is the body of every API error: a stable code for programs
// (and for the page, which shows its own Chinese text for each), a message
// in English, and, for a query syntax error, the column, counting runes
// from 1.
type apiError struct {
	Code   string `json:"code"`
	Error  string `json:"error"`
	Column int    `json:"column,omitempty"`
}

// The codes of API errors. They never change meaning; new ones may come.
const (
	codeEmpty      = "empty"              // 400: the query has no keyword to look for
	codeSyntax     = "syntax"             // 400: the query does not parse; column says where
	codeTooComplex = "too_complex"        // 400: too many keywords, or too many candidates to check
	codeTooLong    = "too_long"           // 400: q is over MaxQueryRunes
	codeBadParam   = "bad_parameter"      // 400: limit, offset, year, doc, a metadata filter or q is not valid
	codeNotFound   = "not_found"          // 404: no such API
	codeNoDocument = "no_document"        // 404: /api/document, /api/reuse: no document with that path in the index
	codeMethod     = "method_not_allowed" // 405: the API is read-only
	codeTimeout    = "timeout"            // 503: the search ran out of time
	codeOverloaded = "overloaded"         // 503: too many searches waiting; Retry-After says when to retry
	codeDamaged    = "damaged"            // 500: the index is damaged
	codeInternal   = "internal"           // 500: anything else
)

// statsResponse is the body of GET /api/stats.
type statsResponse struct {
	Documents  int       `json:"documents"`
	Paragraphs int       `json:"paragraphs"`
	Format     int       `json:"format"`
	Segmenter  string    `json:"segmenter"`
	Built      time.Time `json:"built"`
}

// searchParams are a search request's parameters, checked.
type searchParams struct {
	q             string
	limit, offset int
	docs, years   []string
	// filters are kind=, region=, issuer= and force=, as the query's
	// filters of those names (see filterParams).
	filters []query.Filter
	explain bool // explain=1: each hit says how its score was made
	// collapse (collapse=1, the default; collapse=0 shows every hit)
	// groups hits whose text repeats a higher-ranked hit's under it, at
	// similarity (similarity=, 0 for the index's default).
	collapse   bool
	similarity float64
}

// filterParams are the parameters that filter by a document's metadata,
// each as the query filter of the same name: kind=通知 is kind:通知.
var filterParams = [...]query.FilterName{query.FilterKind, query.FilterRegion, query.FilterIssuer, query.FilterForce}

// parseSearchParams checks a search request's parameters; a problem comes
// back as the API error to answer.
func parseSearchParams(v url.Values) (searchParams, *apiError) {
	p := searchParams{q: v.Get("q"), limit: DefaultLimit, docs: v["doc"], years: v["year"], collapse: true}
	bad := func(format string, args ...any) *apiError {
		return &apiError{Code: codeBadParam, Error: fmt.Sprintf(format, args...)}
	}
	switch c := v.Get("collapse"); c {
	case "", "1", "true":
	case "0", "false":
		p.collapse = false
	default:
		return p, bad("collapse %q: want 1 or 0", c)
	}
	var ok bool
	if p.similarity, ok = parseSimilarity(v.Get("similarity")); !ok {
		return p, bad("similarity %q: want a number from %g to 1", v.Get("similarity"), index.MinSimilarity)
	}
	switch e := v.Get("explain"); e {
	case "", "0", "false":
	case "1", "true":
		p.explain = true
	default:
		return p, bad("explain %q: want 1 or 0", e)
	}
	if !utf8.ValidString(p.q) {
		return p, bad("q is not valid UTF-8")
	}
	if n := utf8.RuneCountInString(p.q); n > MaxQueryRunes {
		return p, &apiError{Code: codeTooLong, Error: fmt.Sprintf("q is %d characters long; at most %d", n, MaxQueryRunes)}
	}
	var err error
	if s := v.Get("limit"); s != "" {
		if p.limit, err = strconv.Atoi(s); err != nil || p.limit < 1 {
			return p, bad("limit %q: want a number from 1 to %d", s, MaxLimit)
		}
		p.limit = min(p.limit, MaxLimit)
	}
	if s := v.Get("offset"); s != "" {
		if p.offset, err = strconv.Atoi(s); err != nil || p.offset < 0 || p.offset > MaxOffset {
			return p, bad("offset %q: want a number from 0 to %d", s, MaxOffset)
		}
	}
	for _, name := range filterParams {
		for _, value := range v[string(name)] {
			if !utf8.ValidString(value) || strings.TrimSpace(value) == "" {
				return p, bad("%s %q: want a value, as by_%s lists them", name, value, name)
			}
			p.filters = append(p.filters, query.Filter{Name: name, Value: value})
		}
	}
	if n := len(p.docs) + len(p.years) + len(p.filters); n > maxFilters {
		return p, bad("%d doc, year, kind, region, issuer and force filters; at most %d", n, maxFilters)
	}
	for _, y := range p.years {
		if len(y) != 4 || extract.Year(y) != y {
			return p, bad("year %q: want four digits, as 2024", y)
		}
	}
	for _, d := range p.docs {
		if !utf8.ValidString(d) || d == "" {
			return p, bad("doc %q: want a document's path, as by_document lists them", d)
		}
	}
	return p, nil
}

func (h *handler) search(w http.ResponseWriter, r *http.Request) {
	p, bad := parseSearchParams(r.URL.Query())
	if bad != nil {
		writeError(w, http.StatusBadRequest, *bad)
		return
	}
	switch f := r.URL.Query().Get("format"); f {
	case "", "json":
	case "csv", "tsv", "jsonl":
		h.export(w, r, p, f)
		return
	default:
		writeError(w, http.StatusBadRequest, apiError{Code: codeBadParam, Error: fmt.Sprintf("format %q: want json, csv, tsv or jsonl", f)})
		return
	}
	status, body := h.answer(r.Context(), w.Header(), p)
	writeBody(w, status, body)
}

// answer answers a search from an index acquired for it, from the cache
// or by searching, and returns the status and the response body. The index
// is released, and the search's slot freed, before the body is written: a
// slow client must keep neither.
func (h *handler) answer(ctx context.Context, hd http.Header, p searchParams) (int, []byte) {
	start := time.Now()
	set, release, err := h.src.Acquire()
	if err != nil {
		return encodeJSON(indexError(err))
	}
	defer release()
	req := cacheRequest(p)
	if a, ok := h.cache.get(set, req); ok {
		return http.StatusOK, a.body(time.Since(start))
	}
	leave, err := h.gate.enter(ctx)
	if err != nil {
		hd.Set("Retry-After", "1")
		return encodeJSON(http.StatusServiceUnavailable, h.overloaded(err))
	}
	defer leave()
	ctx, cancel := context.WithTimeout(ctx, h.opts.Timeout)
	defer cancel()
	res, err := query.SearchSet(ctx, set, p.q, query.Options{Limit: p.limit, Offset: p.offset, Docs: p.docs, Years: p.years, Filters: p.filters, Explain: p.explain, Synonyms: h.opts.Synonyms,
		Collapse: p.collapse, Similarity: p.similarity})
	if err != nil {
		return encodeJSON(h.searchError(err))
	}
	a, err := encodeAnswer(p, res)
	if err != nil {
		return encodeJSON(http.StatusInternalServerError, apiError{Code: codeInternal, Error: "encoding the response: " + err.Error()})
	}
	h.cache.put(set, req, a)
	return http.StatusOK, a.body(res.Took)
}

// The parts of a search response before and after took_ms: together, with
// took_ms between them, the fields of searchResponse.
type (
	answerHead struct {
		Query     string `json:"query"`
		Limit     int    `json:"limit"`
		Offset    int    `json:"offset"`
		Total     int    `json:"total"`
		Documents int    `json:"documents"`
		// Groups is what limit and offset count: hits, with repeats
		// collapsed under the hit they repeat (collapse=1), else total.
		Groups int `json:"groups"`
	}
	answerTail struct {
		Hits       []query.Hit   `json:"hits"`
		ByDocument []query.Count `json:"by_document"`
		ByYear     []query.Count `json:"by_year"`
		ByIssuer   []query.Count `json:"by_issuer"`
		ByKind     []query.Count `json:"by_kind"`
		ByRegion   []query.Count `json:"by_region"`
		ByForce    []query.Count `json:"by_force"`
	}
)

// maxFacetValues bounds the rows of each metadata facet sent.
const maxFacetValues = 50

func encodeAnswer(p searchParams, res *query.Result) (answer, error) {
	tail := answerTail{Hits: res.Hits, ByDocument: res.ByDocument, ByYear: res.ByYear}
	for _, f := range []struct {
		to   *[]query.Count
		from []query.Count
	}{{&tail.ByIssuer, res.ByIssuer}, {&tail.ByKind, res.ByKind}, {&tail.ByRegion, res.ByRegion}, {&tail.ByForce, res.ByForce}} {
		*f.to = f.from[:min(len(f.from), maxFacetValues)]
		if *f.to == nil {
			*f.to = []query.Count{}
		}
	}
	if tail.Hits == nil {
		tail.Hits = []query.Hit{}
	}
	if tail.ByDocument == nil {
		tail.ByDocument = []query.Count{}
	}
	if len(tail.ByDocument) > maxFacetDocs {
		tail.ByDocument = tail.ByDocument[:maxFacetDocs]
	}
	if tail.ByYear == nil {
		tail.ByYear = []query.Count{}
	}
	groups := res.Total
	if p.collapse {
		groups = res.Groups
	}
	head, err := json.Marshal(answerHead{Query: p.q, Limit: p.limit, Offset: p.offset, Total: res.Total, Documents: res.Documents, Groups: groups})
	if err != nil {
		return answer{}, err
	}
	rest, err := json.Marshal(tail)
	if err != nil {
		return answer{}, err
	}
	// {"query":…,"documents":N} and {"hits":…} become
	// {"query":…,"documents":N,"took_ms": and ,"hits":…}.
	return answer{
		head: append(head[:len(head)-1], `,"took_ms":`...),
		tail: append(append([]byte{','}, rest[1:]...), '\n'),
	}, nil
}

// body is the whole response body of a, with took_ms took, in
// milliseconds to the microsecond.
func (a answer) body(took time.Duration) []byte {
	ms := math.Round(float64(took)/float64(time.Millisecond)*1000) / 1000
	b := make([]byte, 0, a.size()+16)
	b = append(b, a.head...)
	b = strconv.AppendFloat(b, ms, 'f', -1, 64)
	return append(b, a.tail...)
}

// searchError is the status and body for an error of query.Search.
func (h *handler) searchError(err error) (int, apiError) {
	var se *query.SyntaxError
	switch {
	case errors.As(err, &se):
		// The client has the query: name the column and the problem only.
		return http.StatusBadRequest, apiError{Code: codeSyntax, Error: fmt.Sprintf("column %d: %s", se.Column, se.Msg), Column: se.Column}
	case errors.Is(err, query.ErrEmptyQuery):
		return http.StatusBadRequest, apiError{Code: codeEmpty, Error: err.Error()}
	case errors.Is(err, query.ErrTooComplex):
		return http.StatusBadRequest, apiError{Code: codeTooComplex, Error: err.Error()}
	case errors.Is(err, query.ErrSyntax):
		return http.StatusBadRequest, apiError{Code: codeSyntax, Error: err.Error()}
	case errors.Is(err, context.DeadlineExceeded):
		return http.StatusServiceUnavailable, apiError{Code: codeTimeout, Error: fmt.Sprintf("the search took longer than %v; add a keyword to narrow it", h.opts.Timeout)}
	}
	return indexError(err)
}

// indexError is the status and body for an error reading the index.
func indexError(err error) (int, apiError) {
	if errors.Is(err, index.ErrDamaged) {
		return http.StatusInternalServerError, apiError{Code: codeDamaged, Error: err.Error()}
	}
	return http.StatusInternalServerError, apiError{Code: codeInternal, Error: err.Error()}
}

func (h *handler) stats(w http.ResponseWriter, r *http.Request) {
	set, release, err := h.src.Acquire()
	if err != nil {
		writeIndexError(w, err)
		return
	}
	defer release()
	titles, err := set.Titles()
	if err != nil {
		writeIndexError(w, err)
		return
	}
	m := set.Meta()
	writeJSON(w, http.StatusOK, statsResponse{
		Documents:  len(titles),
		Paragraphs: m.Paragraphs,
		Format:     m.Format,
		Segmenter:  m.Segmenter,
		Built:      m.Built,
	})
}

func writeError(w http.ResponseWriter, status int, e apiError) { writeJSON(w, status, e) }

// writeIndexError answers a request whose index could not be had or read.
// overloaded is the answer to a request the gate did not let in (err):
// too many waiting already, or waited too long.
func (h *handler) overloaded(err error) apiError {
	msg := fmt.Sprintf("%d searches are waiting already; try again in a moment", h.opts.MaxQueue)
	if errors.Is(err, errWaited) {
		msg = fmt.Sprintf("the server was busy for %v; try again in a moment", h.opts.QueueWait)
	}
	return apiError{Code: codeOverloaded, Error: msg}
}

func writeIndexError(w http.ResponseWriter, err error) {
	status, e := indexError(err)
	writeError(w, status, e)
}

// MaxExport bounds the hits of one export (format=csv|tsv|jsonl); offset
// and limit are ignored there: an export is every hit, up to this.
const MaxExport = 100000

// export answers a search with every hit as a file to download, written as
// the pages of hits come.
func (h *handler) export(w http.ResponseWriter, r *http.Request, p searchParams, format string) {
	set, release, err := h.src.Acquire()
	if err != nil {
		writeIndexError(w, err)
		return
	}
	defer release()
	leave, err := h.gate.enter(r.Context())
	if err != nil {
		w.Header().Set("Retry-After", "1")
		writeError(w, http.StatusServiceUnavailable, h.overloaded(err))
		return
	}
	defer leave()
	ctx, cancel := context.WithTimeout(r.Context(), 4*h.opts.Timeout)
	defer cancel()
	opts := query.Options{Limit: 500, Docs: p.docs, Years: p.years, Filters: p.filters, Synonyms: h.opts.Synonyms}
	res, err := query.SearchSet(ctx, set, p.q, opts)
	if err != nil {
		status, e := h.searchError(err)
		writeError(w, status, e)
		return
	}
	w.Header().Set("Content-Type", export.ContentType(format))
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="zhsearch.%s"; filename*=UTF-8''%s`, format,
		url.PathEscape("zhsearch-"+p.q+"."+format)))
	ex, err := export.NewWriter(format, w)
	if err != nil {
		return
	}
	for n := 0; ; {
		for _, hit := range res.Hits {
			if ex.Write(hit) != nil {
				return // the client went away
			}
		}
		n += len(res.Hits)
		if len(res.Hits) < opts.Limit || n >= min(res.Total, MaxExport) {
			break
		}
		opts.Offset = n
		if res, err = query.SearchSet(ctx, set, p.q, opts); err != nil {
			return // the status is sent: the file ends short
		}
	}
	ex.Close()
}
