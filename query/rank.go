package query

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	bq "github.com/blevesearch/bleve/v2/search/query"
	bleveindex "github.com/blevesearch/bleve_index_api"

	"github.com/zhsearch/zhsearch/index"
)

// weights are the ranking's parameters; see the package documentation for
// how a score is made of them.
type weights struct {
	k1       float64 // BM25F saturation
	b        float64 // length normalisation of the text
	bSection float64 // and of the heading path
	section  float64 // a heading-path occurrence, in text occurrences
	title    float64 // the keyword in the document title, in text occurrences

	together float64 // per pair of keywords that stand together as typed
	sentence float64 // per pair in one sentence, falling with their distance
	word     float64 // per keyword matched as a word of the fine-grained cut
	written  float64 // per keyword matched as typed, before folding

	order     float64 // per pair of keywords whose first occurrences stand in the order typed
	substance float64 // for a text of at least substantial units: not a stub
	distinct  float64 // per rarest word of the query no word of the paragraph is rarer than
}

// rankingWeights are the weights searches rank with, chosen on the
// relevance sets of bench/relevance (see the README).
func rankingWeights() weights {
	return weights{
		k1: 1.2, b: 0.3, bSection: 0.75, section: 1.5, title: 2,
		together: 1.5, sentence: 0.75, word: 6, written: 1000,
		order: 2, substance: 3, distinct: 2,
	}
}

// substantial is the length of a text, in the terms its length is counted
// in (about its characters, less punctuation), from which a paragraph
// counts as substantial text rather than a stub: a heading, a list item of
// a few words. People looking for a paragraph they half-remember, and
// researchers looking for what a policy says, want the former (see the
// README's relevance section for the measurements).
const substantial = 30.0

// sentenceReach is the distance in characters over which the sentence
// proximity of two keywords falls to nothing.
const sentenceReach = 32

// A rankedKeyword is one keyword the ranking scores: a positive keyword on
// the text, in query order.
type rankedKeyword struct {
	text                *keywordQuery // in the query, reporting its matches
	section             *keywordQuery // optional: its matches in the heading path
	units               int           // the units of its first bigram run, to tell where it ends; 0 for none
	textAvg, sectionAvg float64       // average lengths of the fields it is found in
	inTitle             []bool        // by document (index into Titles): its title holds the keyword
	name                string        // as typed, for explanations
}

// rankQuery matches what query matches and scores each match by the
// ranking (see the package documentation). A query with no ranked keyword
// keeps query's scores.
type rankQuery struct {
	query    bq.Query
	keywords []*rankedKeyword
	places   *index.Places
	rarity   *index.Rarity
	// setRarity, over a set, is every member's: the query's words are
	// counted in all (its paragraphs' profiles are their index's own).
	setRarity []*index.Rarity
	// levels are the rarity levels of the query's rarest words, rarest
	// first: those of its keywords' words, at most index.ProfileWords.
	levels  []uint8
	w       weights
	fields  fieldStats
	explain bool // its searchers explain each score
}

// fieldStats are the average lengths of the fields the ranking
// normalises by.
type fieldStats map[string]float64

func (f fieldStats) avg(field string) float64 {
	if a, ok := f[field]; ok {
		return a
	}
	return 1
}

func (q *rankQuery) Searcher(ctx context.Context, r bleveindex.IndexReader, m mapping.IndexMapping, options search.SearcherOptions) (search.Searcher, error) {
	for i, k := range q.keywords {
		k.text.slot = slotTerm(i)
		k.section.slot = slotTerm(i)
		k.textAvg, k.sectionAvg = q.fields.avg(k.text.runs[0].Field), q.fields.avg(k.section.runs[0].Field)
	}
	q.levels = q.levels[:0]
	for _, k := range q.keywords {
		dfs, err := index.KeywordWords(k.name, q.df)
		if err != nil {
			return nil, err
		}
		for _, n := range dfs {
			q.levels = append(q.levels, index.Level(n))
		}
	}
	slices.Sort(q.levels)
	q.levels = q.levels[:min(len(q.levels), index.ProfileWords)]
	must, err := q.query.Searcher(ctx, r, m, options)
	if err != nil {
		return nil, err
	}
	s := &rankSearcher{q: q, must: must, explain: q.explain}
	for _, k := range q.keywords {
		o, err := k.section.Searcher(ctx, r, m, options)
		if err != nil {
			s.Close()
			return nil, err
		}
		s.optional = append(s.optional, o)
	}
	s.current = make([]*search.DocumentMatch, len(s.optional))
	s.exhausted = make([]bool, len(s.optional))
	s.signals = make([]keywordSignals, len(q.keywords))
	return s, nil
}

// rankSearcher scores the matches of its must searcher. It reads the
// heading-path matches of each keyword from optional searchers, which it
// moves only when they are behind the paragraph at hand (bleve's boolean
// searcher advances should clauses past their matches).
type rankSearcher struct {
	q         *rankQuery
	must      search.Searcher
	optional  []search.Searcher       // by keyword: its heading-path searcher
	current   []*search.DocumentMatch // each optional searcher's last match
	exhausted []bool
	signals   []keywordSignals
	// explain asks for explanations of scores; the last is in explanation.
	explain     bool
	explanation *Explanation
	isHeading   bool // the paragraph at hand is a title or heading
	// substance is the substance signal of the paragraph at hand, whose
	// text is length terms long; relevance counts it in.
	substance, length float64
	// distinct is the distinctive signal of the paragraph at hand, of
	// distinctWords of the query's words, and its profile.
	distinct      float64
	distinctWords int
	profile       index.Profile
	// floor, when set, is the score a match must reach to be kept: below
	// it, a match's score is only bounded.
	floor *float64
}

// keywordSignals is what a paragraph's match says about one keyword.
type keywordSignals struct {
	matched       bool
	textFreq      float64
	textLength    float64
	sectionFreq   float64
	sectionLength float64
	occurrences   []occurrence

	// Computed by relevance.
	title             bool
	text, section, tf float64
	relevance         float64
}

type occurrence struct {
	pos, sentence            uint64
	word, asWritten, heading bool
}

// flaggedOccurrence is the occurrence at pos in sentence whose flags
// (occWord, occAsWritten, occHeading) a keyword's searcher reported.
func flaggedOccurrence(pos, flags, sentence uint64) occurrence {
	return occurrence{pos: pos, sentence: sentence,
		word: flags&occWord != 0, asWritten: flags&occAsWritten != 0, heading: flags&occHeading != 0}
}

func (s *rankSearcher) Next(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	dm, err := s.must.Next(ctx)
	if err != nil || dm == nil {
		return nil, err
	}
	return dm, s.rank(ctx, dm)
}

func (s *rankSearcher) Advance(ctx *search.SearchContext, id bleveindex.IndexInternalID) (*search.DocumentMatch, error) {
	dm, err := s.must.Advance(ctx, id)
	if err != nil || dm == nil {
		return nil, err
	}
	return dm, s.rank(ctx, dm)
}

// rank replaces dm's score by the ranking's.
func (s *rankSearcher) rank(ctx *search.SearchContext, dm *search.DocumentMatch) error {
	if len(s.q.keywords) == 0 {
		if s.explain {
			s.explanation = &Explanation{Value: dm.Score, Message: "score of the query's filters (no keyword on the text to rank by)"}
		}
		return nil
	}
	for i := range s.signals {
		sig := &s.signals[i]
		sig.matched, sig.textFreq, sig.sectionFreq = false, 0, 0
		sig.occurrences = sig.occurrences[:0]
	}
	s.isHeading = false
	for _, l := range dm.FieldTermLocations {
		i, err := strconv.Atoi(l.Term)
		if err != nil || i < 1 || i > len(s.signals) {
			continue
		}
		sig := &s.signals[i-1]
		if l.Location.Pos == 0 {
			sig.matched = true
			sig.textLength, sig.textFreq = float64(l.Location.Start), float64(l.Location.End)
			continue
		}
		sig.occurrences = append(sig.occurrences, flaggedOccurrence(l.Location.Pos, l.Location.Start, l.Location.End))
	}
	dm.FieldTermLocations = dm.FieldTermLocations[:0]
	for i, o := range s.optional {
		cur := s.current[i]
		if !s.exhausted[i] && (cur == nil || cur.IndexInternalID.Compare(dm.IndexInternalID) < 0) {
			if cur != nil {
				ctx.DocumentMatchPool.Put(cur)
			}
			next, err := o.Advance(ctx, dm.IndexInternalID)
			if err != nil {
				return err
			}
			s.current[i], s.exhausted[i] = next, next == nil
			cur = next
		}
		if cur != nil && cur.IndexInternalID.Equals(dm.IndexInternalID) {
			for _, l := range cur.FieldTermLocations {
				if l.Location.Pos == 0 {
					s.signals[i].sectionLength, s.signals[i].sectionFreq = float64(l.Location.Start), float64(l.Location.End)
				}
			}
		}
	}
	doc := -1 // none found, or its entry damaged: then the search fails (see Index.Damage)
	if place, ok := s.q.places.Lookup(dm.IndexInternalID.Value()); ok {
		doc = place.Doc
	}
	var err error
	dm.Score, err = s.finish(dm.IndexInternalID, doc)
	return err
}

// finish scores the paragraph id, in document doc, whose signals are at
// hand but for the occurrences of lazy keywords.
func (s *rankSearcher) finish(id bleveindex.IndexInternalID, doc int) (float64, error) {
	relevance, bound := s.relevance(doc)
	if err := s.distinctive(id); err != nil {
		return 0, err
	}
	if s.floor != nil && relevance+s.distinct+bound < *s.floor {
		// It cannot reach the hits kept so far: no need to read where its
		// keywords stand.
		return relevance + s.distinct + bound, nil
	}
	for i, k := range s.q.keywords {
		if ks := k.text.searcher; s.signals[i].matched && ks != nil && ks.lazy {
			var err error
			if s.signals[i].occurrences, err = ks.occurrences(id, s.signals[i].occurrences); err != nil {
				return 0, err
			}
		}
	}
	if s.heading() {
		// A heading's text is also its own heading path, and a title is the
		// title: count its text alone.
		relevance, _ = s.relevance(doc)
	}
	var score float64
	score, s.explanation = s.score(relevance)
	return score, nil
}

// heading reports whether the paragraph at hand is a title or heading, as
// its keywords' occurrences tell, and sets s.isHeading.
func (s *rankSearcher) heading() bool {
	s.isHeading = false
	for i := range s.signals {
		for _, o := range s.signals[i].occurrences {
			if o.heading {
				s.isHeading = true
				return true
			}
		}
	}
	return false
}

// relevance computes the BM25F part of the score of the paragraph whose
// signals are at hand, in document doc, and a bound on what the other
// signals can add to it.
func (s *rankSearcher) relevance(doc int) (relevance, bound float64) {
	w := &s.q.w
	matched := 0
	s.substance, s.length = 0, 0
	for i, k := range s.q.keywords {
		sig := &s.signals[i]
		sig.relevance = 0
		if !sig.matched {
			continue
		}
		if s.length = sig.textLength; s.length >= substantial {
			s.substance = w.substance
		}
		if k.units > 0 {
			matched++
			bound += w.word + w.written
		}
		sig.title = doc >= 0 && doc < len(k.inTitle) && k.inTitle[doc] && !s.isHeading
		// BM25F: the frequencies of the fields, each normalised by its
		// length, weighted and summed, then saturated once.
		sig.text = sig.textFreq / (1 - w.b + w.b*sig.textLength/k.textAvg)
		sig.section = 0
		if sig.sectionFreq > 0 && !s.isHeading {
			sig.section = w.section * sig.sectionFreq / (1 - w.bSection + w.bSection*sig.sectionLength/k.sectionAvg)
		}
		sig.tf = sig.text + sig.section
		if sig.title {
			sig.tf += w.title
		}
		sig.relevance = k.text.idf * sig.tf * (w.k1 + 1) / (w.k1 + sig.tf)
		relevance += sig.relevance
	}
	if matched > 1 {
		bound += float64(matched-1) * (max(w.together, w.sentence) + w.order)
	}
	return relevance + s.substance, bound
}

// score adds the signals of where the keywords stand to relevance, with an
// explanation when asked for.
func (s *rankSearcher) score(relevance float64) (float64, *Explanation) {
	w := &s.q.w
	relevance -= s.substance
	var words, written float64
	var explRelevance, explWords, explWritten []*Explanation
	for i, k := range s.q.keywords {
		sig := &s.signals[i]
		if !sig.matched {
			continue
		}
		var isWord, isWritten bool
		for _, o := range sig.occurrences {
			isWord = isWord || o.word
			isWritten = isWritten || o.asWritten
		}
		if isWord {
			words++
		}
		if isWritten {
			written++
		}
		if s.explain {
			msg := fmt.Sprintf("%s: idf %.3f × tf·(k1+1)/(tf+k1), k1 %g, tf %.3f = text: %g× in %g terms, b %g → %.3f",
				k.name, k.text.idf, w.k1, sig.tf, sig.textFreq, sig.textLength, w.b, sig.text)
			if sig.section > 0 {
				msg += fmt.Sprintf("; heading path: %g× in %g terms, b %g, × %g → %.3f", sig.sectionFreq, sig.sectionLength, w.bSection, w.section, sig.section)
			}
			if sig.title {
				msg += fmt.Sprintf("; title → %g", w.title)
			}
			explRelevance = append(explRelevance, &Explanation{Value: sig.relevance, Message: msg})
			if isWord {
				explWords = append(explWords, &Explanation{Value: w.word, Message: k.name + " stands as a word"})
			}
			if isWritten {
				explWritten = append(explWritten, &Explanation{Value: w.written, Message: k.name + " stands as typed"})
			}
		}
	}
	together, sentence, explProximity := s.proximity()
	order, explOrder := s.order()
	total := relevance + w.together*together + w.sentence*sentence + w.word*words + w.written*written + w.order*order + s.substance + s.distinct
	if !s.explain {
		return total, nil
	}
	relevanceMsg := "relevance (BM25F), sum of:"
	if s.isHeading {
		relevanceMsg = "relevance (BM25F) of a title or heading, its text alone, sum of:"
	}
	sum := func(v float64, msg string, children []*Explanation) *Explanation {
		return &Explanation{Value: v, Message: msg, Details: children}
	}
	return total, sum(total, "sum of:", []*Explanation{
		sum(w.written*written, fmt.Sprintf("as typed: %g keywords × %g", written, w.written), explWritten),
		sum(relevance, relevanceMsg, explRelevance),
		sum(w.together*together+w.sentence*sentence, fmt.Sprintf("proximity: %g pairs together × %g + %.3f of pairs in one sentence × %g", together, w.together, sentence, w.sentence), explProximity),
		sum(w.word*words, fmt.Sprintf("words: %g keywords × %g", words, w.word), explWords),
		sum(w.order*order, fmt.Sprintf("order: %g pairs as typed × %g", order, w.order), explOrder),
		sum(s.substance, s.substanceMessage(), nil),
		sum(s.distinct, s.distinctMessage(), nil),
	})
}

// distinctive sets the distinctive signal of the paragraph id, whose
// signals are at hand: for each of the query's rarest words (up to
// index.ProfileWords), whether the paragraph's word of the same rank by
// rarity is as common or more. A person who half-remembers a paragraph
// types the words that made it memorable, its rarest: a paragraph that
// holds rarer words than the query's would have been typed with those, and
// is less likely the one meant (a query-likelihood prior, as known-item
// retrieval uses; see index.Rarity). A stub counts nothing: that its few
// words hold none rarer than the query's says little about it, and would
// lift headings and list items over the text that says more (of topical
// queries' common words, substantial paragraphs nearly all hold rarer
// words). Its error is damage to the profile's block of rarity.bin.
func (s *rankSearcher) distinctive(id bleveindex.IndexInternalID) error {
	s.distinct, s.distinctWords = 0, 0
	if len(s.q.levels) == 0 || s.length < substantial || s.q.w.distinct == 0 {
		return nil
	}
	var err error
	if s.profile, err = s.q.rarity.Profile(id.Value()); err != nil {
		return err
	}
	for i, l := range s.q.levels {
		if s.profile[i] >= l {
			s.distinctWords++
		}
	}
	s.distinct = s.q.w.distinct * float64(s.distinctWords)
	return nil
}

// df is a word's count in the index searched, or in the set; its error is
// damage to a words table (another member's, in a set, whose own search
// might end before it is read).
func (q *rankQuery) df(k index.WordKey) (uint32, error) {
	if q.setRarity == nil {
		return q.rarity.DF(k)
	}
	var n uint32
	for _, r := range q.setRarity {
		c, err := r.DF(k)
		if err != nil {
			return 0, err
		}
		n += c
	}
	return n, nil
}

func (s *rankSearcher) distinctMessage() string {
	levels := s.q.levels
	switch {
	case s.q.w.distinct == 0:
		return "distinctive: off"
	case len(levels) == 0:
		return "distinctive: the query holds no word the index counts"
	case s.length < substantial:
		return fmt.Sprintf("distinctive: a stub (under %g terms) counts none", float64(substantial))
	}
	var q, p []string
	for i, l := range levels {
		q = append(q, strconv.Itoa(int(l)))
		if s.profile[i] == index.NoWord {
			p = append(p, "none")
		} else {
			p = append(p, strconv.Itoa(int(s.profile[i])))
		}
	}
	return fmt.Sprintf("distinctive: %d of the query's %d rarest words (rarity levels %s) no rarer than the paragraph's of the same rank (%s) × %g",
		s.distinctWords, len(levels), strings.Join(q, " "), strings.Join(p, " "), s.q.w.distinct)
}

func (s *rankSearcher) substanceMessage() string {
	if s.substance > 0 {
		return fmt.Sprintf("substance: a text of %g terms, at least %g: not a stub", s.length, float64(substantial))
	}
	return fmt.Sprintf("substance: a text of %g terms, under %g: a stub", s.length, float64(substantial))
}

// order counts the pairs of keywords next to each other in the query
// whose first occurrences in the paragraph stand in the order typed.
func (s *rankSearcher) order() (order float64, expl []*Explanation) {
	for i := 1; i < len(s.q.keywords); i++ {
		a, b := s.signals[i-1].occurrences, s.signals[i].occurrences
		if len(a) == 0 || len(b) == 0 {
			continue
		}
		first := func(occ []occurrence) uint64 {
			p := occ[0].pos
			for _, o := range occ[1:] {
				p = min(p, o.pos)
			}
			return p
		}
		if first(a) < first(b) {
			order++
			if s.explain {
				expl = append(expl, &Explanation{Value: s.q.w.order, Message: s.q.keywords[i-1].name + " " + s.q.keywords[i].name + ": first found in the order typed"})
			}
		}
	}
	return order, expl
}

// proximity scores each pair of keywords next to each other in the query:
// standing together as typed counts 1 in together; in one sentence, a part
// of 1 in sentence that falls with their distance; anything else nothing.
func (s *rankSearcher) proximity() (together, sentence float64, expl []*Explanation) {
	for i := 1; i < len(s.q.keywords); i++ {
		a, b := &s.signals[i-1], &s.signals[i]
		if len(a.occurrences) == 0 || len(b.occurrences) == 0 {
			continue
		}
		units := uint64(s.q.keywords[i-1].units)
		best, dist := 0.0, uint64(0)
		for _, x := range a.occurrences {
			for _, y := range b.occurrences {
				if y.pos == x.pos+units {
					best = 1
					break
				}
				if x.sentence != y.sentence {
					continue
				}
				d := gap(x.pos, units, y.pos, uint64(s.q.keywords[i].units))
				if c := 1 - float64(d)/sentenceReach; c > best {
					best, dist = c, d
				}
			}
			if best == 1 {
				break
			}
		}
		name := s.q.keywords[i-1].name + " " + s.q.keywords[i].name
		switch {
		case best == 1:
			together++
			if s.explain {
				expl = append(expl, &Explanation{Value: s.q.w.together, Message: name + ": together as typed"})
			}
		case best > 0:
			sentence += best
			if s.explain {
				expl = append(expl, &Explanation{Value: s.q.w.sentence * best, Message: fmt.Sprintf("%s: in one sentence, %d characters apart", name, dist)})
			}
		}
	}
	return together, sentence, expl
}

// gap is the number of units between two occurrences, of a and b units,
// at positions x and y.
func gap(x, a, y, b uint64) uint64 {
	switch {
	case y >= x+a:
		return y - (x + a)
	case x >= y+b:
		return x - (y + b)
	}
	return 0 // overlapping
}

func (s *rankSearcher) Close() error {
	err := s.must.Close()
	for _, o := range s.optional {
		err = errors.Join(err, o.Close())
	}
	return err
}

func (s *rankSearcher) Weight() float64 { return s.must.Weight() }

func (s *rankSearcher) SetQueryNorm(norm float64) { s.must.SetQueryNorm(norm) }

func (s *rankSearcher) Count() uint64 { return s.must.Count() }
func (s *rankSearcher) Min() int      { return 0 }
func (s *rankSearcher) Size() int     { return 0 }

func (s *rankSearcher) DocumentMatchPoolSize() int {
	n := s.must.DocumentMatchPoolSize() + 1
	for _, o := range s.optional {
		n += o.DocumentMatchPoolSize() + 1
	}
	return n
}

// An Explanation says how a score was made: Value is the sum of the
// Details' values, or a figure that Message explains. It has the shape of
// Elasticsearch's explain output.
type Explanation struct {
	Value   float64        `json:"value"`
	Message string         `json:"description"`
	Details []*Explanation `json:"details,omitempty"`
}
