package main

import (
	"context"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/zhsearch/zhsearch/query"
)

// The bound on known-item MRR@10: no ranking that does not know the target
// does better, on average, than one that orders the paragraphs a query
// matches by how likely the generator was to make the query from each,
// every eligible paragraph being as likely a target as any other (see
// generator.likelihood). Where several paragraphs are as likely as the
// target, it is taken to come at a random place among them.

// boundResult is what the bound says of one known-item query.
type boundResult struct {
	rr    float64 // expected reciprocal rank (within depth) of the likelihood ranking
	ahead int     // paragraphs likelier than the target
	ties  int     // paragraphs as likely as the target, itself included
}

// knownItemBounds works out the bound of each item, over the paragraphs
// zhsearch matches (all of them: its recall is exact).
func knownItemBounds(ctx context.Context, s *systems, g *generator, items []knownItem) ([]boundResult, error) {
	out := make([]boundResult, len(items))
	for i, it := range items {
		res, err := query.Search(ctx, s.zh, it.Query, query.Options{})
		if err != nil {
			return nil, fmt.Errorf("known-item query %q: %w", it.Query, err)
		}
		target := g.likelihood(it, it.Target)
		b := boundResult{ties: 1}
		seen := map[int]bool{}
		for _, h := range res.Hits {
			p, err := s.c.paragraph(h.Doc, h.Paragraph)
			if err != nil {
				return nil, err
			}
			if seen[p] || s.c.paras[p].same == s.c.paras[it.Target].same {
				continue
			}
			seen[p] = true
			switch l := g.likelihood(it, p); {
			case l > target:
				b.ahead++
			case l == target:
				b.ties++
			}
		}
		for r := b.ahead + 1; r <= b.ahead+b.ties && r <= depth; r++ {
			b.rr += 1 / float64(r)
		}
		b.rr /= float64(b.ties)
		out[i] = b
	}
	return out, nil
}

// Causes of a known-item miss: why zhsearch ranks another paragraph first.
const (
	causeAsLikely  = "as likely as the target (the bound's own loss)"
	causeTitle     = "title"
	causeHeading   = "heading path"
	causeTF        = "more occurrences"
	causeLength    = "shorter text (length normalisation)"
	causeRelevance = "relevance, other"
	causeOther     = "other"
)

// scoreParts are the parts of an explained score, by the first word of
// their message ("as typed", "relevance", "proximity", "words", ...), and
// what its relevance part says of each keyword.
type scoreParts struct {
	parts               map[string]float64
	title, heading      int     // keywords whose relevance counts the title, the heading path
	textFreq, textTerms float64 // summed over the keywords
}

func partsOf(e *query.Explanation) scoreParts {
	p := scoreParts{parts: map[string]float64{}}
	for e != nil && strings.HasPrefix(e.Message, "the article") && len(e.Details) == 2 {
		e = e.Details[1]
	}
	if e == nil {
		return p
	}
	for _, d := range e.Details {
		name, _, _ := strings.Cut(d.Message, ":")
		name, _, _ = strings.Cut(name, " (")
		p.parts[name] += d.Value
		if name != "relevance" {
			continue
		}
		for _, k := range d.Details {
			p.title += strings.Count(k.Message, "; title →")
			p.heading += strings.Count(k.Message, "; heading path:")
			if i := strings.Index(k.Message, "text: "); i >= 0 {
				var freq, terms float64
				fmt.Sscanf(k.Message[i:], "text: %g× in %g terms", &freq, &terms)
				p.textFreq += freq
				p.textTerms = terms
			}
		}
	}
	return p
}

// missCause says why zhsearch ranks top above target for an item: that
// the generator was as likely to make the query from top, or the part of
// the score that gains top most over target.
func missCause(ctx context.Context, s *systems, g *generator, r knownItemResult) (string, error) {
	if r.zhTop < 0 || g.likelihood(r.item, r.zhTop) >= g.likelihood(r.item, r.item.Target) {
		return causeAsLikely, nil
	}
	res, err := query.Search(ctx, s.zh, r.item.Query, query.Options{Explain: true})
	if err != nil {
		return "", err
	}
	var top, target *query.Hit
	for i := range res.Hits {
		p, err := s.c.paragraph(res.Hits[i].Doc, res.Hits[i].Paragraph)
		if err != nil {
			return "", err
		}
		if top == nil {
			top = &res.Hits[i]
		}
		if s.c.paras[p].same == s.c.paras[r.item.Target].same {
			target = &res.Hits[i]
			break
		}
	}
	if top == nil || target == nil {
		return causeOther, nil
	}
	a, b := partsOf(top.Explain), partsOf(target.Explain)
	cause, gain := causeOther, 0.0
	for name, v := range a.parts {
		if d := v - b.parts[name]; d > gain {
			cause, gain = name, d
		}
	}
	if cause != "relevance" {
		return cause, nil
	}
	switch {
	case a.title > b.title:
		return causeTitle, nil
	case a.heading > b.heading:
		return causeHeading, nil
	case a.textFreq > b.textFreq:
		return causeTF, nil
	case a.textTerms < b.textTerms:
		return causeLength, nil
	}
	return causeRelevance, nil
}

// printMisses prints why zhsearch misses the known items it does not rank
// first, by cause, with the reciprocal rank each cause costs.
func printMisses(ctx context.Context, w io.Writer, s *systems, g *generator, known []knownItemResult) error {
	byCause, byReason := breakdown{}, breakdown{}
	for _, r := range known {
		if r.zhRank == 1 {
			continue
		}
		cause, err := missCause(ctx, s, g, r)
		if err != nil {
			return fmt.Errorf("known-item query %q: %w", r.item.Query, err)
		}
		byCause.add(cause, r.zhRank)
		if cause == causeAsLikely {
			continue
		}
		// Why the generator could not have made the query from the
		// paragraph ranked first, or less likely than from the target.
		p := r.zhTop
		reason := "the generator makes the query from it too, less often"
		switch {
		case !g.eligible[p]:
			reason = "it is no target: under 40 characters, a heading, repeated text"
		case g.likelihood(r.item, p) == 0:
			reason = "it holds a word rarer than the query's"
		}
		byReason.add(reason, r.zhRank)
	}
	fmt.Fprintln(w, "\nknown items zhsearch does not rank first, by what puts the paragraph it ranks first ahead (MRR@10 lost):")
	byCause.print(w, len(known))
	fmt.Fprintln(w, "the misses but those, by why the generator was less likely to make the query from the paragraph ranked first than from the target:")
	byReason.print(w, len(known))
	return nil
}

// A breakdown counts misses and the reciprocal rank they lose by cause.
type breakdown map[string]*struct {
	n    int
	lost float64
}

func (b breakdown) add(cause string, rank int) {
	if b[cause] == nil {
		b[cause] = &struct {
			n    int
			lost float64
		}{}
	}
	b[cause].n++
	b[cause].lost += 1 - rr(rank)
}

func (b breakdown) print(w io.Writer, queries int) {
	causes := make([]string, 0, len(b))
	for c := range b {
		causes = append(causes, c)
	}
	// Ties (several causes losing the same) go by name, so that two runs
	// print the same lines in the same order.
	sort.Slice(causes, func(i, j int) bool {
		if li, lj := b[causes[i]].lost, b[causes[j]].lost; li != lj {
			return li > lj
		}
		return causes[i] < causes[j]
	})
	for _, c := range causes {
		fmt.Fprintf(w, "  %-62s %4d queries, %.3f\n", c, b[c].n, b[c].lost/float64(queries))
	}
}
