package query

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2/search"
	bleveindex "github.com/blevesearch/bleve_index_api"

	"github.com/zhsearch/zhsearch/index"
	"github.com/zhsearch/zhsearch/index/extract"
	"github.com/zhsearch/zhsearch/segment"
)

// Options adjust a search.
type Options struct {
	Limit  int      // hits to return; 0 means all
	Offset int      // hits to skip, for paging
	Docs   []string // when set, only paragraphs of the documents with these paths
	Years  []string // when set, only paragraphs of documents dated in these years ("2024")
	// Filters, when set, restrict to the documents they match, as the
	// same filters in the query would, and on top of the query's own:
	// Filter{Name: FilterKind, Value: "通知"} is kind:通知. Only Name and
	// Value are read.
	Filters []Filter
	// Explain sets each hit's Explain: how its score was made.
	Explain bool
	// Synonyms: the abbreviations and synonyms keywords are expanded
	// with; nil means BuiltinSynonyms.
	Synonyms *Synonyms
	// Exact: keywords are searched only as typed, without synonyms.
	Exact bool
	// Collapse groups hits whose text repeats that of a hit ranked above
	// (see collapse.go): Offset and Limit then count groups.
	Collapse bool
	// Similarity is the threshold of Collapse, from index.MinSimilarity
	// to 1; 0 means index.DefaultSimilarity.
	Similarity float64

	// noDistinctive turns the distinctive signal off, for tests of what
	// ranks exactly as one build of the same files does (see
	// export_test.go).
	noDistinctive bool
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
	// Article is, in a law, the article the paragraph is or is in
	// ("第二十一条").
	Article string `json:"article,omitempty"`
	// Metadata is what the hit's document says of itself, where it says.
	Metadata
	Text    string  `json:"text"`
	Score   float64 `json:"score"`
	Matches []Match `json:"matches"` // every occurrence of every keyword, by start
	// Expanded: the other forms of keywords (synonyms, abbreviations)
	// that the text holds.
	Expanded []Expanded `json:"expanded,omitempty"`
	// Explain says how Score was made, when [Options.Explain] asks.
	Explain *Explanation `json:"explain,omitempty"`
	// Repeats are the hits collapsed under this one ([Options.Collapse]).
	Repeats []Repeat `json:"repeats,omitempty"`
}

// Metadata is what a document says of itself ([index.DocTitle]): the
// fields searches filter by, empty where the document does not say.
type Metadata struct {
	Issuer    string `json:"issuer,omitempty"`    // 发文机关
	Number    string `json:"number,omitempty"`    // 发文字号
	Kind      string `json:"kind,omitempty"`      // 文种: 通知, 条例…
	Region    string `json:"region,omitempty"`    // 地域
	Force     string `json:"force,omitempty"`     // 效力级别
	Status    string `json:"status,omitempty"`    // 时效性
	Effective string `json:"effective,omitempty"` // 施行日期
}

func metadataOf(d index.DocTitle) Metadata {
	return Metadata{Issuer: d.Issuer, Number: d.Number, Kind: d.Type, Region: d.Region, Force: d.Force, Status: d.Status, Effective: d.Effective}
}

// Expanded is a form of a keyword, other than the one typed, that a hit's
// text holds: the keyword 安委会 found as 安全生产委员会.
type Expanded struct {
	Keyword string `json:"keyword"` // as typed
	Form    string `json:"form"`    // as in the synonym list
}

// A Result is one page of hits and what the whole search found.
type Result struct {
	Hits       []Hit
	Total      int     // paragraphs that match
	Groups     int     // hits and groups of repeated hits, with Options.Collapse
	Documents  int     // documents they belong to
	ByDocument []Count // matching paragraphs per document, most first
	ByYear     []Count // matching paragraphs per year of the documents' dates, by year
	// Matching paragraphs per value of the documents' metadata, most
	// first (see [index.DocTitle]); documents that do not say are not
	// counted.
	ByIssuer, ByKind, ByRegion, ByForce []Count
	Took                                time.Duration // time spent searching
}

// A Count is how many matching paragraphs have a value.
type Count struct {
	Value string `json:"value"`           // a document's path, or a year
	Label string `json:"label,omitempty"` // a document's title
	Count int    `json:"count"`
}

// maxVerified bounds the candidates checked one by one for a query the index
// can only narrow down (see compiled.verify), and the hits of a search for
// all hits.
const maxVerified = 200000

// Search runs a query string against ix. Hits are ranked by score; equal
// scores go in document order (by path), then paragraph order.
func Search(ctx context.Context, ix *index.Index, queryText string, opts Options) (*Result, error) {
	return run(ctx, ix, queryText, opts, false, nil)
}

// run is Search; full runs every query through bleve's searchers, as the
// fast path for queries of keywords alone must rank exactly alike. sc, when
// set, makes it one member's part of a search over a set (see SearchSet).
func run(ctx context.Context, ix *index.Index, queryText string, opts Options, full bool, sc *setScope) (res *Result, err error) {
	start := time.Now()
	// A segment file changed under the index (damage the checks on open
	// cannot see, or a file truncated while mapped) makes zap panic or
	// fault on a mapped page while the search reads it: report that as
	// damage, as opening does, never as a crash. (Searches read the index
	// in this goroutine.)
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			res, err = nil, fmt.Errorf("%s: %w: reading it failed while searching: %v (zhsearch check verifies every file)", ix.Dir(), index.ErrDamaged, r)
		}
	}()
	// Held for the whole search: closing ix meanwhile waits for it.
	done, err := ix.Use()
	if err != nil {
		return nil, err
	}
	defer done()
	root, err := Parse(queryText)
	if err != nil {
		return nil, err
	}
	titles, err := ix.TitleList()
	if err != nil {
		return nil, err
	}
	root, matcher := splitFilters(root)
	// Over a set, what the query means is decided over every member's
	// documents (a law named in one member's titles is asked for in all).
	all := sc.allTitles(titles)
	docs, err := allowedDocs(all, matcher, opts.Filters)
	if err != nil {
		return nil, err
	}
	root, art := findArticle(root, all)
	if art != nil {
		docs = bothAllow(docs, art.docs)
	}
	docs = sc.local(docs, titles.Len())
	syn := opts.Synonyms
	if syn == nil {
		syn = builtinUnread()
	}
	if opts.Exact {
		syn = nil
	}
	c, err := compile(ix, queryText, root, docs, opts, syn, sc.allTitles(nil))
	if err != nil {
		return nil, err
	}
	ctx = sc.rank(ctx, c)
	if art != nil {
		c.bleve = &articleBoostQuery{query: c.bleve, ix: ix, article: art.article}
	}
	reader, err := sc.readerOf(ix)
	if err != nil {
		return nil, searchError(err)
	}
	if sc == nil {
		defer reader.Close() // a set's are SearchSet's to close
	}
	s := &searcher{ix: ix, titles: titles, reader: reader, full: full, c: c, scope: sc}
	if c.verify {
		res, err = s.verified(ctx, root, c, opts)
	} else {
		res, err = s.direct(ctx, c, opts)
	}
	if err == nil {
		// Reads of the place table and of word rarity answer as if a
		// damaged entry were not there: a filter drops such a hit (see
		// docMaskSearcher), ranking scores it without its document or
		// lengths, a word reads as in no paragraph. Once the hits are
		// read, any such damage fails the search rather than let it
		// answer short or out of order.
		err = ix.Damage()
	}
	if err != nil {
		return nil, searchError(err)
	}
	res.Took = time.Since(start)
	return res, nil
}

type searcher struct {
	ix     *index.Index
	titles *index.TitleList
	reader bleveindex.IndexReader // one snapshot for the whole search
	// articles remembers the article each law paragraph read so far is
	// in (see article).
	articles map[articleKey]string
	full     bool // no fast path (see collect)
	c        *compiled
	scope    *setScope // set in a search over a set of indexes
}

// direct ranks every hit of the query and loads the page asked for.
func (s *searcher) direct(ctx context.Context, c *compiled, opts Options) (*Result, error) {
	if opts.Collapse {
		return s.collapsed(ctx, nil, c, opts)
	}
	keep := opts.Offset + opts.Limit
	if opts.Limit <= 0 || keep > maxVerified {
		keep = maxVerified
	}
	found, err := collect(ctx, s.ix, s.reader, c.bleve, keep, s.full)
	if err != nil {
		return nil, err
	}
	out := &Result{Total: found.total}
	s.counts(out, found.perDoc)
	page := found.top[min(opts.Offset, len(found.top)):]
	if opts.Limit > 0 && len(page) > opts.Limit {
		page = page[:opts.Limit]
	}
	var nums []uint64
	for _, r := range page {
		h, err := s.hit(r, c)
		if err != nil {
			return nil, err
		}
		if h.Article, err = s.article(&h, r.place.Doc); err != nil {
			return nil, err
		}
		out.Hits = append(out.Hits, h)
		nums = append(nums, r.num)
	}
	if opts.Explain {
		if err := s.explain(ctx, c, out.Hits, nums); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// explain sets the explanation of each hit, whose scorch document numbers
// are nums, by running the query again to each of them.
func (s *searcher) explain(ctx context.Context, c *compiled, hits []Hit, nums []uint64) error {
	q := c.bleve
	boost, boosted := q.(*articleBoostQuery)
	if boosted {
		q = boost.query
		defer func() {
			for i := range hits {
				if e := hits[i].Explain; e != nil && hits[i].Score >= e.Value+articleBonus {
					hits[i].Explain = &Explanation{Value: hits[i].Score, Message: "the article asked for, ranked first", Details: []*Explanation{
						{Value: articleBonus, Message: "article " + boost.article + " of the law named"}, e}}
				}
			}
		}()
	}
	rq, ok := q.(*rankQuery)
	if !ok || len(hits) == 0 {
		return nil
	}
	order := make([]int, len(hits))
	for i := range order {
		order[i] = i
	}
	sort.Slice(order, func(a, b int) bool { return nums[order[a]] < nums[order[b]] })
	explained := *rq
	explained.explain = true
	searcher, err := explained.Searcher(scoring(ctx, s.ix), s.reader, s.ix.Mapping(), search.SearcherOptions{})
	if err != nil {
		return err
	}
	defer searcher.Close()
	rs := searcher.(*rankSearcher)
	sctx := &search.SearchContext{
		DocumentMatchPool: search.NewDocumentMatchPool(searcher.DocumentMatchPoolSize(), 0),
		IndexReader:       s.reader,
	}
	for _, i := range order {
		dm, err := searcher.Advance(sctx, bleveindex.NewIndexInternalID(nil, nums[i]))
		if err != nil {
			return err
		}
		if dm != nil && dm.IndexInternalID.Value() == nums[i] {
			hits[i].Explain = rs.explanation
		}
		if dm != nil {
			sctx.DocumentMatchPool.Put(dm)
		}
	}
	return nil
}

// verified ranks every candidate, keeps those that really match, then
// pages.
func (s *searcher) verified(ctx context.Context, root Node, c *compiled, opts Options) (*Result, error) {
	if opts.Collapse {
		return s.collapsed(ctx, root, c, opts)
	}
	found, err := collect(ctx, s.ix, s.reader, c.bleve, maxVerified+1, s.full)
	if err != nil {
		return nil, err
	}
	if err := s.checkCandidates(found.total); err != nil {
		return nil, err
	}
	out := &Result{}
	var nums []uint64
	perDoc := make([]int, s.titles.Len())
	err = s.matching(ctx, root, found.top, func(r rankedHit, h Hit, text *lazyText) error {
		out.Total++
		perDoc[r.place.Doc]++
		if out.Total > opts.Offset && (opts.Limit <= 0 || len(out.Hits) < opts.Limit) {
			s.mark(&h, text.folded(), c) // only for the page: most candidates are only counted
			var err error
			if h.Article, err = s.article(&h, r.place.Doc); err != nil {
				return err
			}
			out.Hits = append(out.Hits, h)
			nums = append(nums, r.num)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	s.counts(out, perDoc)
	if opts.Explain {
		if err := s.explain(ctx, c, out.Hits, nums); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// checkCandidates refuses a query the index can only narrow down when it
// has more candidates than are checked one by one (over a set, all
// members' together).
func (s *searcher) checkCandidates(total int) error {
	if s.scope.candidatesOver(total) || total > maxVerified {
		return fmt.Errorf("the query matches over %d candidate paragraphs that each need checking; add a keyword: %w", maxVerified, ErrTooComplex)
	}
	return nil
}

// matching loads candidates in rank order and calls each with those that
// really match the query (root), with their text.
func (s *searcher) matching(ctx context.Context, root Node, candidates []rankedHit, each func(r rankedHit, h Hit, text *lazyText) error) error {
	for i, r := range candidates {
		if i%256 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		h, err := s.load(r)
		if err != nil {
			return err
		}
		text := &lazyText{text: h.Text}
		if !s.eval(root, &h, text) {
			continue
		}
		if err := each(r, h, text); err != nil {
			return err
		}
	}
	return nil
}

// counts fills in a result's document, year and metadata counts from its
// hits by document.
func (s *searcher) counts(out *Result, perDoc []int) {
	var docs []int // those with hits, most hits first, equal counts in order
	for i, n := range perDoc {
		if n > 0 {
			docs = append(docs, i)
		}
	}
	slices.SortFunc(docs, func(a, b int) int {
		if c := cmp.Compare(perDoc[b], perDoc[a]); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	})
	byYear := map[string]int{} // a few years
	// The facets sized once: growing them cost as much as the rest.
	var byIssuer, byKind, byRegion, byForce facet
	add := func(f *facet, value string, n int) {
		if value != "" && *f == nil {
			*f = make(facet, len(docs))
		}
		f.add(value, n)
	}
	out.ByDocument = make([]Count, 0, len(docs))
	for _, i := range docs {
		n := perDoc[i]
		d := s.titles.At(i)
		out.ByDocument = append(out.ByDocument, Count{Value: d.Path, Label: d.Title, Count: n})
		if y := extract.Year(d.Date); y != "" {
			byYear[y] += n
		}
		add(&byIssuer, d.Issuer, n)
		add(&byKind, d.Type, n)
		add(&byRegion, d.Region, n)
		add(&byForce, d.Force, n)
	}
	out.Documents = len(out.ByDocument)
	out.ByYear = make([]Count, 0, len(byYear))
	for y, n := range byYear {
		out.ByYear = append(out.ByYear, Count{Value: y, Count: n})
	}
	slices.SortFunc(out.ByYear, func(a, b Count) int { return strings.Compare(a.Value, b.Value) })
	out.ByIssuer, out.ByKind, out.ByRegion, out.ByForce = byIssuer.counts(), byKind.counts(), byRegion.counts(), byForce.counts()
}

// facet counts hits by one metadata field's values.
type facet map[string]int

func (f *facet) add(value string, n int) {
	if value == "" {
		return
	}
	if *f == nil {
		*f = facet{}
	}
	(*f)[value] += n
}

// counts lists the values most hits first, equal counts by value.
func (f facet) counts() []Count {
	out := make([]Count, 0, len(f))
	for v, n := range f {
		out = append(out, Count{Value: v, Count: n})
	}
	slices.SortFunc(out, func(a, b Count) int {
		if a.Count != b.Count {
			return cmp.Compare(b.Count, a.Count)
		}
		return strings.Compare(a.Value, b.Value)
	})
	return out
}

// eval checks a hit against the query by matching its text.
func (s *searcher) eval(n Node, h *Hit, text *lazyText) bool {
	switch n := n.(type) {
	case *Keyword:
		ps := s.c.keywordPatterns(n)
		switch n.Field {
		case FieldTitle:
			return (&lazyText{text: h.Title}).containsAny(ps)
		case FieldSection:
			return (&lazyText{text: index.SectionText(h.Section, h.Text, h.Heading)}).containsAny(ps)
		case FieldDoc:
			doc := segment.FoldString(h.Doc)
			for _, p := range ps {
				if strings.Contains(doc, p.folded) {
					return true
				}
			}
			return false
		}
		return text.containsAny(ps)
	case *Near:
		var t *nearText
		switch nearField(n) {
		case FieldTitle:
			t = newNearText(h.Title, nil)
		case FieldSection:
			t = newNearText(index.SectionText(h.Section, h.Text, h.Heading), nil)
		default:
			t = newNearText(h.Text, text.folded())
		}
		ok, _ := t.match(n, s.c.patterns)
		return ok
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
	case *Filter:
		return true // the documents were filtered before
	}
	return false
}

// hit loads a ranked hit. The index checks its stored text and that it is
// the paragraph the place table says.
func (s *searcher) hit(r rankedHit, c *compiled) (Hit, error) {
	h, err := s.load(r)
	if err != nil {
		return h, err
	}
	s.mark(&h, newFoldedText(h.Text), c)
	return h, nil
}

// load loads a ranked hit's paragraph, without its matches.
func (s *searcher) load(r rankedHit) (Hit, error) {
	d := s.titles.At(r.place.Doc)
	n, _ := r.place.Paragraph()
	h := Hit{Score: r.score, Doc: d.Path, Title: d.Title, Date: d.Date, Paragraph: n, Metadata: metadataOf(d)}
	p, err := s.ix.Paragraph(s.reader, r.num)
	if err != nil {
		return h, err
	}
	h.ID, h.Text, h.Section, h.Heading = p.ID, p.Text, p.Section, p.Heading
	return h, nil
}

// mark sets a hit's matches and the other forms of keywords it holds.
func (s *searcher) mark(h *Hit, ft *foldedText, c *compiled) {
	var found []patternFound
	h.Matches, found = highlight(ft, c)
	for _, e := range c.expanded {
		for i, f := range e.forms {
			p := e.patterns[i]
			j := slices.IndexFunc(found, func(pf patternFound) bool { return pf.folded == p.folded })
			in := j >= 0 && found[j].in
			if j < 0 { // a form of a proximity operand
				in = ft.contains(p)
			}
			if in {
				h.Expanded = append(h.Expanded, Expanded{Keyword: e.keyword, Form: f})
			}
		}
	}
}

// patternFound says whether a text holds a pattern, by its folded form.
type patternFound struct {
	folded string
	in     bool
}

// highlight returns every occurrence of every pattern of c in a text, and
// the occurrences of proximity groups' keywords that satisfy their
// operators, by start; and whether the text holds each pattern.
func highlight(ft *foldedText, c *compiled) ([]Match, []patternFound) {
	matches := []Match{}
	found := make([]patternFound, 0, len(c.highlight))
	for _, p := range c.highlight {
		if slices.ContainsFunc(found, func(pf patternFound) bool { return pf.folded == p.folded }) {
			continue
		}
		ms := ft.find(p)
		found = append(found, patternFound{p.folded, len(ms) > 0})
		matches = append(matches, ms...)
	}
	if len(c.near) > 0 {
		t := newNearText(ft.text, ft)
		for _, n := range c.near {
			if _, ms := t.match(n, c.patterns); len(ms) > 0 {
				matches = append(matches, ms...)
			}
		}
	}
	sortMatches(matches)
	return slices.Compact(matches), found
}

// searchError keeps a cancelled or timed-out search recognisable.
func searchError(err error) error {
	switch {
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, context.Canceled):
		return fmt.Errorf("search stopped: %w", err)
	case errors.Is(err, index.ErrDamaged), errors.Is(err, ErrTooComplex):
		return err
	}
	return fmt.Errorf("search: %w", err)
}
