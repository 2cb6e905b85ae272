package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"github.com/zhsearch/zhsearch/index"
	"github.com/zhsearch/zhsearch/query"
)

// parseSimilarity reads a similarity= parameter: "" is 0, the index's
// default.
func parseSimilarity(s string) (float64, bool) {
	if s == "" {
		return 0, true
	}
	v, err := strconv.ParseFloat(s, 64)
	return v, err == nil && v >= index.MinSimilarity && v <= 1
}

// reuse answers GET /api/reuse?doc=PATH: the paragraphs of a document that
// other documents repeat (query.Reuse), or with &with=PATH, which
// paragraphs of doc stand in the other document (query.Comparison).
// Documents are named by their paths, as hits give them.
func (h *handler) reuse(w http.ResponseWriter, r *http.Request) {
	v := r.URL.Query()
	names := []string{v.Get("doc")}
	if with := v.Get("with"); with != "" || v.Has("with") {
		names = append(names, with)
	}
	for _, n := range names {
		if e, bad := badDocParam(n); bad {
			writeError(w, http.StatusBadRequest, e)
			return
		}
	}
	sim, ok := parseSimilarity(v.Get("similarity"))
	if !ok {
		writeError(w, http.StatusBadRequest, apiError{Code: codeBadParam, Error: fmt.Sprintf("similarity %q: want a number from %g to 1", v.Get("similarity"), index.MinSimilarity)})
		return
	}
	set, release, err := h.src.Acquire()
	if err != nil {
		writeIndexError(w, err)
		return
	}
	defer release()
	// Near-duplicates are found within one index: both documents must be
	// in the same index of a set.
	var ix *index.Index
	var docs []int
	for _, n := range names {
		member, doc, err := set.Document(index.DocPath(n))
		if err != nil {
			writeIndexError(w, err)
			return
		}
		if member == nil {
			writeError(w, http.StatusNotFound, noDocument(n))
			return
		}
		if ix != nil && member != ix {
			writeError(w, http.StatusBadRequest, apiError{Code: codeBadParam, Error: fmt.Sprintf("doc %q and with %q are in two indexes; text reuse is compared within one index", names[0], n)})
			return
		}
		ix = member
		docs = append(docs, doc)
	}
	leave, err := h.gate.enter(r.Context())
	if err != nil {
		w.Header().Set("Retry-After", "1")
		writeError(w, http.StatusServiceUnavailable, h.overloaded(err))
		return
	}
	defer leave()
	ctx, cancel := context.WithTimeout(r.Context(), h.opts.Timeout)
	defer cancel()
	var body any
	if len(docs) == 2 {
		body, err = query.CompareDocuments(ctx, ix, docs[0], docs[1], sim)
	} else {
		body, err = query.FindReuse(ctx, ix, docs[0], sim)
	}
	if err != nil {
		if errors.Is(err, context.DeadlineExceeded) {
			writeError(w, http.StatusServiceUnavailable, apiError{Code: codeTimeout, Error: fmt.Sprintf("comparing took longer than %v", h.opts.Timeout)})
			return
		}
		writeIndexError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, body)
}
