package query

import (
	bq "github.com/blevesearch/bleve/v2/search/query"
	bleveindex "github.com/blevesearch/bleve_index_api"

	"github.com/zhsearch/zhsearch/index"
)

// keywordHits returns the hits of rs one by one when its query is ranked
// keywords alone (one keyword, or all of several), the shape of most
// searches; nil otherwise. It finds them as bleve's conjunction would, by
// leapfrogging the keywords' searchers, and hands the ranker their signals
// directly: no DocumentMatch, no location list to write and parse, no
// score that the ranking would replace. The scores are rs's own (see
// rankSearcher.finish), so hits, order and scores are those of the general
// path, which TestKeywordHitsEqualFullPath checks.
func keywordHits(rs *rankSearcher, placeOf func(uint64) (index.Place, error)) func() (rankedHit, bool, error) {
	n := len(rs.q.keywords)
	if n == 0 || !keywordsOnly(rs.q) {
		return nil
	}
	text := make([]*keywordSearcher, n)
	section := make([]*keywordSearcher, n)
	for i, k := range rs.q.keywords {
		s, ok := rs.optional[i].(*keywordSearcher)
		if !ok || k.text.searcher == nil {
			return nil
		}
		text[i], section[i] = k.text.searcher, s
	}
	cur := make([]uint64, n)       // each text searcher's current match
	sectionAt := make([]uint64, n) // each section searcher's current match
	sectionDone := make([]bool, n) // and whether it has none left
	sectionStarted := make([]bool, n)
	started, done := false, false
	var id bleveindex.IndexInternalID

	// advance moves text searcher i to its next match, or its first at or
	// after target when target is set.
	advance := func(i int, target bleveindex.IndexInternalID) error {
		got, err := text[i].seek(target)
		if err != nil {
			return err
		}
		if got == nil {
			done = true
			return nil
		}
		cur[i] = got.Value()
		return nil
	}
	return func() (rankedHit, bool, error) {
		if done {
			return rankedHit{}, false, nil
		}
		// Move on from the last hit (or start), then leapfrog until every
		// keyword stands in one paragraph.
		for i := range text {
			if started && i > 0 {
				break
			}
			if err := advance(i, nil); err != nil || done {
				return rankedHit{}, false, err
			}
		}
		started = true
		for {
			high := cur[0]
			for _, c := range cur[1:] {
				high = max(high, c)
			}
			aligned := true
			for i := range text {
				if cur[i] < high {
					aligned = false
					id = bleveindex.NewIndexInternalID(id, high)
					if err := advance(i, id); err != nil || done {
						return rankedHit{}, false, err
					}
				}
			}
			if aligned {
				break
			}
		}
		num := cur[0]
		id = bleveindex.NewIndexInternalID(id, num)
		place, err := placeOf(num)
		if err != nil {
			return rankedHit{}, false, err
		}

		// The signals, as rankSearcher.rank reads them from the locations
		// the keywords' matches report.
		rs.isHeading = false
		for i := range rs.signals {
			sig := &rs.signals[i]
			sig.occurrences = sig.occurrences[:0]
			length, freq := text[i].header()
			sig.matched, sig.textLength, sig.textFreq, sig.sectionFreq = true, float64(length), float64(freq), 0
			text[i].eachOccurrence(func(pos, flags, sentence uint64) {
				sig.occurrences = append(sig.occurrences, flaggedOccurrence(pos, flags, sentence))
			})
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
		score, err := rs.finish(id, place.Doc)
		if err != nil {
			return rankedHit{}, false, err
		}
		return rankedHit{score: score, place: place, num: num}, true, nil
	}
}

// keywordsOnly reports whether q matches exactly where all its ranked
// keywords do: its query is the one keyword, or the conjunction of them
// all.
func keywordsOnly(q *rankQuery) bool {
	if len(q.keywords) == 1 {
		return q.query == bq.Query(q.keywords[0].text)
	}
	conj, ok := q.query.(*bq.ConjunctionQuery)
	if !ok || len(conj.Conjuncts) != len(q.keywords) {
		return false
	}
	for i, c := range conj.Conjuncts {
		if c != bq.Query(q.keywords[i].text) {
			return false
		}
	}
	return true
}
