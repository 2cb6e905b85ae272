package query

import (
	"context"
	"fmt"
	"slices"

	"github.com/zhsearch/zhsearch/index"
)

// Collapsing repeated text. With [Options.Collapse], a hit whose paragraph
// is a near-duplicate (see index.Similarity: the same text, or the same with
// small edits, at [Options.Similarity] or more) of a hit ranked above it is
// not a hit of its own: it is listed in that hit's group, under the group's
// first hit, as [Hit.Repeats]. Groups are made in rank order over every hit,
// so they do not depend on the page asked for, and Offset and Limit count
// groups: a collapsed hit never appears on a later page. Total, Documents
// and the counts by document, year and metadata still count every matching
// paragraph; [Result.Groups] counts the groups.
//
// A hit joins the group of the highest-ranked hit above it that it is a
// near-duplicate of; that hit may itself be a repeat (a clause copied with
// edits, then copied again with more). The pairs are the index's, computed
// and verified at build time ([index.Index.Similar]).
//
// Only the hits that have a near-duplicate in the index can be repeats or
// have them, so only those, and the best of the others up to the page
// asked for, need an exact rank: the others are counted as a search
// without Collapse counts them, each a group of its own.

// A Repeat is a paragraph of a search's hits collapsed under another hit:
// its text is the same as, or nearly the same as, that of a hit ranked
// above it.
type Repeat struct {
	ID        string `json:"id"`
	Doc       string `json:"doc"` // the document's path
	Title     string `json:"title"`
	Date      string `json:"date,omitempty"`
	Paragraph int    `json:"paragraph"`
	// Similarity is the exact similarity of its text with the hit it
	// repeats (see index.Similarity): 1 for the same text.
	Similarity float64 `json:"similarity"`
	// Of is the ID of the hit it repeats when that is not the group's
	// first hit but another repeat.
	Of string `json:"of,omitempty"`
}

// similarityThreshold is the threshold of opts, checked.
func similarityThreshold(opts Options) (float64, error) {
	t := opts.Similarity
	if t == 0 {
		return index.DefaultSimilarity, nil
	}
	if t < index.MinSimilarity || t > 1 {
		return 0, fmt.Errorf("similarity %g: the index keeps near-duplicates from %g to 1", t, index.MinSimilarity)
	}
	return t, nil
}

// A hitGroup is a hit and the hits collapsed under it, in rank order.
type hitGroup struct {
	head    rankedHit
	repeats []repeatOf
}

type repeatOf struct {
	hit rankedHit
	of  uint64 // the hit it repeats
	sim index.Similarity
}

// groupHits collapses hits, in rank order, into groups of near-duplicates
// at threshold t.
func groupHits(ix *index.Index, hits []rankedHit, t float64) ([]hitGroup, error) {
	var groups []hitGroup
	type seen struct{ group, rank int }
	at := map[uint64]seen{}
	for i, h := range hits {
		sims, err := ix.Similar(h.num)
		if err != nil {
			return nil, err
		}
		best := seen{-1, -1}
		var of index.SimilarParagraph
		for _, s := range sims {
			if !s.Sim.AtLeast(t) {
				continue
			}
			if a, ok := at[s.Num]; ok && (best.rank < 0 || a.rank < best.rank) {
				best, of = a, s
			}
		}
		if best.group < 0 {
			at[h.num] = seen{len(groups), i}
			groups = append(groups, hitGroup{head: h})
			continue
		}
		at[h.num] = seen{best.group, i}
		groups[best.group].repeats = append(groups[best.group].repeats, repeatOf{hit: h, of: of.Num, sim: of.Sim})
	}
	return groups, nil
}

// collapsed ranks every hit of the query, keeping those that match for a
// query the index can only narrow down, groups them and loads the page of
// groups asked for.
func (s *searcher) collapsed(ctx context.Context, root Node, c *compiled, opts Options) (*Result, error) {
	t, err := similarityThreshold(opts)
	if err != nil {
		return nil, err
	}
	var found *collection
	if !c.verify {
		found, err = s.collectForGroups(ctx, c, opts, t)
		if err != nil {
			return nil, err
		}
	}
	if found == nil {
		if found, err = collect(ctx, s.ix, s.reader, c.bleve, maxVerified, s.full); err != nil {
			return nil, err
		}
	}
	out := &Result{Total: found.total}
	hits := found.top
	loaded := map[uint64]Hit{}
	if c.verify {
		if err := s.checkCandidates(found.total); err != nil {
			return nil, err
		}
		// Only the candidates that really match are hits.
		out.Total = 0
		perDoc := make([]int, s.titles.Len())
		var matching []rankedHit
		err := s.matching(ctx, root, found.top, func(r rankedHit, h Hit, _ *lazyText) error {
			out.Total++
			perDoc[r.place.Doc]++
			matching = append(matching, r)
			loaded[r.num] = h
			return nil
		})
		if err != nil {
			return nil, err
		}
		hits = matching
		s.counts(out, perDoc)
	} else {
		s.counts(out, found.perDoc)
	}
	groups, err := groupHits(s.ix, hits, t)
	if err != nil {
		return nil, err
	}
	// Hits not ranked for grouping (without a near-duplicate and below
	// the page, see collectForGroups, or past the maxVerified best) are
	// each a group of their own.
	out.Groups = len(groups) + out.Total - len(hits)
	page := groups[min(opts.Offset, len(groups)):]
	if opts.Limit > 0 && len(page) > opts.Limit {
		page = page[:opts.Limit]
	}
	var nums []uint64
	for _, g := range page {
		h, ok := loaded[g.head.num]
		if ok {
			s.mark(&h, newFoldedText(h.Text), c)
		} else if h, err = s.hit(g.head, c); err != nil {
			return nil, err
		}
		if h.Article, err = s.article(&h, g.head.place.Doc); err != nil {
			return nil, err
		}
		h.Repeats = s.repeats(g)
		out.Hits = append(out.Hits, h)
		nums = append(nums, g.head.num)
	}
	if opts.Explain {
		if err := s.explain(ctx, c, out.Hits, nums); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// collectForGroups finds the hits of a query the index answers exactly
// (not c.verify) and ranks exactly those that grouping and the page can
// need: every hit with a near-duplicate in the index at threshold t (a
// repeat, or the hit a repeat is grouped under, must be one), and the
// best Offset+Limit of the others, each a group of its own, which are the
// most any page of groups can show. The rest are counted, their scores
// only bounded, as a search without Collapse does. It returns those hits
// in rank order as top, or nil when the query has more hits than are
// ranked for collapsing (maxVerified), which collapsed then ranks as it
// always did.
func (s *searcher) collectForGroups(ctx context.Context, c *compiled, opts Options, t float64) (*collection, error) {
	keep := opts.Offset + opts.Limit
	if opts.Limit <= 0 || keep > maxVerified {
		keep = maxVerified
	}
	// A paragraph's nearest, asked for twice in a row for each hit: the
	// most similar alone says whether any is at t, without reading the
	// paragraphs near it, as every hit of a common word would.
	var last uint64
	var lastPicked, asked bool
	repeated := func(num uint64) (bool, error) {
		if asked && num == last {
			return lastPicked, nil
		}
		sim, err := s.ix.MostSimilar(num)
		if err != nil {
			return false, err
		}
		last, lastPicked, asked = num, sim.AtLeast(t), true
		return lastPicked, nil
	}
	found, err := collectExact(ctx, s.ix, s.reader, c.bleve, keep, s.full, repeated)
	if err != nil || found.total > maxVerified {
		return nil, err
	}
	found.top = append(found.top, found.exact...)
	slices.SortFunc(found.top, func(a, b rankedHit) int {
		if a.before(b) {
			return -1
		}
		return 1
	})
	found.exact = nil
	return found, nil
}

// repeats describes the hits collapsed in a group, from the place table and
// title list alone.
func (s *searcher) repeats(g hitGroup) []Repeat {
	if len(g.repeats) == 0 {
		return nil
	}
	id := func(r rankedHit) string { return index.PlaceID(s.titles.At(r.place.Doc).Key, r.place) }
	ids := map[uint64]string{g.head.num: id(g.head)}
	out := make([]Repeat, 0, len(g.repeats))
	for _, r := range g.repeats {
		d := s.titles.At(r.hit.place.Doc)
		n, _ := r.hit.place.Paragraph()
		rep := Repeat{ID: id(r.hit), Doc: d.Path, Title: d.Title, Date: d.Date, Paragraph: n, Similarity: r.sim.Value()}
		if r.of != g.head.num {
			rep.Of = ids[r.of]
		}
		ids[r.hit.num] = rep.ID
		out = append(out, rep)
	}
	return out
}
