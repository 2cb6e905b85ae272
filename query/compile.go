package query

import (
	"bytes"
	"fmt"
	"strings"

	bq "github.com/blevesearch/bleve/v2/search/query"

	"github.com/zhsearch/zhsearch/index"
	"github.com/zhsearch/zhsearch/segment"
)

// compiled is a query ready to run.
type compiled struct {
	bleve bq.Query
	// verify: the index can only narrow the candidates down (a keyword with
	// punctuation or spaces inside, or its negation); every candidate must
	// be checked against the query by matching its text.
	verify bool
	// highlight: the keywords to mark in hits' text, wherever they are.
	highlight []pattern
	// near: the proximity groups whose occurrences are marked where they
	// satisfy their operators.
	near []*Near
	// expanded: the keywords searched with their synonyms, to tell in
	// each hit which forms it holds.
	expanded []expansion
	syn      *Synonyms
	operands map[Node][]pattern // of every operand of a Near, made once
	forms    map[*Keyword][]pattern
}

// expansion is a keyword searched with its other forms.
type expansion struct {
	keyword  string
	forms    []string  // the other forms
	patterns []pattern // and theirs, made once for every hit
}

// keywordPatterns returns the patterns of a keyword's forms, made once
// for all the candidates a search checks.
func (c *compiled) keywordPatterns(k *Keyword) []pattern {
	if ps, ok := c.forms[k]; ok {
		return ps
	}
	var ps []pattern
	for _, f := range c.syn.keywordForms(k) {
		ps = append(ps, newPattern(f))
	}
	if c.forms == nil {
		c.forms = map[*Keyword][]pattern{}
	}
	c.forms[k] = ps
	return ps
}

// patterns returns the patterns an operand of a Near is found by.
func (c *compiled) patterns(n Node) []pattern {
	if ps, ok := c.operands[n]; ok {
		return ps
	}
	return operandPatterns(c.syn, n)
}

func operandPatterns(syn *Synonyms, n Node) []pattern {
	var out []pattern
	for _, k := range nearKeywords(n) {
		for _, f := range syn.keywordForms(k) {
			out = append(out, newPattern(f))
		}
	}
	return out
}

// compiler turns a parsed query into a bleve query.
type compiler struct {
	ix       *index.Index
	query    string
	verify   bool
	patterns []pattern
	ranked   []*rankedKeyword
	syn      *Synonyms
	inNear   bool // compiling an operand of a Near: its occurrences are not all marked
	nears    []*Near
	operands map[Node][]pattern
	expanded []expansion
	all      *index.TitleList // over a set, every member's documents (see SearchSet)
}

// compile compiles a query whose filters are taken out (see splitFilters):
// root is nil for a query of filters alone, which lists each document by
// its first paragraph; docs, when not nil, says which documents pass them.
// all, when not nil, are the documents of every index of a set that ix is
// one of.
func compile(ix *index.Index, queryText string, root Node, docs []bool, opts Options, syn *Synonyms, all *index.TitleList) (*compiled, error) {
	c := &compiler{ix: ix, query: queryText, syn: syn, operands: map[Node][]pattern{}, all: all}
	var q bq.Query = bq.NewMatchAllQuery()
	needsCheck := false
	if root != nil {
		var err error
		if q, needsCheck, err = c.node(root, false); err != nil {
			return nil, err
		}
	}
	if filters, err := c.filters(opts); err != nil {
		return nil, err
	} else if len(filters) > 0 {
		q = bq.NewConjunctionQuery(append([]bq.Query{q}, filters...))
	}
	if docs != nil || root == nil {
		titles, err := ix.TitleList()
		if err != nil {
			return nil, err
		}
		q = &docMaskQuery{query: q, places: ix.Places(), docs: docs, firstOnly: root == nil, titles: titles}
	}
	meta := ix.Meta()
	fields := fieldAverages(meta.Paragraphs, meta.Tokens)
	w := rankingWeights()
	if opts.noDistinctive {
		w.distinct = 0
	}
	q = &rankQuery{query: q, keywords: c.ranked, places: ix.Places(), rarity: ix.Rarity(), w: w, fields: fields}
	return &compiled{bleve: q, verify: c.verify || needsCheck, highlight: c.patterns,
		near: c.nears, expanded: c.expanded, syn: syn, operands: c.operands}, nil
}

// fieldAverages are the average lengths of the fields of paragraphs
// holding tokens in all.
func fieldAverages(paragraphs int, tokens map[string]int) fieldStats {
	fields := fieldStats{}
	if paragraphs > 0 {
		for field, n := range tokens {
			fields[field] = max(1, float64(n)/float64(paragraphs))
		}
	}
	return fields
}

// node compiles n. negated says n sits under an odd number of Nots, where its
// keywords are not highlighted. It reports whether the query it returns is
// only a superset of n's matches.
func (c *compiler) node(n Node, negated bool) (bq.Query, bool, error) {
	switch n := n.(type) {
	case *Keyword:
		return c.keyword(n, negated)
	case *And:
		var must, mustNot []bq.Query
		superset := false
		for _, child := range n.Nodes {
			if not, ok := child.(*Not); ok {
				q, loose, err := c.node(not.Node, !negated)
				if err != nil {
					return nil, false, err
				}
				if loose {
					// Excluding a superset would drop real matches:
					// leave the exclusion to verification.
					c.verify = true
					continue
				}
				mustNot = append(mustNot, q)
				continue
			}
			q, loose, err := c.node(child, negated)
			if err != nil {
				return nil, false, err
			}
			superset = superset || loose
			must = append(must, q)
		}
		if len(must) == 0 {
			return nil, false, &SyntaxError{Query: c.query, Column: 1, Msg: "nothing to search for: the query only excludes"}
		}
		var q bq.Query = bq.NewConjunctionQuery(must)
		if len(must) == 1 {
			q = must[0]
		}
		if len(mustNot) > 0 {
			q = bq.NewBooleanQuery([]bq.Query{q}, nil, mustNot)
		}
		return q, superset, nil
	case *Or:
		var should []bq.Query
		superset := false
		for _, child := range n.Nodes {
			q, loose, err := c.node(child, negated)
			if err != nil {
				return nil, false, err
			}
			superset = superset || loose
			should = append(should, q)
		}
		return bq.NewDisjunctionQuery(should), superset, nil
	case *Not:
		q, loose, err := c.node(n.Node, !negated)
		if err != nil {
			return nil, false, err
		}
		if loose {
			c.verify = true
			return bq.NewMatchAllQuery(), true, nil
		}
		return bq.NewBooleanQuery(nil, nil, []bq.Query{q}), false, nil
	case *Near:
		return c.near(n, negated)
	}
	return nil, false, fmt.Errorf("query: unknown node %T", n)
}

// near compiles a proximity group to all of its operands: the index
// narrows the candidates down, verification checks the operators.
func (c *compiler) near(n *Near, negated bool) (bq.Query, bool, error) {
	inNear := c.inNear
	c.inNear = true
	defer func() { c.inNear = inNear }()
	var must []bq.Query
	for _, child := range n.Nodes {
		q, _, err := c.node(child, negated)
		if err != nil {
			return nil, false, err
		}
		must = append(must, q)
		c.operands[child] = operandPatterns(c.syn, child)
	}
	if !negated && nearField(n) == FieldText {
		c.nears = append(c.nears, n)
	}
	if operands, ok := sentenceOperands(n, c.syn); ok {
		return &sentenceQuery{query: bq.NewConjunctionQuery(must), operands: operands}, false, nil
	}
	return bq.NewConjunctionQuery(must), true, nil
}

// keyword compiles a keyword to any of its forms: as typed, and its
// synonyms.
func (c *compiler) keyword(k *Keyword, negated bool) (bq.Query, bool, error) {
	if !newPattern(k.Text).searchable {
		return nil, false, &SyntaxError{Query: c.query, Column: k.Column,
			Msg: fmt.Sprintf("%q has no letters, digits or Chinese characters to search for", k.Text)}
	}
	forms := c.syn.keywordForms(k)
	if len(forms) == 1 {
		return c.form(k, k.Text, negated, true)
	}
	if !negated && k.Field == FieldText {
		e := expansion{keyword: k.Text, forms: forms[1:]}
		for _, f := range e.forms {
			e.patterns = append(e.patterns, newPattern(f))
		}
		c.expanded = append(c.expanded, e)
	}
	var alts []bq.Query
	superset := false
	for i, f := range forms {
		q, loose, err := c.form(k, f, negated, i == 0)
		if err != nil {
			return nil, false, err
		}
		alts = append(alts, q)
		superset = superset || loose
	}
	return bq.NewDisjunctionQuery(alts), superset, nil
}

// form compiles one form of a keyword. Only the form typed is ranked:
// a paragraph with the form the user wrote comes first.
func (c *compiler) form(k *Keyword, text string, negated, ranked bool) (bq.Query, bool, error) {
	p := newPattern(text)
	switch k.Field {
	case FieldDoc:
		q, err := c.docFilter(k, func(d index.DocTitle) bool { return strings.Contains(segment.FoldString(d.Path), p.folded) })
		return q, false, err
	case FieldTitle:
		q, err := c.docFilter(k, func(d index.DocTitle) bool { return p.inFolded(d.FoldedTitle) })
		return q, false, err
	case FieldSection:
		return newKeywordQuery(index.PartSection, text), superset(p.folded), nil
	}
	match := newKeywordQuery(index.PartText, text)
	if negated {
		return match, superset(p.folded), nil
	}
	if !c.inNear {
		c.patterns = append(c.patterns, p)
	}
	if !ranked {
		// Another form of a keyword whose typed form is ranked: the
		// ranking replaces every score, so this one is only matched.
		match.unscored = true
		return match, superset(p.folded), nil
	}
	titles, err := c.ix.TitleList()
	if err != nil {
		return nil, false, err
	}
	r := &rankedKeyword{text: match, section: newKeywordQuery(index.PartSection, text), name: text, inTitle: make([]bool, titles.Len())}
	// The ranking replaces the score of every match of a query with a
	// ranked keyword: bleve's score of the keyword is never used.
	match.unscored, r.section.unscored = true, true
	// Most titles do not hold the keyword as folded: those are told
	// from the mapped list without a copy.
	folded := []byte(p.folded)
	for i := range r.inTitle {
		if t := titles.FoldedTitle(i); bytes.Contains(t, folded) {
			r.inTitle[i] = p.inFolded(string(t))
		}
	}
	for _, run := range match.runs {
		if run.Bigrams {
			r.units = len(run.Changed)
			break
		}
	}
	c.ranked = append(c.ranked, r)
	return match, superset(p.folded), nil
}

// superset reports whether the index only narrows down the paragraphs that
// hold a folded keyword: one with something besides units between its
// runs, or around them, must be checked against the text.
func superset(folded string) bool {
	runs := 0
	var prev segment.Unit
	for u := range segment.Units(folded) {
		if runs == 0 || !segment.Adjacent(prev, u) {
			runs++
		}
		prev = u
	}
	return runs > 1 || strings.TrimFunc(folded, func(r rune) bool { return !isUnitRune(r) }) != folded
}

// maxDocFilter bounds how many documents a doc: or title: keyword may name.
const maxDocFilter = 4096

// docFilter restricts to the documents that match, by their keys. It adds
// nothing to the score.
func (c *compiler) docFilter(k *Keyword, match func(index.DocTitle) bool) (bq.Query, error) {
	titles, err := c.ix.TitleList()
	if err != nil {
		return nil, err
	}
	var terms []bq.Query
	for i := range titles.Len() {
		if d := titles.At(i); match(d) {
			t := bq.NewTermQuery(d.Key)
			t.SetField(index.FieldDoc)
			terms = append(terms, t)
		}
	}
	named := len(terms)
	if c.all != nil {
		// Over a set, as over one index of all its documents.
		named = 0
		for i := range c.all.Len() {
			if match(c.all.At(i)) {
				named++
			}
		}
	}
	if named > maxDocFilter {
		return nil, fmt.Errorf("%s:%s names %d documents, more than %d: %w", k.Field, k.Text, named, maxDocFilter, ErrTooComplex)
	}
	return anyOf(terms), nil
}

// filters turns Options.Docs and Options.Years into queries that add
// nothing to the score.
func (c *compiler) filters(opts Options) ([]bq.Query, error) {
	var out []bq.Query
	if len(opts.Docs) > 0 {
		wanted := map[string]bool{}
		for _, p := range opts.Docs {
			wanted[index.DocPath(p)] = true
		}
		titles, err := c.ix.TitleList()
		if err != nil {
			return nil, err
		}
		var terms []bq.Query
		for i := range titles.Len() {
			if d := titles.At(i); wanted[d.Path] {
				t := bq.NewTermQuery(d.Key)
				t.SetField(index.FieldDoc)
				terms = append(terms, t)
			}
		}
		out = append(out, anyOf(terms))
	}
	if len(opts.Years) > 0 {
		var terms []bq.Query
		for _, y := range opts.Years {
			t := bq.NewTermQuery(y)
			t.SetField(index.FieldYear)
			terms = append(terms, t)
		}
		out = append(out, anyOf(terms))
	}
	return out, nil
}

// anyOf matches what any of queries matches, with score 0.
func anyOf(queries []bq.Query) bq.Query {
	if len(queries) == 0 {
		return bq.NewMatchNoneQuery()
	}
	return &constantScoreQuery{query: bq.NewDisjunctionQuery(queries), score: 0}
}
