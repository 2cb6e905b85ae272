package query

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"

	"github.com/zhsearch/zhsearch/index"
	"github.com/zhsearch/zhsearch/segment"
)

// Options adjust a search.
type Options struct {
	Limit  int      // hits to return; 0 means all
	Offset int      // hits to skip, for paging
	Docs   []string // when set, only paragraphs of the documents with these paths
	Years  []string // when set, only paragraphs of documents dated in these years ("2024")
}

// A Hit is one paragraph that matches.
type Hit struct {
	ID        string   `json:"id"`
	Doc       string   `json:"doc"` // the document's path
	Title     string   `json:"title"`
	Date      string   `json:"date,omitempty"`
	Section   []string `json:"section"`
	Paragraph int      `json:"paragraph"`
	Heading   bool     `json:"heading,omitempty"` // the paragraph is a title or heading
	Text      string   `json:"text"`
	Score     float64  `json:"score"`
	Matches   []Match  `json:"matches"` // every occurrence of every keyword, by start
}

// A Result is one page of hits and what the whole search found.
type Result struct {
	Hits       []Hit
	Total      int           // paragraphs that match
	Documents  int           // documents they belong to
	ByDocument []Count       // matching paragraphs per document, most first
	ByYear     []Count       // matching paragraphs per year of the documents' dates, by year
	Took       time.Duration // time spent searching
}

// A Count is how many matching paragraphs have a value.
type Count struct {
	Value string `json:"value"`           // a document's path, or a year
	Label string `json:"label,omitempty"` // a document's title
	Count int    `json:"count"`
}

// maxVerified bounds the candidates checked one by one for a query the index
// can only narrow down (see compiled.verify).
const maxVerified = 200000

// hitOrder ranks hits by score; equal scores go by document key, then in
// paragraph order. Without these, tied hits would come in the order bleve
// happened to store them, which varies from build to build.
var hitOrder = []string{"-_score", index.FieldDoc, index.FieldOrder}

// storedFields are loaded for every hit.
var storedFields = []string{index.FieldText, index.FieldDoc, index.FieldNumber, index.FieldSection, index.FieldKind}

// Search runs a query string against ix.
func Search(ctx context.Context, ix *index.Index, queryText string, opts Options) (*Result, error) {
	start := time.Now()
	root, err := Parse(queryText)
	if err != nil {
		return nil, err
	}
	c, err := compile(ix, queryText, root, opts)
	if err != nil {
		return nil, err
	}
	s := &searcher{ix: ix}
	var res *Result
	if c.verify {
		res, err = s.verified(ctx, root, c, opts)
	} else {
		res, err = s.direct(ctx, c, opts)
	}
	if err != nil {
		return nil, err
	}
	res.Took = time.Since(start)
	return res, nil
}

type searcher struct {
	ix *index.Index
}

// direct lets bleve rank and page.
func (s *searcher) direct(ctx context.Context, c *compiled, opts Options) (*Result, error) {
	size := opts.Limit
	if size <= 0 {
		size = maxVerified
	}
	req := bleve.NewSearchRequestOptions(c.bleve, size, opts.Offset, false)
	req.Fields = storedFields
	req.SortBy(hitOrder)
	req.AddFacet("docs", bleve.NewFacetRequest(index.FieldDoc, maxVerified))
	req.AddFacet("years", bleve.NewFacetRequest(index.FieldYear, 10000))
	res, err := s.ix.Bleve().SearchInContext(ctx, req)
	if err != nil {
		return nil, searchError(err)
	}
	out := &Result{Total: int(res.Total)}
	docCounts, yearCounts := map[string]int{}, map[string]int{}
	if f := res.Facets["docs"]; f != nil {
		for _, t := range f.Terms.Terms() {
			docCounts[t.Term] = t.Count
		}
	}
	if f := res.Facets["years"]; f != nil {
		for _, t := range f.Terms.Terms() {
			yearCounts[t.Term] = t.Count
		}
	}
	if err := s.counts(out, docCounts, yearCounts); err != nil {
		return nil, err
	}
	for _, dm := range res.Hits {
		h, err := s.hit(dm, c)
		if err != nil {
			return nil, err
		}
		out.Hits = append(out.Hits, h)
	}
	return out, nil
}

// verified fetches every candidate, keeps those that really match, then
// pages.
func (s *searcher) verified(ctx context.Context, root Node, c *compiled, opts Options) (*Result, error) {
	req := bleve.NewSearchRequestOptions(c.bleve, maxVerified, 0, false)
	req.Fields = storedFields
	req.SortBy(hitOrder)
	res, err := s.ix.Bleve().SearchInContext(ctx, req)
	if err != nil {
		return nil, searchError(err)
	}
	if res.Total > maxVerified {
		return nil, fmt.Errorf("the query matches over %d candidate paragraphs that each need checking; add a keyword: %w", maxVerified, ErrTooComplex)
	}
	out := &Result{}
	docCounts, yearCounts := map[string]int{}, map[string]int{}
	for _, dm := range res.Hits {
		h, err := s.hit(dm, c)
		if err != nil {
			return nil, err
		}
		if !s.eval(root, &h, newFoldedText(h.Text)) {
			continue
		}
		out.Total++
		key, _ := dm.Fields[index.FieldDoc].(string)
		docCounts[key]++
		if y := index.Year(h.Date); y != "" {
			yearCounts[y]++
		}
		if out.Total > opts.Offset && (opts.Limit <= 0 || len(out.Hits) < opts.Limit) {
			out.Hits = append(out.Hits, h)
		}
	}
	if err := s.counts(out, docCounts, yearCounts); err != nil {
		return nil, err
	}
	return out, nil
}

// counts fills in a result's document and year counts from counts by
// document key and by year.
func (s *searcher) counts(out *Result, byKey, byYear map[string]int) error {
	titles, err := s.ix.Titles()
	if err != nil {
		return err
	}
	out.Documents = len(byKey)
	out.ByDocument = []Count{}
	for _, d := range titles {
		if n := byKey[d.Key]; n > 0 {
			out.ByDocument = append(out.ByDocument, Count{Value: d.Path, Label: d.Title, Count: n})
		}
	}
	sort.SliceStable(out.ByDocument, func(i, j int) bool { return out.ByDocument[i].Count > out.ByDocument[j].Count })
	out.ByYear = []Count{}
	for y, n := range byYear {
		out.ByYear = append(out.ByYear, Count{Value: y, Count: n})
	}
	sort.Slice(out.ByYear, func(i, j int) bool { return out.ByYear[i].Value < out.ByYear[j].Value })
	return nil
}

// eval checks a hit against the query by matching its text.
func (s *searcher) eval(n Node, h *Hit, text *foldedText) bool {
	switch n := n.(type) {
	case *Keyword:
		p := newPattern(n.Text)
		switch n.Field {
		case FieldTitle:
			return newFoldedText(h.Title).contains(p)
		case FieldSection:
			sec := strings.Join(h.Section, "\n")
			if h.Heading {
				sec += "\n" + h.Text
			}
			return newFoldedText(sec).contains(p)
		case FieldDoc:
			return strings.Contains(segment.FoldString(h.Doc), p.folded)
		}
		return text.contains(p)
	case *And:
		for _, c := range n.Nodes {
			if !s.eval(c, h, text) {
				return false
			}
		}
		return true
	case *Or:
		for _, c := range n.Nodes {
			if s.eval(c, h, text) {
				return true
			}
		}
		return false
	case *Not:
		return !s.eval(n.Node, h, text)
	}
	return false
}

func (s *searcher) hit(dm *search.DocumentMatch, c *compiled) (Hit, error) {
	h := Hit{ID: dm.ID, Score: dm.Score}
	h.Text, _ = dm.Fields[index.FieldText].(string)
	key, _ := dm.Fields[index.FieldDoc].(string)
	n, _ := dm.Fields[index.FieldNumber].(string)
	h.Paragraph, _ = strconv.Atoi(n)
	h.Section = []string{}
	if sec, _ := dm.Fields[index.FieldSection].(string); sec != "" {
		h.Section = strings.Split(sec, index.SectionSeparator)
	}
	kind, _ := dm.Fields[index.FieldKind].(string)
	h.Heading = kind == "t" || kind == "h"
	doc, err := s.ix.Doc(key)
	if err != nil {
		return h, err
	}
	h.Doc, h.Title, h.Date = doc.Path, doc.Title, doc.Date
	h.Matches = highlight(h.Text, c.highlight)
	return h, nil
}

// highlight returns every occurrence of every pattern in text, by start.
func highlight(text string, patterns []pattern) []Match {
	matches := []Match{}
	if len(patterns) == 0 {
		return matches
	}
	ft := newFoldedText(text)
	seen := map[string]bool{}
	for _, p := range patterns {
		if seen[p.folded] {
			continue
		}
		seen[p.folded] = true
		matches = append(matches, ft.find(p)...)
	}
	sort.Slice(matches, func(i, j int) bool {
		if matches[i].Start != matches[j].Start {
			return matches[i].Start < matches[j].Start
		}
		return matches[i].End < matches[j].End
	})
	return matches
}

// searchError keeps a cancelled or timed-out search recognisable.
func searchError(err error) error {
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
		return fmt.Errorf("search stopped: %w", err)
	}
	return fmt.Errorf("search: %w", err)
}
