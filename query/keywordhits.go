package query

import (
	"context"
	"math"

	"github.com/RoaringBitmap/roaring/v2"
	bq "github.com/blevesearch/bleve/v2/search/query"
	bleveindex "github.com/blevesearch/bleve_index_api"

	"github.com/zhsearch/zhsearch/index"
)

// keywordHits returns the hits of rs one by one when its query is ranked
// keywords alone (one keyword, or all of several), each with its synonyms
// and within /s groups, the shape of most searches; nil otherwise. It finds
// them as bleve's conjunction and disjunction would, by leapfrogging the
// keywords' searchers, checks /s groups as sentenceSearcher does, and hands
// the ranker their signals directly: no DocumentMatch, no location list to
// write and parse, no score that the ranking would replace. The scores are
// rs's own (see rankSearcher.finish), so hits, order and scores are those
// of the general path, which TestKeywordHitsEqualFullPath checks.
func keywordHits(ctx context.Context, rs *rankSearcher, reader bleveindex.IndexReader, placeOf func(uint64) (index.Place, error), exact func(uint64) (bool, error)) (func() (rankedHit, bool, error), error) {
	forms, sentences, ok := keywordShape(rs.q)
	if !ok {
		return nil, nil
	}
	n := len(forms)
	clauses := make([]hitClause, n)
	section := make([]*keywordSearcher, n)
	for i, fs := range forms {
		s, ok := rs.optional[i].(*keywordSearcher)
		if !ok {
			return nil, nil
		}
		section[i] = s
		c := &clauses[i]
		for _, f := range fs {
			if f.searcher == nil {
				return nil, nil
			}
			c.forms = append(c.forms, f.searcher)
		}
		c.at = make([]uint64, len(fs))
		c.done = make([]bool, len(fs))
	}
	// A form found by its positions (a synonym of more than two
	// characters) is checked only where no lazy form before it matches:
	// the keyword stands there either way, and only the typed form, which
	// comes first, is ranked.
	for i, fs := range forms {
		c := &clauses[i]
		var earlier *roaring.Bitmap // where lazy forms other than j match
		known := 0                  // the forms earlier holds
		for j := 1; j < len(c.forms); j++ {
			if c.forms[j].lazy {
				continue
			}
			for ; known < j; known++ {
				if !c.forms[known].lazy {
					continue
				}
				m, err := matchesOf(reader, fs[known])
				if err != nil {
					return nil, err
				}
				if m == nil {
					break
				}
				if earlier == nil {
					earlier = m
				} else {
					earlier.Or(m)
				}
			}
			c.forms[j].skip = earlier
		}
	}
	var filters []*sentenceSearcher
	for _, q := range sentences {
		if q.searcher == nil {
			return nil, nil
		}
		filters = append(filters, q.searcher)
	}
	// A lazy keyword whose occurrences a sentence check reads anyway takes
	// them from there: reading them means walking the keyword's postings.
	for i, fs := range forms {
		if ks := clauses[i].forms[0]; ks.lazy && ks.detail != nil {
			if run := sentenceRun(sentences, fs[0].runs[ks.detailRun]); run != nil {
				if err := ks.shareDetail(ctx, reader, fs[0], run); err != nil {
					return nil, err
				}
			}
		}
	}
	sectionAt := make([]uint64, n) // each section searcher's current match
	sectionDone := make([]bool, n) // and whether it has none left
	sectionStarted := make([]bool, n)
	started, done := false, false
	var id bleveindex.IndexInternalID
	var num uint64 // the last hit

	// align moves the clauses on until all stand at one paragraph, and
	// reports false when one has no match left.
	align := func() (bool, error) {
		if n == 1 {
			var ok bool
			num, ok = clauses[0].current()
			return ok, nil
		}
		for {
			high, ok := clauses[0].current()
			if !ok {
				return false, nil
			}
			for i := 1; i < n; i++ {
				c, ok := clauses[i].current()
				if !ok {
					return false, nil
				}
				high = max(high, c)
			}
			aligned := true
			for i := range clauses {
				if c, _ := clauses[i].current(); c < high {
					aligned = false
					id = bleveindex.NewIndexInternalID(id, high)
					if err := clauses[i].seek(high, id); err != nil {
						return false, err
					}
				}
			}
			if aligned {
				num = high
				return true, nil
			}
		}
	}
	return func() (rankedHit, bool, error) {
		if done {
			return rankedHit{}, false, nil
		}
		// Move on from the last hit (or start), then leapfrog until every
		// keyword stands in one paragraph whose /s groups hold.
		if !started {
			started = true
			for i := range clauses {
				if err := clauses[i].start(); err != nil {
					return rankedHit{}, false, err
				}
			}
		} else if err := clauses[0].next(num); err != nil {
			return rankedHit{}, false, err
		}
		for {
			ok, err := align()
			if err != nil || !ok {
				done = true
				return rankedHit{}, false, err
			}
			id = bleveindex.NewIndexInternalID(id, num)
			holds := true
			for _, f := range filters {
				if holds, err = f.holds(id); err != nil {
					return rankedHit{}, false, err
				}
				if !holds {
					break
				}
			}
			if holds {
				break
			}
			if err := clauses[0].next(num); err != nil {
				return rankedHit{}, false, err
			}
		}
		place, err := placeOf(num)
		if err != nil {
			return rankedHit{}, false, err
		}

		// The signals, as rankSearcher.rank reads them from the locations
		// the keywords' matches report: a keyword found only in another
		// form reports none.
		rs.isHeading = false
		for i := range rs.signals {
			sig := &rs.signals[i]
			sig.occurrences = sig.occurrences[:0]
			sig.matched, sig.textFreq, sig.sectionFreq = false, 0, 0
			if c := &clauses[i]; !c.done[0] && c.at[0] == num {
				text := c.forms[0]
				length, freq := text.header()
				sig.matched, sig.textLength, sig.textFreq = true, float64(length), float64(freq)
				text.eachOccurrence(func(pos, flags, sentence uint64) {
					sig.occurrences = append(sig.occurrences, flaggedOccurrence(pos, flags, sentence))
				})
			}
			if !sig.matched {
				continue // found in another form only: nothing more is ranked
			}
			if !sectionDone[i] && (!sectionStarted[i] || sectionAt[i] < num) {
				got, err := section[i].seek(id)
				if err != nil {
					return rankedHit{}, false, err
				}
				sectionStarted[i], sectionDone[i] = true, got == nil
				if got != nil {
					sectionAt[i] = got.Value()
				}
			}
			if !sectionDone[i] && sectionAt[i] == num {
				length, freq := section[i].header()
				sig.sectionLength, sig.sectionFreq = float64(length), float64(freq)
			}
		}
		picked := false
		if exact != nil && rs.floor != nil {
			if picked, err = exact(num); err != nil {
				return rankedHit{}, false, err
			}
		}
		var score float64
		if picked {
			// Scored exactly whatever the floor (see collectExact).
			floor := *rs.floor
			*rs.floor = math.Inf(-1)
			score, err = rs.finish(id, place.Doc)
			*rs.floor = floor
		} else {
			score, err = rs.finish(id, place.Doc)
		}
		if err != nil {
			return rankedHit{}, false, err
		}
		return rankedHit{score: score, place: place, num: num}, true, nil
	}, nil
}

// hitClause is one keyword of a conjunction as keywordHits reads it: the
// searchers of its forms, the first the keyword as typed (the one ranked),
// any of which matches, as bleve's disjunction would.
type hitClause struct {
	forms []*keywordSearcher
	at    []uint64 // each form's current match
	done  []bool   // and whether it has none left
}

// start moves every form to its first match.
func (c *hitClause) start() error {
	for i := range c.forms {
		if err := c.move(i, nil); err != nil {
			return err
		}
	}
	return nil
}

// move moves form i to its next match, at or after id when id is set.
func (c *hitClause) move(i int, id bleveindex.IndexInternalID) error {
	got, err := c.forms[i].seek(id)
	if err != nil {
		return err
	}
	c.done[i] = got == nil
	if got != nil {
		c.at[i] = got.Value()
	}
	return nil
}

// current returns the first paragraph some form stands at, false when
// none has a match left.
func (c *hitClause) current() (uint64, bool) {
	if len(c.at) == 1 { // most keywords have no synonyms
		return c.at[0], !c.done[0]
	}
	var low uint64
	found := false
	for i, at := range c.at {
		if !c.done[i] && (!found || at < low) {
			low, found = at, true
		}
	}
	return low, found
}

// seek moves the forms behind target to their first match at or after it
// (id, target's ID).
func (c *hitClause) seek(target uint64, id bleveindex.IndexInternalID) error {
	for i, at := range c.at {
		if !c.done[i] && at < target {
			if err := c.move(i, id); err != nil {
				return err
			}
		}
	}
	return nil
}

// next moves the forms that stand at num on.
func (c *hitClause) next(num uint64) error {
	if len(c.at) == 1 { // most keywords have no synonyms
		if c.done[0] || c.at[0] != num {
			return nil
		}
		return c.move(0, nil)
	}
	for i, at := range c.at {
		if !c.done[i] && at == num {
			if err := c.move(i, nil); err != nil {
				return err
			}
		}
	}
	return nil
}

// keywordShape returns, when q matches exactly where all its ranked
// keywords do, each in any of its forms, and within the /s groups that
// sentenceQuery checks, the forms of each keyword (the ranked one first)
// and those groups; false otherwise. Its query is then a keyword, a
// disjunction of a keyword's forms, a sentenceQuery or a conjunction of
// those, the keywords in the order ranked.
func keywordShape(q *rankQuery) ([][]*keywordQuery, []*sentenceQuery, bool) {
	if len(q.keywords) == 0 {
		return nil, nil, false
	}
	var forms [][]*keywordQuery
	var sentences []*sentenceQuery
	var walk func(bq.Query) bool
	walk = func(x bq.Query) bool {
		switch x := x.(type) {
		case *bq.ConjunctionQuery:
			for _, c := range x.Conjuncts {
				if !walk(c) {
					return false
				}
			}
			return true
		case *sentenceQuery:
			sentences = append(sentences, x)
			return walk(x.query)
		}
		i := len(forms)
		if i >= len(q.keywords) {
			return false
		}
		ranked := q.keywords[i].text
		switch x := x.(type) {
		case *keywordQuery:
			if x != ranked {
				return false
			}
			forms = append(forms, []*keywordQuery{x})
			return true
		case *bq.DisjunctionQuery:
			if x.Min > 1 || len(x.Disjuncts) == 0 || x.Disjuncts[0] != bq.Query(ranked) {
				return false
			}
			fs := []*keywordQuery{ranked}
			for _, d := range x.Disjuncts[1:] {
				k, ok := d.(*keywordQuery)
				if !ok {
					return false
				}
				fs = append(fs, k)
			}
			forms = append(forms, fs)
			return true
		}
		return false
	}
	if !walk(q.query) || len(forms) != len(q.keywords) {
		return nil, nil, false
	}
	return forms, sentences, true
}

// sentenceRun returns the reader that a sentence check of sentences has
// for the single bigram of run, nil if none.
func sentenceRun(sentences []*sentenceQuery, run index.Run) *bigramRun {
	if len(run.Terms) != 1 {
		return nil
	}
	for _, q := range sentences {
		for i, forms := range q.operands {
			for j, f := range forms {
				if f.Field == run.Field && len(f.Terms) == 1 && f.Terms[0] == run.Terms[0] {
					return q.searcher.operands[i][j]
				}
			}
		}
	}
	return nil
}
