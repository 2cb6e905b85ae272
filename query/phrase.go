package query

import (
	"context"
	"fmt"
	"math"
	"slices"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/scorer"
	bleveindex "github.com/blevesearch/bleve_index_api"
)

// bigramPhraseQuery finds the paragraphs where its bigrams stand at
// consecutive positions of a field: a keyword of n units is n-1 bigrams. It
// scores exactly as bleve's PhraseQuery over the same terms does (the sum
// of each bigram's BM25 term score) but checks positions with sorted
// slices instead of building bleve's location maps for every candidate,
// which made phrase checks the larger part of a search.
type bigramPhraseQuery struct {
	field   string
	bigrams []string
	boost   float64
}

func newBigramPhrase(field string, bigrams []string) *bigramPhraseQuery {
	return &bigramPhraseQuery{field: field, bigrams: bigrams, boost: 1}
}

// SetBoost weights the phrase's score, as bleve queries' SetBoost does.
func (q *bigramPhraseQuery) SetBoost(b float64) { q.boost = b }

func (q *bigramPhraseQuery) Searcher(ctx context.Context, r bleveindex.IndexReader, _ mapping.IndexMapping, options search.SearcherOptions) (search.Searcher, error) {
	docTotal, avgLength, err := bm25Stats(ctx, r, q.field)
	if err != nil {
		return nil, err
	}
	s := &bigramPhraseSearcher{options: options, avgLength: avgLength}
	readerOf := map[string]int{}
	for i, bigram := range q.bigrams {
		j, ok := readerOf[bigram]
		if !ok {
			tfr, err := r.TermFieldReader(ctx, []byte(bigram), q.field, true, true, true)
			if err != nil {
				s.Close()
				return nil, err
			}
			j = len(s.terms)
			readerOf[bigram] = j
			s.terms = append(s.terms, phraseTerm{reader: tfr})
		}
		t := &s.terms[j]
		t.offsets = append(t.offsets, i)
		idf := math.Log(1 + (float64(docTotal)-float64(t.reader.Count())+0.5)/(float64(t.reader.Count())+0.5))
		s.bigrams = append(s.bigrams, phraseBigram{term: j, idf: idf, boost: q.boost, weight: 1})
	}
	// The rarest term leads: the others only skip to its documents.
	order := make([]int, len(s.terms))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int {
		return int(s.terms[a].reader.Count()) - int(s.terms[b].reader.Count())
	})
	s.lead = order
	s.SetQueryNorm(1 / math.Sqrt(s.Weight()))
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

// phraseTerm is one distinct bigram of the phrase: a phrase may hold the
// same bigram twice (哈哈哈).
type phraseTerm struct {
	reader  bleveindex.TermFieldReader
	doc     *bleveindex.TermFieldDoc // current document, nil before the first
	offsets []int                    // its places in the phrase
	pos     []uint64                 // its positions in the current document
}

// phraseBigram is one place of the phrase, scored as bleve's term searcher
// scores it.
type phraseBigram struct {
	term       int
	idf, boost float64
	weight     float64 // boost × idf × query norm, as bleve's TermQueryScorer
}

type bigramPhraseSearcher struct {
	options   search.SearcherOptions
	avgLength float64
	terms     []phraseTerm
	bigrams   []phraseBigram
	lead      []int // terms, rarest first
	done      bool
}

func (s *bigramPhraseSearcher) Next(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	return s.find(ctx, nil)
}

func (s *bigramPhraseSearcher) Advance(ctx *search.SearchContext, id bleveindex.IndexInternalID) (*search.DocumentMatch, error) {
	return s.find(ctx, id)
}

// find returns the next phrase match, at or after id when id is set.
// (bleve's searchers only advance a searcher that is behind id, so the lead
// term is then before id or has not started.)
func (s *bigramPhraseSearcher) find(ctx *search.SearchContext, id bleveindex.IndexInternalID) (*search.DocumentMatch, error) {
	if s.done || len(s.terms) == 0 {
		return nil, nil
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
		if s.inOrder() {
			return s.match(ctx, target), nil
		}
		lead.doc, err = lead.reader.Next(lead.doc)
	}
}

// inOrder checks that the current document holds the bigrams at
// consecutive positions.
func (s *bigramPhraseSearcher) inOrder() bool {
	for i := range s.terms {
		t := &s.terms[i]
		t.pos = t.pos[:0]
		for _, v := range t.doc.Vectors {
			t.pos = append(t.pos, v.Pos)
		}
		slices.Sort(t.pos)
	}
	first := &s.terms[s.bigrams[0].term]
	for _, start := range first.pos {
		ok := true
		for i := 1; i < len(s.bigrams) && ok; i++ {
			_, ok = slices.BinarySearch(s.terms[s.bigrams[i].term].pos, start+uint64(i))
		}
		if ok {
			return true
		}
	}
	return false
}

// match scores the current document as bleve's conjunction of term
// searchers would.
func (s *bigramPhraseSearcher) match(ctx *search.SearchContext, id bleveindex.IndexInternalID) *search.DocumentMatch {
	dm := ctx.DocumentMatchPool.Get()
	dm.IndexInternalID = bleveindex.NewIndexInternalIDFrom(dm.IndexInternalID, id)
	if s.options.Score == "none" {
		return dm
	}
	for _, b := range s.bigrams {
		d := s.terms[b.term].doc
		tf := math.Sqrt(float64(d.Freq))
		if int(d.Freq) < scorer.MaxSqrtCache {
			tf = scorer.SqrtCache[d.Freq]
		}
		fieldLength := 1 / (d.Norm * d.Norm)
		score := b.idf * (tf * search.BM25_k1) / (tf + search.BM25_k1*(1-search.BM25_b+search.BM25_b*fieldLength/s.avgLength))
		if b.weight != 1 {
			score *= b.weight
		}
		dm.Score += score
	}
	return dm
}

func (s *bigramPhraseSearcher) Close() error {
	var first error
	for _, t := range s.terms {
		if err := t.reader.Close(); err != nil && first == nil {
			first = err
		}
	}
	return first
}

// Weight and SetQueryNorm take part in bleve's query normalisation as its
// term searchers do.
func (s *bigramPhraseSearcher) Weight() float64 {
	sum := 0.0
	for _, b := range s.bigrams {
		w := b.boost * b.idf
		sum += w * w
	}
	return sum
}

func (s *bigramPhraseSearcher) SetQueryNorm(norm float64) {
	for i := range s.bigrams {
		b := &s.bigrams[i]
		b.weight = b.boost * b.idf * norm
	}
}

// Count is an estimate of the matches, as bleve's searchers give it.
func (s *bigramPhraseSearcher) Count() uint64 {
	if len(s.terms) == 0 {
		return 0
	}
	return s.terms[s.lead[0]].reader.Count()
}

func (s *bigramPhraseSearcher) Min() int                   { return 0 }
func (s *bigramPhraseSearcher) Size() int                  { return 0 }
func (s *bigramPhraseSearcher) DocumentMatchPoolSize() int { return 1 }
