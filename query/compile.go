package query

import (
	"fmt"
	"strings"

	bq "github.com/blevesearch/bleve/v2/search/query"

	"github.com/zhsearch/zhsearch/index"
	"github.com/zhsearch/zhsearch/segment"
)

// Ranking weights. A keyword that stands as a whole gse word in the paragraph
// adds wholeWordBonus, which no BM25 sum reaches, so paragraphs sort first by
// how many keywords they hold as whole words and then by BM25 (the
// "exactness before relevance" rule of Meilisearch's ranking). A match in
// the heading path adds its BM25 score with sectionBoost; a keyword in the
// document title adds titleBonus.
const (
	wholeWordBonus = 10000
	titleBonus     = 3.0
	sectionBoost   = 1.5
)

// compiled is a query ready to run.
type compiled struct {
	bleve bq.Query
	// verify: the index can only narrow the candidates down (a keyword with
	// punctuation or spaces inside, or its negation); every candidate must
	// be checked against the query by matching its text.
	verify bool
	// highlight: the keywords to mark in hits' text.
	highlight []pattern
}

// compiler turns a parsed query into a bleve query.
type compiler struct {
	ix       *index.Index
	query    string
	verify   bool
	patterns []pattern
	bonus    map[int]float64 // by document (index into Titles): titleBonus per keyword in its title
}

func compile(ix *index.Index, queryText string, root Node, opts Options) (*compiled, error) {
	c := &compiler{ix: ix, query: queryText, bonus: map[int]float64{}}
	q, needsCheck, err := c.node(root, false)
	if err != nil {
		return nil, err
	}
	if filters, err := c.filters(opts); err != nil {
		return nil, err
	} else if len(filters) > 0 {
		q = bq.NewConjunctionQuery(append([]bq.Query{q}, filters...))
	}
	if len(c.bonus) > 0 {
		titles, err := ix.Titles()
		if err != nil {
			return nil, err
		}
		bonus := make([]float64, len(titles))
		for doc, b := range c.bonus {
			bonus[doc] = b
		}
		q = &documentBonusQuery{query: q, bonus: bonus, places: ix.Places()}
	}
	return &compiled{bleve: q, verify: c.verify || needsCheck, highlight: c.patterns}, nil
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
	}
	return nil, false, fmt.Errorf("query: unknown node %T", n)
}

func (c *compiler) keyword(k *Keyword, negated bool) (bq.Query, bool, error) {
	p := newPattern(k.Text)
	if !p.searchable {
		return nil, false, &SyntaxError{Query: c.query, Column: k.Column,
			Msg: fmt.Sprintf("%q has no letters, digits or Chinese characters to search for", k.Text)}
	}
	switch k.Field {
	case FieldDoc:
		q, err := c.docFilter(k, func(d index.DocTitle) bool { return strings.Contains(segment.FoldString(d.Path), p.folded) })
		return q, false, err
	case FieldTitle:
		q, err := c.docFilter(k, func(d index.DocTitle) bool { return p.inFolded(d.FoldedTitle) })
		return q, false, err
	case FieldSection:
		q, superset := gramQuery("section", p.folded)
		return q, superset, nil
	}
	match, superset := gramQuery("text", p.folded)
	if negated {
		return match, superset, nil
	}
	c.patterns = append(c.patterns, p)
	// Ranking: a heading match weighs more, and so does a title match (see
	// compile); a whole-word match lifts the paragraph a tier.
	section, _ := gramQuery("section", p.folded)
	section.(interface{ SetBoost(float64) }).SetBoost(sectionBoost)

	titles, err := c.ix.Titles()
	if err != nil {
		return nil, false, err
	}
	for i, d := range titles {
		if p.inFolded(d.FoldedTitle) {
			c.bonus[i] += titleBonus
		}
	}
	word := bq.NewTermQuery(p.folded)
	word.SetField(index.FieldTextWords)
	whole := &constantScoreQuery{query: word, score: wholeWordBonus}
	return &bonusQuery{must: match, optional: []bq.Query{section, whole}}, superset, nil
}

// gramQuery finds folded keyword text in a part of paragraphs through its
// unit and bigram fields. Each run of touching units becomes a term (one
// unit), a bigram term or a phrase of bigrams; a keyword of several runes
// (punctuation or spaces inside) needs all its runs and is only a superset,
// reported by the second result.
func gramQuery(part, folded string) (bq.Query, bool) {
	unitField, bigramField, _ := index.GramFields(part)
	var runs [][]segment.Unit
	var prev segment.Unit
	for u := range segment.Units(folded) {
		if len(runs) > 0 && segment.Adjacent(prev, u) {
			runs[len(runs)-1] = append(runs[len(runs)-1], u)
		} else {
			runs = append(runs, []segment.Unit{u})
		}
		prev = u
	}
	var queries []bq.Query
	for _, run := range runs {
		if len(run) == 1 {
			t := bq.NewTermQuery(run[0].Term)
			t.SetField(unitField)
			queries = append(queries, t)
			continue
		}
		bigrams := make([]string, len(run)-1)
		for i := range bigrams {
			bigrams[i] = run[i].Term + run[i+1].Term
		}
		if len(bigrams) == 1 {
			t := bq.NewTermQuery(bigrams[0])
			t.SetField(bigramField)
			queries = append(queries, t)
			continue
		}
		queries = append(queries, newBigramPhrase(bigramField, bigrams))
	}
	// Whole-keyword text with something besides units between runs, or
	// around them, must be checked against the text.
	superset := len(runs) > 1 || strings.TrimFunc(folded, func(r rune) bool { return !isUnitRune(r) }) != folded
	if len(queries) == 1 {
		return queries[0], superset
	}
	return bq.NewConjunctionQuery(queries), superset
}

// maxDocFilter bounds how many documents a doc: or title: keyword may name.
const maxDocFilter = 4096

// docFilter restricts to the documents that match, by their keys. It adds
// nothing to the score.
func (c *compiler) docFilter(k *Keyword, match func(index.DocTitle) bool) (bq.Query, error) {
	titles, err := c.ix.Titles()
	if err != nil {
		return nil, err
	}
	var terms []bq.Query
	for _, d := range titles {
		if match(d) {
			t := bq.NewTermQuery(d.Key)
			t.SetField(index.FieldDoc)
			terms = append(terms, t)
		}
	}
	if len(terms) > maxDocFilter {
		return nil, fmt.Errorf("%s:%s names %d documents, more than %d: %w", k.Field, k.Text, len(terms), maxDocFilter, ErrTooComplex)
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
			wanted[p] = true
		}
		titles, err := c.ix.Titles()
		if err != nil {
			return nil, err
		}
		var terms []bq.Query
		for _, d := range titles {
			if wanted[d.Path] {
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
