package query

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"strconv"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/scorer"
	bleveindex "github.com/blevesearch/bleve_index_api"

	"github.com/zhsearch/zhsearch/index"
)

// keywordQuery finds the paragraphs where every run of a keyword matches in
// one part (see index.KeywordRuns): a unit run by its term, a run of n
// units by its n-1 bigrams at consecutive positions. Its score is the sum
// of each term's BM25 score, as bleve's PhraseQuery over the same terms
// scores it, so that a query of section: keywords alone still ranks. For
// ranking, a keyword with a rank slot (see rankQuery) reports on each match
// what the ranker needs, as locations of the match (bleve's conjunction and
// disjunction scorers carry those up to the top of the query): one entry
// with the paragraph's length and the keyword's frequency there, then one
// per occurrence of its first bigram run.
type keywordQuery struct {
	runs  []index.Run
	boost float64
	slot  string // the rank slot as a location term; "" for none
	// unscored: the query's score is not used (a ranked keyword's is
	// replaced by the ranking's), so its matches are not scored.
	unscored bool

	// Set by Searcher, for the ranker: the inverse document frequency the
	// keyword scores with, and the searcher, which finds the occurrences
	// of a lazy keyword on demand.
	idf      float64
	searcher *keywordSearcher
}

func newKeywordQuery(part index.Part, keyword string) *keywordQuery {
	return &keywordQuery{runs: index.KeywordRuns(part, keyword), boost: 1}
}

// SetBoost weights the keyword's score, as bleve queries' SetBoost does.
func (q *keywordQuery) SetBoost(b float64) { q.boost = b }

// Location entries of a keyword match: the header has Pos 0, Start the
// paragraph's length in the run's field (in terms) and End the keyword's
// frequency; an occurrence has its first unit's position as Pos, flags as
// Start and its sentence as End.
const (
	occWord      = 1 << iota // the occurrence starts and ends on word boundaries
	occAsWritten             // its characters are the keyword's as typed
	occHeading               // it stands in a title or heading
)

func (q *keywordQuery) Searcher(ctx context.Context, r bleveindex.IndexReader, _ mapping.IndexMapping, options search.SearcherOptions) (search.Searcher, error) {
	s := &keywordSearcher{options: options, slot: q.slot, unscored: q.unscored, runs: make([]keywordRun, len(q.runs)), lazy: true}
	for _, run := range q.runs {
		if run.Bigrams && len(run.Terms) > 1 {
			s.lazy = false // positions are needed to match
		}
	}
	readerOf := map[string]int{}
	minCount := uint64(math.MaxUint64)
	for i, run := range q.runs {
		docTotal, avgLength, err := bm25Stats(ctx, r, run.Field)
		if err != nil {
			s.Close()
			return nil, err
		}
		s.runs[i] = keywordRun{bigrams: run.Bigrams, changed: run.Changed}
		for _, term := range run.Terms {
			key := run.Field + "\x00" + term
			j, ok := readerOf[key]
			if !ok {
				tfr, err := termReader(ctx, r, run.Field, term, true, run.Bigrams && !s.lazy)
				if err != nil {
					s.Close()
					return nil, err
				}
				if g, ok := tfr.(*gramReader); ok && s.unscored {
					// header reads the norm of the first run's first
					// term alone.
					g.noNorms = i > 0 || len(s.terms) > 0
					g.posOnly = s.slot == ""
				}
				j = len(s.terms)
				readerOf[key] = j
				s.terms = append(s.terms, keywordTerm{reader: tfr, avgLength: avgLength})
				minCount = min(minCount, tfr.Count())
			}
			t := &s.terms[j]
			idf := math.Log(1 + (float64(docTotal)-float64(t.reader.Count())+0.5)/(float64(t.reader.Count())+0.5))
			s.runs[i].terms = append(s.runs[i].terms, j)
			s.scored = append(s.scored, scoredTerm{term: j, idf: idf, boost: q.boost, weight: 1})
		}
		if docTotal > 0 && minCount != math.MaxUint64 {
			n := float64(docTotal)
			q.idf = max(q.idf, math.Log(1+(n-float64(minCount)+0.5)/(float64(minCount)+0.5)))
		}
	}
	// The rarest term leads: the others only skip to its documents.
	s.lead = make([]int, len(s.terms))
	for i := range s.lead {
		s.lead[i] = i
	}
	slices.SortFunc(s.lead, func(a, b int) int {
		return int(s.terms[a].reader.Count()) - int(s.terms[b].reader.Count())
	})
	for i := range s.runs {
		run := &s.runs[i]
		for k, ti := range run.terms {
			if s.terms[ti].reader.Count() < s.terms[run.terms[run.rarest]].reader.Count() {
				run.rarest = k
			}
		}
	}
	s.SetQueryNorm(1 / math.Sqrt(s.Weight()))
	if s.lazy && q.slot != "" {
		for i, run := range q.runs {
			if run.Bigrams {
				tfr, err := termReader(ctx, r, run.Field, run.Terms[0], true, true)
				if err != nil {
					s.Close()
					return nil, err
				}
				s.detail, s.detailRun = tfr, i
				break
			}
		}
	}
	q.searcher = s
	return s, nil
}

// bm25Stats returns the paragraph count and average length of field that
// BM25 scores with, as bleve's term searchers find them: from the
// statistics in ctx, or else from the reader.
func bm25Stats(ctx context.Context, r bleveindex.IndexReader, field string) (docTotal uint64, avgLength float64, err error) {
	var card int
	if st, ok := ctx.Value(search.BM25StatsKey).(*search.BM25Stats); ok {
		if card, ok = st.FieldCardinality[field]; !ok {
			return 0, 0, fmt.Errorf("no term count for field %s", field)
		}
		docTotal = uint64(st.DocCount)
	} else {
		if docTotal, err = r.DocCount(); err != nil {
			return 0, 0, err
		}
		if br, ok := r.(bleveindex.BM25Reader); ok {
			if card, err = br.FieldCardinality(field); err != nil {
				return 0, 0, err
			}
		}
	}
	if docTotal == 0 {
		return 0, 0, nil
	}
	return docTotal, math.Ceil(float64(card) / float64(docTotal)), nil
}

// keywordTerm is one distinct term of the keyword: a keyword may hold the
// same bigram twice (哈哈哈).
type keywordTerm struct {
	reader    bleveindex.TermFieldReader
	avgLength float64
	doc       *bleveindex.TermFieldDoc // current document, nil before the first
	grams     []index.Gram             // for a bigram, its occurrences in the current document, by position
}

// keywordRun is a run of the keyword: its terms, in order.
type keywordRun struct {
	terms   []int
	bigrams bool
	changed []bool // by unit: typed differently from the folded term
	starts  []int  // in the current document, the indexes into the first term's grams where the run matches
	// at holds, for each of starts in turn, the index into each term's
	// grams of the bigram at its place in the run.
	at []int
	// rarest is the place in the run of its bigram in fewest paragraphs:
	// a keyword that is only matched looks for the run from there.
	rarest int
}

// scoredTerm is one term place of the keyword, scored as bleve's term
// searcher scores it.
type scoredTerm struct {
	term       int
	idf, boost float64
	weight     float64 // boost × idf × query norm, as bleve's TermQueryScorer
}

type keywordSearcher struct {
	options  search.SearcherOptions
	slot     string
	unscored bool
	terms    []keywordTerm
	runs     []keywordRun
	scored   []scoredTerm
	lead     []int // terms, rarest first
	done     bool
	cursors  []int // scratch for inOrder
	// scratch for matchRaw
	starts    []uint64
	followers []follower

	// A lazy keyword needs no positions to match (its bigram runs are
	// single bigrams): it reads its terms without them, and reads the
	// occurrences of its bigram run only for the paragraphs the ranker
	// asks about, through detail.
	lazy      bool
	detail    bleveindex.TermFieldReader
	detailDoc *bleveindex.TermFieldDoc
	detailRun int
	scratch   []index.Gram // the occurrences read last
	shared    *bigramRun   // when set, read instead of detail
	// sharedHeader: the frequency and length are shared's, the terms'
	// reader reads numbers alone.
	sharedHeader bool

	// A keyword that is not lazy, its terms read by gramReaders, looks
	// only at the paragraphs that hold every term (see seekTogether):
	// those, the next to look at and its ID; and, when set, paragraphs
	// not to look at (see keywordHits).
	together []uint32
	next     int
	target   bleveindex.IndexInternalID
	skip     *roaring.Bitmap
}

func (s *keywordSearcher) Next(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	return s.find(ctx, nil)
}

func (s *keywordSearcher) Advance(ctx *search.SearchContext, id bleveindex.IndexInternalID) (*search.DocumentMatch, error) {
	return s.find(ctx, id)
}

// find returns the next match, at or after id when id is set.
func (s *keywordSearcher) find(ctx *search.SearchContext, id bleveindex.IndexInternalID) (*search.DocumentMatch, error) {
	target, err := s.seek(id)
	if err != nil || target == nil {
		return nil, err
	}
	return s.match(ctx, target), nil
}

// seek moves to the next match, at or after id when id is set, and returns
// its ID, nil when there is none. (bleve's searchers only advance a
// searcher that is behind id, so the lead term is then before id or has
// not started.)
func (s *keywordSearcher) seek(id bleveindex.IndexInternalID) (bleveindex.IndexInternalID, error) {
	if s.done || len(s.terms) == 0 {
		return nil, nil
	}
	if !s.lazy {
		if target, ok, err := s.seekTogether(id); ok || err != nil {
			return target, err
		}
	}
	lead := &s.terms[s.lead[0]]
	var err error
	if id != nil && (lead.doc == nil || lead.doc.ID.Compare(id) < 0) {
		lead.doc, err = lead.reader.Advance(id, lead.doc)
	} else {
		lead.doc, err = lead.reader.Next(lead.doc)
	}
	for {
		if err != nil {
			return nil, err
		}
		if lead.doc == nil {
			s.done = true
			return nil, nil
		}
		target := lead.doc.ID
		aligned := true
		for _, ti := range s.lead[1:] {
			t := &s.terms[ti]
			if t.doc == nil || t.doc.ID.Compare(target) < 0 {
				if t.doc, err = t.reader.Advance(target, t.doc); err != nil {
					return nil, err
				}
				if t.doc == nil {
					s.done = true
					return nil, nil
				}
			}
			if t.doc.ID.Compare(target) > 0 {
				lead.doc, err = lead.reader.Advance(t.doc.ID, lead.doc)
				aligned = false
				break
			}
		}
		if !aligned {
			continue
		}
		if ok, err := s.inOrder(); ok || err != nil {
			return target, err
		}
		lead.doc, err = lead.reader.Next(lead.doc)
	}
}

// seekTogether is seek for a keyword that reads positions to match, when
// its terms are read by gramReaders: the paragraphs that hold every term
// are found first, from the terms' bitmaps, and only theirs are read. ok is
// false when the terms are read otherwise.
func (s *keywordSearcher) seekTogether(id bleveindex.IndexInternalID) (target bleveindex.IndexInternalID, ok bool, err error) {
	if s.together == nil {
		readers := make([]*gramReader, len(s.terms))
		for i, t := range s.terms {
			if readers[i], ok = t.reader.(*gramReader); !ok {
				return nil, false, nil
			}
		}
		all, err := together(readers)
		if err != nil || all == nil {
			return nil, err != nil, err
		}
		if s.skip != nil {
			all.AndNot(s.skip)
		}
		s.together = all.ToArray()
	}
	if id != nil {
		from := id.Value()
		skip, _ := slices.BinarySearchFunc(s.together[s.next:], from, func(num uint32, from uint64) int { return cmp.Compare(uint64(num), from) })
		s.next += skip
	}
	for s.next < len(s.together) {
		num := uint64(s.together[s.next])
		s.next++
		s.target = bleveindex.NewIndexInternalID(s.target, num)
		for i := range s.terms {
			t := &s.terms[i]
			if t.doc, err = t.reader.Advance(s.target, t.doc); err != nil {
				return nil, true, err
			}
			if t.doc == nil || t.doc.ID.Value() != num {
				return nil, true, fmt.Errorf("paragraph %d is in a term's bitmap but not in its postings: %w", num, index.ErrDamaged)
			}
		}
		if ok, err := s.inOrder(); ok || err != nil {
			return s.target, true, err
		}
	}
	s.done = true
	return nil, true, nil
}

// inOrder checks that the current document holds each bigram run's bigrams
// at consecutive positions, and notes where.
func (s *keywordSearcher) inOrder() (bool, error) {
	if s.lazy {
		return true, nil
	}
	if ok, done, err := s.matchRaw(); done || err != nil {
		return ok, err
	}
	for i := range s.terms {
		t := &s.terms[i]
		if g, ok := t.reader.(*gramReader); ok {
			if g.rawOK { // read as zap keeps them: decode
				if err := g.decodeRaw(); err != nil {
					return false, err
				}
			}
			t.grams, g.grams = g.grams, t.grams[:0] // read anew for each paragraph
		} else {
			t.grams = gramsOf(t.reader, t.doc, t.grams[:0])
		}
		// The index gives them in position order; sort only if not.
		if byPos := func(a, b index.Gram) int { return int(a.Pos) - int(b.Pos) }; !slices.IsSortedFunc(t.grams, byPos) {
			slices.SortFunc(t.grams, byPos)
		}
	}
	// A keyword that is only matched needs one occurrence of each run.
	once := s.slot == "" && s.unscored
	for ri := range s.runs {
		run := &s.runs[ri]
		run.starts, run.at = run.starts[:0], run.at[:0]
		if !run.bigrams {
			continue
		}
		// One cursor a bigram of the run, each moving forward only: the
		// positions looked for rise with the first bigram's.
		s.cursors = slices.Grow(s.cursors[:0], len(run.terms))[:len(run.terms)]
		clear(s.cursors)
		for gi, g := range s.terms[run.terms[0]].grams {
			ok := true
			for i := 1; i < len(run.terms) && ok; i++ {
				grams, want := s.terms[run.terms[i]].grams, g.Pos+uint64(i)
				c := s.cursors[i]
				for c < len(grams) && grams[c].Pos < want {
					c++
				}
				s.cursors[i] = c
				ok = c < len(grams) && grams[c].Pos == want
			}
			if ok {
				run.starts = append(run.starts, gi)
				run.at = append(append(run.at, gi), s.cursors[1:]...)
				if once {
					break
				}
			}
		}
		if len(run.starts) == 0 {
			return false, nil
		}
	}
	return true, nil
}

// matchRaw is inOrder for a keyword that is only matched, when its terms'
// occurrences in the current paragraph are left as zap keeps them (see
// gramReader.raw): it looks for one occurrence of each run, from the
// positions of the run's rarest bigram, and decodes the others' only up to
// the first occurrence found. done is false when the occurrences are not
// all left so.
func (s *keywordSearcher) matchRaw() (ok, done bool, err error) {
	if s.slot != "" || !s.unscored {
		return false, false, nil
	}
	for ri := range s.runs {
		if !s.runs[ri].bigrams {
			continue
		}
		for _, ti := range s.runs[ri].terms {
			if g, isGram := s.terms[ti].reader.(*gramReader); !isGram || !g.rawOK {
				return false, false, nil
			}
		}
	}
	for ri := range s.runs {
		run := &s.runs[ri]
		if !run.bigrams {
			continue
		}
		// Where the run may start, by the rarest bigram's positions.
		if s.starts, err = appendPositions(s.starts[:0], s.terms[run.terms[run.rarest]].reader.(*gramReader).raw); err != nil {
			return false, true, err
		}
		s.followers = s.followers[:0]
		for k, ti := range run.terms {
			if k != run.rarest {
				s.followers = append(s.followers, newFollower(s.terms[ti].reader.(*gramReader).raw, uint64(k)))
			}
		}
		found := false
		for _, p := range s.starts {
			if p <= uint64(run.rarest) {
				continue // positions count from 1
			}
			start := p - uint64(run.rarest)
			found = true
			for i := range s.followers {
				if found, err = s.followers[i].has(start); err != nil {
					return false, true, err
				}
				if !found {
					break
				}
			}
			if found {
				break
			}
		}
		if !found {
			return false, true, nil
		}
	}
	return true, true, nil
}

// match scores the current document and, for a ranked keyword, reports it
// as locations.
func (s *keywordSearcher) match(ctx *search.SearchContext, id bleveindex.IndexInternalID) *search.DocumentMatch {
	dm := ctx.DocumentMatchPool.Get()
	dm.IndexInternalID = bleveindex.NewIndexInternalIDFrom(dm.IndexInternalID, id)
	if s.options.Score == "none" {
		return dm
	}
	for _, b := range s.scored {
		if s.unscored {
			break
		}
		d := s.terms[b.term].doc
		tf := math.Sqrt(float64(d.Freq))
		if int(d.Freq) < scorer.MaxSqrtCache {
			tf = scorer.SqrtCache[d.Freq]
		}
		fieldLength := 1 / (d.Norm * d.Norm)
		score := b.idf * (tf * search.BM25_k1) / (tf + search.BM25_k1*(1-search.BM25_b+search.BM25_b*fieldLength/s.terms[b.term].avgLength))
		if b.weight != 1 {
			score *= b.weight
		}
		dm.Score += score
	}
	if s.slot != "" {
		s.report(dm)
	}
	return dm
}

// report adds the keyword's match to dm's locations (see keywordQuery).
func (s *keywordSearcher) report(dm *search.DocumentMatch) {
	length, freq := s.header()
	dm.FieldTermLocations = append(dm.FieldTermLocations, search.FieldTermLocation{Term: s.slot,
		Location: search.Location{Pos: 0, Start: length, End: freq}})
	s.eachOccurrence(func(pos, flags, sentence uint64) {
		dm.FieldTermLocations = append(dm.FieldTermLocations, search.FieldTermLocation{Term: s.slot,
			Location: search.Location{Pos: pos, Start: flags, End: sentence}})
	})
}

// header returns the length in terms of the current paragraph's field and
// the frequency of the keyword there: that of its rarest run.
func (s *keywordSearcher) header() (length, freq uint64) {
	if s.sharedHeader {
		return fieldLength(s.shared.readers[0], s.shared.docs[0]), s.shared.docs[0].Freq
	}
	freq = uint64(math.MaxUint64)
	for i := range s.runs {
		run := &s.runs[i]
		n := uint64(len(run.starts))
		if !run.bigrams || s.lazy {
			n = s.terms[run.terms[0]].doc.Freq
		}
		freq = min(freq, n)
	}
	t := &s.terms[s.runs[0].terms[0]]
	return fieldLength(t.reader, t.doc), freq
}

// eachOccurrence calls yield with the position, flags (occWord...) and
// sentence of each occurrence of the keyword's first bigram run in the
// current paragraph, when the searcher has read them (not lazy).
func (s *keywordSearcher) eachOccurrence(yield func(pos, flags, sentence uint64)) {
	var first *keywordRun
	for i := range s.runs {
		if s.runs[i].bigrams {
			first = &s.runs[i]
			break
		}
	}
	if first == nil || s.lazy {
		return
	}
	n := len(first.terms)
	grams := s.terms[first.terms[0]].grams
	lastTerm := s.terms[first.terms[n-1]].grams
	for k, gi := range first.starts {
		at := first.at[k*n : (k+1)*n]
		g, end := grams[gi], lastTerm[at[n-1]]
		var flags uint64
		if g.WordStart && end.WordEnd {
			flags |= occWord
		}
		if s.asWritten(first, at) {
			flags |= occAsWritten
		}
		if g.Heading {
			flags |= occHeading
		}
		yield(g.Pos, flags, g.Sentence)
	}
}

// occurrences appends to dst the occurrences of a lazy keyword in the
// paragraph id, which must not come before any asked about earlier.
func (s *keywordSearcher) occurrences(id bleveindex.IndexInternalID, dst []occurrence) ([]occurrence, error) {
	var d *bleveindex.TermFieldDoc
	var from bleveindex.TermFieldReader
	switch {
	case s.shared != nil:
		var err error
		if d, err = s.shared.at(0, id); err != nil {
			return dst, err
		}
		from = s.shared.readers[0]
	case s.detail != nil:
		from = s.detail
		if s.detailDoc == nil || s.detailDoc.ID.Compare(id) < 0 {
			next, err := s.detail.Advance(id, s.detailDoc)
			if err != nil {
				return dst, err
			}
			if next == nil {
				s.detail.Close()
				s.detail = nil
				return dst, nil
			}
			s.detailDoc = next
		}
		if s.detailDoc.ID.Equals(id) {
			d = s.detailDoc
		}
	}
	if d == nil {
		return dst, nil
	}
	changed := s.runs[s.detailRun].changed
	s.scratch = gramsOf(from, d, s.scratch[:0])
	for _, g := range s.scratch {
		dst = append(dst, occurrence{pos: g.Pos, sentence: g.Sentence, word: g.WordStart && g.WordEnd,
			asWritten: g.Changed[0] == changed[0] && g.Changed[1] == changed[1], heading: g.Heading})
	}
	return dst, nil
}

// shareDetail has a lazy keyword read its occurrences through run, a
// reader of its bigram run that a sentence check moves to the same
// paragraphs first (see keywordHits), rather than read them again. A
// keyword of that one bigram alone then also takes its frequency and
// length from there, and finds its matches by their numbers alone, which
// costs far less than reading frequencies and lengths all the way: the
// check reads them only for the paragraphs where all keywords stand.
func (s *keywordSearcher) shareDetail(ctx context.Context, r bleveindex.IndexReader, q *keywordQuery, run *bigramRun) error {
	if s.detail != nil {
		s.detail.Close()
		s.detail = nil
	}
	s.shared = run
	if len(q.runs) != 1 || len(s.terms) != 1 || s.terms[0].doc != nil {
		return nil
	}
	docs, err := termReader(ctx, r, q.runs[0].Field, q.runs[0].Terms[0], false, false)
	if err != nil {
		return err
	}
	s.terms[0].reader.Close()
	s.terms[0].reader = docs
	s.sharedHeader = true
	return nil
}

// asWritten reports whether an occurrence of run, its bigrams at the
// indexes at into their terms' grams, has the source characters the
// keyword was typed with, as far as the index tells: each unit changed by
// folding in the text exactly where it was in the keyword.
func (s *keywordSearcher) asWritten(run *keywordRun, at []int) bool {
	for i, ti := range run.terms {
		g := s.terms[ti].grams[at[i]]
		if g.Changed[0] != run.changed[i] || g.Changed[1] != run.changed[i+1] {
			return false
		}
	}
	return true
}

func (s *keywordSearcher) Close() error {
	var first error
	if s.detail != nil {
		first = s.detail.Close()
		s.detail = nil
	}
	for _, t := range s.terms {
		if err := t.reader.Close(); err != nil && first == nil {
			first = err
		}
	}
	return first
}

// Weight and SetQueryNorm take part in bleve's query normalisation as its
// term searchers do.
func (s *keywordSearcher) Weight() float64 {
	sum := 0.0
	for _, b := range s.scored {
		w := b.boost * b.idf
		sum += w * w
	}
	return sum
}

func (s *keywordSearcher) SetQueryNorm(norm float64) {
	for i := range s.scored {
		b := &s.scored[i]
		b.weight = b.boost * b.idf * norm
	}
}

// Count is an estimate of the matches, as bleve's searchers give it.
func (s *keywordSearcher) Count() uint64 {
	if len(s.terms) == 0 {
		return 0
	}
	return s.terms[s.lead[0]].reader.Count()
}

func (s *keywordSearcher) Min() int                   { return 0 }
func (s *keywordSearcher) Size() int                  { return 0 }
func (s *keywordSearcher) DocumentMatchPoolSize() int { return 1 }

// slotTerm names rank slot i in location entries.
func slotTerm(i int) string { return strconv.Itoa(i + 1) }
