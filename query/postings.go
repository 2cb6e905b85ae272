package query

import (
	"context"

	"github.com/blevesearch/bleve/v2/index/scorch"
	bleveindex "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"

	"github.com/zhsearch/zhsearch/index"
)

// gramReader reads a bigram term's postings with their positions segment by
// segment, as scorch's term field reader does, but decodes each
// occurrence straight into an index.Gram instead of a term vector first:
// a phrase keyword reads the positions of each of its bigrams in every
// paragraph that holds them all, and that copy was a third of the cost.
// It gives the same paragraphs, frequencies and norms as scorch's reader
// (TestGramReaderEqualsScorch checks), with the occurrences in grams.
type gramReader struct {
	segs   []gramSegment
	at     int // the segment being read
	count  uint64
	grams  []index.Gram // the current paragraph's occurrences, by position as stored
	vector bleveindex.TermFieldVector
}

type gramSegment struct {
	postings segment.PostingsIterator
	offset   uint64 // the segment's first document number in the snapshot
}

// newGramReader returns a gramReader of term in field, or nil when r is not
// a scorch snapshot (a member of a set, whose reader reports set-wide
// counts; it is read through its own term field reader).
func newGramReader(r bleveindex.IndexReader, field, term string) (*gramReader, error) {
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		return nil, nil
	}
	g := &gramReader{}
	var offset uint64
	for _, s := range snap.Segments() {
		dict, err := s.Segment().Dictionary(field)
		if err != nil {
			return nil, err
		}
		pl, err := dict.PostingsList([]byte(term), s.Deleted(), nil)
		if err != nil {
			return nil, err
		}
		g.count += pl.Count()
		g.segs = append(g.segs, gramSegment{postings: pl.Iterator(true, true, true, nil), offset: offset})
		offset += s.Segment().Count()
	}
	return g, nil
}

// Next moves to the next paragraph that holds the term.
func (g *gramReader) Next(d *bleveindex.TermFieldDoc) (*bleveindex.TermFieldDoc, error) {
	for g.at < len(g.segs) {
		p, err := g.segs[g.at].postings.Next()
		if err != nil {
			return nil, err
		}
		if p != nil {
			return g.read(p, d), nil
		}
		g.at++
	}
	return nil, nil
}

// Advance moves to the first paragraph at or after id that holds the term.
// Unlike scorch's, it never moves back: keywordSearcher only asks for
// paragraphs ahead of the current one.
func (g *gramReader) Advance(id bleveindex.IndexInternalID, d *bleveindex.TermFieldDoc) (*bleveindex.TermFieldDoc, error) {
	num := id.Value()
	for g.at+1 < len(g.segs) && g.segs[g.at+1].offset <= num {
		g.at++
	}
	if g.at >= len(g.segs) {
		return nil, nil
	}
	s := &g.segs[g.at]
	p, err := s.postings.Advance(num - min(num, s.offset))
	if err != nil {
		return nil, err
	}
	if p == nil {
		g.at++
		return g.Next(d)
	}
	return g.read(p, d), nil
}

// read sets d (allocated when nil) to posting p of the current segment and
// the grams to its occurrences.
func (g *gramReader) read(p segment.Posting, d *bleveindex.TermFieldDoc) *bleveindex.TermFieldDoc {
	if d == nil {
		d = &bleveindex.TermFieldDoc{}
	}
	d.ID = bleveindex.NewIndexInternalID(d.ID, p.Number()+g.segs[g.at].offset)
	d.Freq, d.Norm = p.Frequency(), p.Norm()
	d.Vectors = d.Vectors[:0]
	g.grams = g.grams[:0]
	for _, l := range p.Locations() {
		g.vector.Pos, g.vector.Start, g.vector.End = l.Pos(), l.Start(), l.End()
		g.grams = append(g.grams, index.ReadGram(&g.vector))
	}
	return d
}

func (g *gramReader) Count() uint64 { return g.count }
func (g *gramReader) Close() error  { return nil }
func (g *gramReader) Size() int     { return 0 }

// termReader returns a reader of term in field for a keyword that reads its
// positions: a gramReader where r allows, scorch's term field reader
// otherwise.
func termReader(ctx context.Context, r bleveindex.IndexReader, field, term string) (bleveindex.TermFieldReader, error) {
	g, err := newGramReader(r, field, term)
	if err != nil {
		return nil, err
	}
	if g != nil {
		return g, nil
	}
	return r.TermFieldReader(ctx, []byte(term), field, true, true, true)
}
