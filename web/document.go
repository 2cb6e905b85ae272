package web

import (
	"fmt"
	"net/http"
	"unicode/utf8"

	"github.com/zhsearch/zhsearch/index"
	"github.com/zhsearch/zhsearch/query"
)

// documentResponse is the body of GET /api/document: a document as the
// index holds it, what zhsearch show prints of a file.
type documentResponse struct {
	Doc       string `json:"doc"` // its path, as hits name it
	Title     string `json:"title"`
	Date      string `json:"date,omitempty"`
	Effective string `json:"effective,omitempty"`
	Issuer    string `json:"issuer,omitempty"`
	Number    string `json:"number,omitempty"`
	Kind      string `json:"kind,omitempty"`
	Region    string `json:"region,omitempty"`
	Force     string `json:"force,omitempty"`
	Status    string `json:"status,omitempty"`
	// Paragraphs in order; an overlong paragraph comes in parts, each
	// with the paragraph's number.
	Paragraphs []docParagraph `json:"paragraphs"`
}

type docParagraph struct {
	N       int      `json:"n"` // the paragraph number, as a hit's paragraph
	Text    string   `json:"text"`
	Section []string `json:"section"`
	Heading bool     `json:"heading,omitempty"`
	Article string   `json:"article,omitempty"` // in a law, the article it is or is in
}

func (h *handler) document(w http.ResponseWriter, r *http.Request) {
	path := r.URL.Query().Get("doc")
	if e, bad := badDocParam(path); bad {
		writeError(w, http.StatusBadRequest, e)
		return
	}
	set, release, err := h.src.Acquire()
	if err != nil {
		writeIndexError(w, err)
		return
	}
	defer release()
	status, body := documentAnswer(set, path)
	writeJSON(w, status, body)
}

// badDocParam says what is wrong with a doc parameter that cannot be a
// document's path.
func badDocParam(path string) (apiError, bool) {
	if path == "" || !utf8.ValidString(path) {
		return apiError{Code: codeBadParam, Error: fmt.Sprintf("doc %q: want a document's path, as hits and by_document give it", path)}, true
	}
	return apiError{}, false
}

// noDocument is the answer for a document path no index of the set holds.
func noDocument(path string) apiError {
	return apiError{Code: codeNoDocument, Error: fmt.Sprintf("doc %q: no such document in the index", path)}
}

// documentAnswer reads the document with the path from the index of set
// that holds it.
func documentAnswer(set *index.Set, path string) (int, any) {
	ix, doc, err := set.Document(index.DocPath(path))
	if err != nil {
		return indexError(err)
	}
	if ix == nil {
		return http.StatusNotFound, noDocument(path)
	}
	reader, err := ix.Reader()
	if err != nil {
		return indexError(err)
	}
	defer reader.Close()
	paras, err := ix.DocumentParagraphs(reader, doc)
	if err != nil {
		return indexError(err)
	}
	titles, err := ix.Titles()
	if err != nil {
		return indexError(err)
	}
	d := titles[doc]
	out := documentResponse{Doc: d.Path, Title: d.Title, Date: d.Date, Effective: d.Effective, Issuer: d.Issuer, Number: d.Number,
		Kind: d.Type, Region: d.Region, Force: d.Force, Status: d.Status, Paragraphs: make([]docParagraph, 0, len(paras))}
	law, article := query.IsLaw(d), ""
	for _, p := range paras {
		if p.Heading {
			article = "" // an article does not run past a heading
		} else if a := query.ArticleOf(p.Text); a != "" && law && p.Part == 1 {
			article = a
		}
		dp := docParagraph{N: p.N, Text: p.Text, Section: p.Section, Heading: p.Heading}
		if law && !p.Heading {
			dp.Article = article
		}
		out.Paragraphs = append(out.Paragraphs, dp)
	}
	return http.StatusOK, out
}
