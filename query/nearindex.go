package query

import (
	"context"
	"slices"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	bq "github.com/blevesearch/bleve/v2/search/query"
	bleveindex "github.com/blevesearch/bleve_index_api"

	"github.com/zhsearch/zhsearch/index"
	"github.com/zhsearch/zhsearch/segment"
)

// sentenceQuery matches what query (all the operands of a chain of /s
// operators) matches where the index's sentence numbers say the chain
// holds: the index records the sentence of each bigram, counting the same
// sentence ends as endsSentence. It is exact for operands whose forms are
// each one bigram run (two or more touching Chinese characters, or digits
// and letters that the index cuts the same way); sentenceOperands says when.
// It saves checking every candidate's text, which for keywords found in
// most paragraphs costs more than the search.
type sentenceQuery struct {
	query    bq.Query
	operands [][]index.Run // by operand, its forms' runs

	// Set by Searcher, for keywordHits: the searcher, which checks the
	// sentences of a paragraph of the query's matches on demand.
	searcher *sentenceSearcher
}

// sentenceOperands returns the bigram run of each form of each operand of
// n, or false if n is not a chain of /s on the text whose forms are all
// single bigram runs, no form in two operands (where the text check wants
// two different occurrences).
func sentenceOperands(n *Near, syn *Synonyms) ([][]index.Run, bool) {
	for _, op := range n.Ops {
		if !op.Sentence {
			return nil, false
		}
	}
	if nearField(n) != FieldText {
		return nil, false
	}
	var out [][]index.Run
	operandOf := map[string]int{}
	for i, c := range n.Nodes {
		var forms []index.Run
		for _, k := range nearKeywords(c) {
			for _, f := range syn.keywordForms(k) {
				folded := segment.FoldString(f)
				if j, ok := operandOf[folded]; ok && j != i || superset(folded) {
					return nil, false
				}
				operandOf[folded] = i
				runs := index.KeywordRuns(index.PartText, f)
				if len(runs) != 1 || !runs[0].Bigrams {
					return nil, false
				}
				forms = append(forms, runs[0])
			}
		}
		out = append(out, forms)
	}
	return out, true
}

func (q *sentenceQuery) Searcher(ctx context.Context, r bleveindex.IndexReader, m mapping.IndexMapping, options search.SearcherOptions) (search.Searcher, error) {
	inner, err := q.query.Searcher(ctx, r, m, options)
	if err != nil {
		return nil, err
	}
	s := &sentenceSearcher{Searcher: inner}
	for _, forms := range q.operands {
		var op []*bigramRun
		for _, form := range forms {
			run := &bigramRun{}
			for _, t := range form.Terms {
				// Frequencies and lengths cost nothing more to read
				// with positions; keywordHits ranks by them.
				tfr, err := termReader(ctx, r, form.Field, t, true, true)
				if err != nil {
					s.Close()
					return nil, err
				}
				run.readers = append(run.readers, tfr)
			}
			op = append(op, run)
		}
		s.operands = append(s.operands, op)
	}
	q.searcher = s
	return s, nil
}

// sentenceSearcher passes on the matches of the searcher it wraps whose
// operands stand in a chain of sentences.
type sentenceSearcher struct {
	search.Searcher
	operands        [][]*bigramRun
	scratch, common []uint64 // sentences, reused from paragraph to paragraph
}

// bigramRun reads where one form, a run of bigram terms, stands.
type bigramRun struct {
	readers []bleveindex.TermFieldReader
	docs    []*bleveindex.TermFieldDoc
	grams   [][]index.Gram
}

func (s *sentenceSearcher) Next(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	for {
		dm, err := s.Searcher.Next(ctx)
		if err != nil || dm == nil {
			return dm, err
		}
		if ok, err := s.holds(dm.IndexInternalID); err != nil || ok {
			return dm, err
		}
		ctx.DocumentMatchPool.Put(dm)
	}
}

func (s *sentenceSearcher) Advance(ctx *search.SearchContext, id bleveindex.IndexInternalID) (*search.DocumentMatch, error) {
	dm, err := s.Searcher.Advance(ctx, id)
	if err != nil || dm == nil {
		return dm, err
	}
	if ok, err := s.holds(dm.IndexInternalID); err != nil || ok {
		return dm, err
	}
	ctx.DocumentMatchPool.Put(dm)
	return s.Next(ctx)
}

// holds reports whether some sentence of paragraph id holds each operand
// in turn. As /s relates neighbours only through a shared sentence, an
// occurrence continues the chain exactly when its sentence holds all the
// operands before it: the sentences that hold the chain are the
// intersection of those of each operand.
func (s *sentenceSearcher) holds(id bleveindex.IndexInternalID) (bool, error) {
	var common []uint64
	for i, op := range s.operands {
		here := s.scratch[:0]
		for _, run := range op {
			var err error
			if here, err = run.sentences(id, here); err != nil {
				return false, err
			}
		}
		s.scratch = here
		if i == 0 {
			common = append(s.common[:0], here...)
		} else {
			common = slices.DeleteFunc(common, func(x uint64) bool { return !slices.Contains(here, x) })
		}
		s.common = common
		if len(common) == 0 {
			return false, nil
		}
	}
	return true, nil
}

// sentences appends to dst the sentences of paragraph id where the run
// stands whole.
func (b *bigramRun) sentences(id bleveindex.IndexInternalID, dst []uint64) ([]uint64, error) {
	if b.docs == nil {
		b.docs = make([]*bleveindex.TermFieldDoc, len(b.readers))
		b.grams = make([][]index.Gram, len(b.readers))
	}
	for i := range b.readers {
		d, err := b.at(i, id)
		if err != nil || d == nil {
			return dst, err
		}
		b.grams[i] = gramsOf(b.readers[i], d, b.grams[i][:0])
	}
	for _, g := range b.grams[0] {
		whole := true
		for i := 1; i < len(b.grams) && whole; i++ {
			whole = hasPos(b.grams[i], g.Pos+uint64(i))
		}
		if whole && !slices.Contains(dst, g.Sentence) {
			dst = append(dst, g.Sentence)
		}
	}
	return dst, nil
}

// at moves bigram i's reader to paragraph id, if it is behind, and returns
// where the bigram stands there, nil if nowhere. Paragraphs must be asked
// about in order.
func (b *bigramRun) at(i int, id bleveindex.IndexInternalID) (*bleveindex.TermFieldDoc, error) {
	if b.docs == nil {
		b.docs = make([]*bleveindex.TermFieldDoc, len(b.readers))
		b.grams = make([][]index.Gram, len(b.readers))
	}
	d := b.docs[i]
	if d == nil || d.ID.Compare(id) < 0 {
		next, err := b.readers[i].Advance(id, d)
		if err != nil {
			return nil, err
		}
		b.docs[i] = next
		d = next
	}
	if d == nil || !d.ID.Equals(id) {
		return nil, nil
	}
	return d, nil
}

func hasPos(grams []index.Gram, pos uint64) bool {
	for _, g := range grams {
		if g.Pos == pos {
			return true
		}
	}
	return false
}

func (s *sentenceSearcher) Close() error {
	err := s.Searcher.Close()
	for _, op := range s.operands {
		for _, run := range op {
			for _, r := range run.readers {
				if e := r.Close(); e != nil && err == nil {
					err = e
				}
			}
		}
	}
	return err
}
