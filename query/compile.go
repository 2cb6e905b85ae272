package query

import (
	"context"
	"fmt"
	"strings"

	"github.com/blevesearch/bleve/v2/search"
	bq "github.com/blevesearch/bleve/v2/search/query"

	"github.com/zhsearch/zhsearch/index"
	"github.com/zhsearch/zhsearch/segment"
)

// Ranking weights. A keyword that stands as a whole gse word in the paragraph
// adds wholeWordBonus, which no BM25 sum reaches, so paragraphs sort first by
// how many keywords they hold as whole words and then by BM25 (the
// "exactness before relevance" rule of Meilisearch's ranking). Matches in
// the document title and the heading path add their BM25 scores with these
// boosts.
const (
	wholeWordBonus = 10000
	titleBoost     = 2.0
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
	docs     []index.DocRecord // loaded on the first doc: keyword
	verify   bool
	patterns []pattern
}

func compile(ix *index.Index, queryText string, root Node) (*compiled, error) {
	c := &compiler{ix: ix, query: queryText}
	q, needsCheck, err := c.node(root, false)
	if err != nil {
		return nil, err
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
	if k.Field == FieldDoc {
		q, err := c.docFilter(p)
		return q, false, err
	}
	part := "text"
	switch k.Field {
	case FieldTitle:
		part = "title"
	case FieldSection:
		part = "section"
	}
	match, superset := gramQuery(part, p.folded)
	if k.Field != FieldText || negated {
		return match, superset, nil
	}
	c.patterns = append(c.patterns, p)
	// Ranking: title and heading matches weigh more; a whole-word match
	// lifts the paragraph a tier (see wholeWordBonus).
	title, _ := gramQuery("title", p.folded)
	title.(boostable).SetBoost(titleBoost)
	section, _ := gramQuery("section", p.folded)
	section.(boostable).SetBoost(sectionBoost)
	weighted := bq.NewBooleanQuery([]bq.Query{match}, []bq.Query{title, section}, nil)
	word := bq.NewTermQuery(p.folded)
	word.SetField(index.FieldTextWords)
	bonus := bq.NewCustomScoreQueryWithScorer(word, constantScore(wholeWordBonus), nil, nil)
	return bq.NewBooleanQuery([]bq.Query{weighted}, []bq.Query{bonus}, nil), superset, nil
}

type boostable interface{ SetBoost(float64) }

func constantScore(v float64) func(context.Context, *search.DocumentMatch) (float64, error) {
	return func(context.Context, *search.DocumentMatch) (float64, error) { return v, nil }
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
		ph := bq.NewPhraseQuery(bigrams, bigramField)
		queries = append(queries, ph)
	}
	// Whole-keyword text with something besides units between runs, or
	// around them, must be checked against the text.
	superset := len(runs) > 1 || strings.TrimFunc(folded, func(r rune) bool { return !isUnitRune(r) }) != folded
	if len(queries) == 1 {
		return queries[0], superset
	}
	return bq.NewConjunctionQuery(queries), superset
}

// maxDocFilter bounds how many documents a doc: keyword may name.
const maxDocFilter = 4096

// docFilter restricts to the documents whose path holds the folded text. It
// adds nothing to the score.
func (c *compiler) docFilter(p pattern) (bq.Query, error) {
	if c.docs == nil {
		docs, err := c.ix.Docs()
		if err != nil {
			return nil, err
		}
		c.docs = docs
	}
	var terms []bq.Query
	for _, d := range c.docs {
		if strings.Contains(segment.FoldString(d.Path), p.folded) {
			t := bq.NewTermQuery(d.Key)
			t.SetField(index.FieldDoc)
			terms = append(terms, t)
		}
	}
	if len(terms) == 0 {
		return bq.NewMatchNoneQuery(), nil
	}
	if len(terms) > maxDocFilter {
		return nil, fmt.Errorf("doc:%s names %d documents, more than %d: %w", p.folded, len(terms), maxDocFilter, ErrTooComplex)
	}
	return bq.NewCustomScoreQueryWithScorer(bq.NewDisjunctionQuery(terms), constantScore(0), nil, nil), nil
}
