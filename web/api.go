package web

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/zhsearch/zhsearch/index"
	"github.com/zhsearch/zhsearch/query"
)

// Bounds on a search request.
const (
	MaxQueryRunes = 1000  // characters in q
	DefaultLimit  = 10    // hits a page when limit is not given
	MaxLimit      = 100   // hits a page at most; a larger limit is cut to this
	MaxOffset     = 10000 // hits skipped at most
	maxFilters    = 64    // doc= and year= values together
	maxFacetDocs  = 100   // rows of by_document sent; documents counts them all
)

// searchResponse is the body of GET /api/search.
type searchResponse struct {
	Query      string        `json:"query"`
	Limit      int           `json:"limit"`
	Offset     int           `json:"offset"`
	Total      int           `json:"total"`     // paragraphs that match
	Documents  int           `json:"documents"` // documents they are in
	TookMS     float64       `json:"took_ms"`
	Hits       []query.Hit   `json:"hits"`
	ByDocument []query.Count `json:"by_document"` // most first, at most maxFacetDocs
	ByYear     []query.Count `json:"by_year"`     // by year
}

// apiError is the body of every API error. Column, for a query syntax
// error, counts runes from 1.
type apiError struct {
	Error  string `json:"error"`
	Column int    `json:"column,omitempty"`
}

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
	explain       bool // explain=1: each hit says how its score was made
}

func parseSearchParams(v url.Values) (searchParams, error) {
	p := searchParams{q: v.Get("q"), limit: DefaultLimit, docs: v["doc"], years: v["year"]}
	switch e := v.Get("explain"); e {
	case "", "0", "false":
	case "1", "true":
		p.explain = true
	default:
		return p, fmt.Errorf("explain %q: want 1 or 0", e)
	}
	if !utf8.ValidString(p.q) {
		return p, errors.New("q is not valid UTF-8")
	}
	if n := utf8.RuneCountInString(p.q); n > MaxQueryRunes {
		return p, fmt.Errorf("q is %d characters long; at most %d", n, MaxQueryRunes)
	}
	var err error
	if s := v.Get("limit"); s != "" {
		if p.limit, err = strconv.Atoi(s); err != nil || p.limit < 1 {
			return p, fmt.Errorf("limit %q: want a number from 1 to %d", s, MaxLimit)
		}
		p.limit = min(p.limit, MaxLimit)
	}
	if s := v.Get("offset"); s != "" {
		if p.offset, err = strconv.Atoi(s); err != nil || p.offset < 0 || p.offset > MaxOffset {
			return p, fmt.Errorf("offset %q: want a number from 0 to %d", s, MaxOffset)
		}
	}
	if len(p.docs)+len(p.years) > maxFilters {
		return p, fmt.Errorf("%d doc and year filters; at most %d", len(p.docs)+len(p.years), maxFilters)
	}
	for _, y := range p.years {
		if len(y) != 4 || index.Year(y) != y {
			return p, fmt.Errorf("year %q: want four digits, as 2024", y)
		}
	}
	for _, d := range p.docs {
		if !utf8.ValidString(d) || d == "" {
			return p, fmt.Errorf("doc %q: want a document's path, as by_document lists them", d)
		}
	}
	return p, nil
}

func (h *handler) search(w http.ResponseWriter, r *http.Request) {
	p, err := parseSearchParams(r.URL.Query())
	if err != nil {
		writeError(w, http.StatusBadRequest, apiError{Error: err.Error()})
		return
	}
	select {
	case h.sem <- struct{}{}:
		defer func() { <-h.sem }()
	default:
		w.Header().Set("Retry-After", "1")
		writeError(w, http.StatusServiceUnavailable, apiError{Error: "too many searches at once; try again in a moment"})
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), h.opts.Timeout)
	defer cancel()
	res, err := query.Search(ctx, h.ix, p.q, query.Options{Limit: p.limit, Offset: p.offset, Docs: p.docs, Years: p.years, Explain: p.explain})
	if err != nil {
		status, body := h.searchError(err)
		writeError(w, status, body)
		return
	}
	out := searchResponse{
		Query:      p.q,
		Limit:      p.limit,
		Offset:     p.offset,
		Total:      res.Total,
		Documents:  res.Documents,
		TookMS:     math.Round(float64(res.Took)/float64(time.Millisecond)*1000) / 1000,
		Hits:       res.Hits,
		ByDocument: res.ByDocument,
		ByYear:     res.ByYear,
	}
	if out.Hits == nil {
		out.Hits = []query.Hit{}
	}
	if out.ByDocument == nil {
		out.ByDocument = []query.Count{}
	}
	if len(out.ByDocument) > maxFacetDocs {
		out.ByDocument = out.ByDocument[:maxFacetDocs]
	}
	if out.ByYear == nil {
		out.ByYear = []query.Count{}
	}
	writeJSON(w, http.StatusOK, out)
}

// searchError is the status and body for an error of query.Search.
func (h *handler) searchError(err error) (int, apiError) {
	var se *query.SyntaxError
	switch {
	case errors.As(err, &se):
		// The client has the query: name the column and the problem only.
		return http.StatusBadRequest, apiError{Error: fmt.Sprintf("column %d: %s", se.Column, se.Msg), Column: se.Column}
	case errors.Is(err, query.ErrEmptyQuery), errors.Is(err, query.ErrTooComplex), errors.Is(err, query.ErrSyntax):
		return http.StatusBadRequest, apiError{Error: err.Error()}
	case errors.Is(err, context.DeadlineExceeded):
		return http.StatusServiceUnavailable, apiError{Error: fmt.Sprintf("the search took longer than %v; add a keyword to narrow it", h.opts.Timeout)}
	}
	return http.StatusInternalServerError, apiError{Error: err.Error()}
}

func (h *handler) stats(w http.ResponseWriter, r *http.Request) {
	titles, err := h.ix.Titles()
	if err != nil {
		writeError(w, http.StatusInternalServerError, apiError{Error: err.Error()})
		return
	}
	m := h.ix.Meta()
	writeJSON(w, http.StatusOK, statsResponse{
		Documents:  len(titles),
		Paragraphs: m.Paragraphs,
		Format:     m.Format,
		Segmenter:  m.Segmenter,
		Built:      m.Built,
	})
}

func writeError(w http.ResponseWriter, status int, e apiError) { writeJSON(w, status, e) }
