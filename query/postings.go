package query

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	bleveindex "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"
	zap "github.com/blevesearch/zapx/v17"

	"github.com/zhsearch/zhsearch/index"
)

// gramReader reads a term's postings segment by segment, as scorch's term
// field reader does, without what that reader adds for bleve's searchers:
// where it reads positions, it decodes each occurrence of a bigram straight
// into an index.Gram instead of a term vector (a phrase keyword reads the
// positions of each of its bigrams in every paragraph that holds them all,
// and that copy was a third of the cost), and it keeps each paragraph's
// field length, which the ranking otherwise reads back from the norm.
// Where it can, it reads positions from zap's bytes itself (see
// zapPostings). It gives the same paragraphs and frequencies as scorch's
// reader, with the occurrences in grams, and the norms of the lengths in
// the place table (TestGramReaderEqualsScorch checks).
type gramReader struct {
	segs     []gramSegment
	at       int // the segment being read
	count    uint64
	freqNorm bool // frequencies and norms are read
	locs     bool // and positions
	// What a keyword that is not scored does not want: noNorms leaves
	// norms 0 (a ranked keyword reads one term's), posOnly has grams hold
	// positions alone (a keyword that is only matched), or leaves the
	// occurrences in raw where zapPostings reads them.
	noNorms, posOnly bool
	// lengths are the field's lengths of paragraphs, length the current
	// paragraph's (the norm is 1/√length).
	lengths index.FieldLengths
	length  uint64
	grams   []index.Gram // the current paragraph's occurrences, by position as stored
	vector  bleveindex.TermFieldVector
	// rawOK: the current paragraph's occurrences are left in raw as zap
	// keeps them, not decoded into grams (see readDirect).
	raw   []byte
	rawOK bool
}

type gramSegment struct {
	postings segment.PostingsIterator
	offset   uint64 // the segment's first document number in the snapshot
	// When set, the postings are read from there instead (see
	// zapPostings).
	direct *zapPostings
}

// newGramReader returns a gramReader of term in field, reading
// frequencies and norms (of lengths) when freqNorm says, and positions too
// when locs says; or nil when r is not a scorch snapshot (a member of a
// set, whose reader reports set-wide counts: it is read through its own
// term field reader).
func newGramReader(r bleveindex.IndexReader, field, term string, freqNorm, locs bool, lengths index.FieldLengths) (*gramReader, error) {
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		return nil, nil
	}
	g := &gramReader{freqNorm: freqNorm || locs, locs: locs, lengths: lengths}
	var offset uint64
	for _, s := range snap.Segments() {
		var direct *zapPostings
		if locs {
			var err error
			if direct, err = newZapPostings(s.Segment(), field, term, s.Deleted()); err != nil {
				return nil, err
			}
		}
		if direct != nil {
			g.count += direct.actual.GetCardinality()
			g.segs = append(g.segs, gramSegment{offset: offset, direct: direct})
			offset += s.Segment().Count()
			continue
		}
		dict, err := s.Segment().Dictionary(field)
		if err != nil {
			return nil, err
		}
		pl, err := dict.PostingsList([]byte(term), s.Deleted(), nil)
		if err != nil {
			return nil, err
		}
		g.count += pl.Count()
		g.segs = append(g.segs, gramSegment{postings: pl.Iterator(freqNorm, freqNorm, locs, nil), offset: offset})
		offset += s.Segment().Count()
	}
	return g, nil
}

// Next moves to the next paragraph that holds the term.
func (g *gramReader) Next(d *bleveindex.TermFieldDoc) (*bleveindex.TermFieldDoc, error) {
	for g.at < len(g.segs) {
		if s := &g.segs[g.at]; s.direct != nil {
			if num, ok := s.direct.seek(0); ok {
				return g.readDirect(s, num, d)
			}
			g.at++
			continue
		}
		p, err := g.segs[g.at].postings.Next()
		if err != nil {
			return nil, err
		}
		if p != nil {
			g.rawOK = false
			return g.read(p, d), nil
		}
		g.at++
	}
	return nil, nil
}

// Advance moves to the first paragraph at or after id that holds the term.
// id must be after the paragraph it last returned: zap's iterator, unlike
// scorch's reader, never returns a paragraph twice nor moves back, so
// Advance to the current paragraph gives the next one. Every caller asks
// only for paragraphs ahead of the current one (they compare first).
func (g *gramReader) Advance(id bleveindex.IndexInternalID, d *bleveindex.TermFieldDoc) (*bleveindex.TermFieldDoc, error) {
	num := id.Value()
	for g.at+1 < len(g.segs) && g.segs[g.at+1].offset <= num {
		g.at++
	}
	if g.at >= len(g.segs) {
		return nil, nil
	}
	s := &g.segs[g.at]
	if s.direct != nil {
		if num, ok := s.direct.seek(num - min(num, s.offset)); ok {
			return g.readDirect(s, num, d)
		}
		g.at++
		return g.Next(d)
	}
	p, err := s.postings.Advance(num - min(num, s.offset))
	if err != nil {
		return nil, err
	}
	if p == nil {
		g.at++
		return g.Next(d)
	}
	g.rawOK = false
	return g.read(p, d), nil
}

// read sets d (allocated when nil) to posting p of the current segment and
// the grams to its occurrences.
func (g *gramReader) read(p segment.Posting, d *bleveindex.TermFieldDoc) *bleveindex.TermFieldDoc {
	if d == nil {
		d = &bleveindex.TermFieldDoc{}
	}
	num := p.Number() + g.segs[g.at].offset
	d.ID = bleveindex.NewIndexInternalID(d.ID, num)
	d.Vectors = d.Vectors[:0]
	if !g.freqNorm {
		return d
	}
	d.Freq = index.TermFrequency(p.Frequency())
	g.length = g.lengths.Of(num)
	if !g.noNorms {
		d.Norm = norm(g.length)
	}
	if !g.locs {
		return d
	}
	g.grams = g.grams[:0]
	if g.posOnly {
		for _, l := range p.Locations() {
			if zl, ok := l.(*zap.Location); ok {
				g.grams = append(g.grams, index.Gram{Pos: zl.Pos()})
			} else {
				g.grams = append(g.grams, index.Gram{Pos: l.Pos()})
			}
		}
		return d
	}
	for _, l := range p.Locations() {
		// zap's own locations, read without a call through the interface
		// for each field: a phrase reads thousands a search.
		if zl, ok := l.(*zap.Location); ok {
			g.vector.Pos, g.vector.Start, g.vector.End = zl.Pos(), zl.Start(), zl.End()
		} else {
			g.vector.Pos, g.vector.Start, g.vector.End = l.Pos(), l.Start(), l.End()
		}
		g.grams = append(g.grams, index.ReadGram(&g.vector))
	}
	return d
}

// together returns the paragraphs that hold every term readers read
// (gramReaders of one snapshot, none moved yet), by their numbers: an
// intersection of the terms' bitmaps, which costs next to nothing beside
// reading the terms' postings one by one. It returns nil when the numbers
// do not fit a bitmap (over 4 billion paragraphs).
func together(readers []*gramReader) (*roaring.Bitmap, error) {
	out := roaring.New()
	for i := range readers[0].segs {
		bitmaps := make([]*roaring.Bitmap, len(readers))
		for j, g := range readers {
			if z := g.segs[i].direct; z != nil {
				bitmaps[j] = z.actual
				continue
			}
			// The readers have not moved yet: their iterators still hold
			// what they are to read.
			it := g.segs[i].postings
			o, ok := it.(segment.OptimizablePostingsIterator)
			if !ok {
				return nil, fmt.Errorf("%T gives no bitmap of its postings", it)
			}
			bitmaps[j] = o.ActualBitmap()
			if bitmaps[j] == nil {
				// A term in one paragraph of the segment (zap keeps
				// it without a bitmap), or in none.
				bitmaps[j] = roaring.New()
				if one, ok := it.(interface{ DocNum1Hit() (uint64, bool) }); ok {
					if num, ok := one.DocNum1Hit(); ok {
						bitmaps[j].Add(uint32(num))
					}
				}
			}
		}
		// The rarest first: each intersection then gallops through the
		// larger bitmaps instead of merging them.
		slices.SortFunc(bitmaps, func(a, b *roaring.Bitmap) int { return cmp.Compare(a.GetCardinality(), b.GetCardinality()) })
		all := bitmaps[0].Clone()
		for _, b := range bitmaps[1:] {
			all.And(b)
		}
		offset := readers[0].segs[i].offset
		if !all.IsEmpty() && offset+uint64(all.Maximum()) > math.MaxUint32 {
			return nil, nil
		}
		if offset > 0 {
			all = roaring.AddOffset64(all, int64(offset))
		}
		out.Or(all)
	}
	return out, nil
}

// matchesOf returns the paragraphs a lazy keyword (see keywordSearcher)
// matches, those that hold all its terms, by their numbers in r; nil when
// r is not a scorch snapshot.
func matchesOf(r bleveindex.IndexReader, q *keywordQuery) (*roaring.Bitmap, error) {
	var readers []*gramReader
	for _, run := range q.runs {
		for _, term := range run.Terms {
			g, err := newGramReader(r, run.Field, term, false, false, index.FieldLengths{})
			if err != nil || g == nil {
				return nil, err
			}
			readers = append(readers, g)
		}
	}
	if len(readers) == 0 {
		return nil, nil
	}
	return together(readers)
}

func (g *gramReader) Count() uint64 { return g.count }
func (g *gramReader) Close() error  { return nil }
func (g *gramReader) Size() int     { return 0 }

// fieldLengthsKey is the context key of the place table of the index
// searched (an *index.Places), which the field lengths that BM25
// normalises by are read from: zap keeps none (see index.FieldLengths).
// scoring sets it, beside bleve's BM25 statistics.
type fieldLengthsKey struct{}

// lengthsOf returns the lengths of field in the index searched, whose
// place table ctx carries.
func lengthsOf(ctx context.Context, field string) (index.FieldLengths, error) {
	p, ok := ctx.Value(fieldLengthsKey{}).(*index.Places)
	if !ok || p == nil {
		return index.FieldLengths{}, fmt.Errorf("field %s: no field lengths to score with", field)
	}
	l, ok := p.Lengths(field)
	if !ok {
		return l, fmt.Errorf("the index keeps no lengths of field %s", field)
	}
	return l, nil
}

// norm is the norm of a field of length terms, as zap computes it from the
// length it would keep (1/norm² is the length bleve's BM25 reads back).
func norm(length uint64) float64 {
	return float64(float32(1.0 / math.Sqrt(float64(length))))
}

// termReader returns a reader of term in field, reading frequencies and
// norms when freqNorm says, and positions too when locs says: a
// gramReader where r allows, scorch's term field reader otherwise, with
// the norms of the lengths in the place table that ctx carries (see
// scoring). Read the positions with gramsOf and the field's length with
// fieldLength.
func termReader(ctx context.Context, r bleveindex.IndexReader, field, term string, freqNorm, locs bool) (bleveindex.TermFieldReader, error) {
	var lengths index.FieldLengths
	if freqNorm || locs {
		var err error
		if lengths, err = lengthsOf(ctx, field); err != nil {
			return nil, err
		}
	}
	g, err := newGramReader(r, field, term, freqNorm, locs, lengths)
	if err != nil {
		return nil, err
	}
	if g != nil {
		return g, nil
	}
	tfr, err := r.TermFieldReader(ctx, []byte(term), field, freqNorm, freqNorm, locs)
	if err != nil || !freqNorm {
		return tfr, err
	}
	return &lengthReader{TermFieldReader: tfr, lengths: lengths}, nil
}

// lengthReader is a term field reader whose norms are those of the
// lengths in the place table, and frequencies those the index means (see
// index.TermFrequency).
type lengthReader struct {
	bleveindex.TermFieldReader
	lengths index.FieldLengths
	length  uint64 // the current paragraph's
}

func (l *lengthReader) Next(d *bleveindex.TermFieldDoc) (*bleveindex.TermFieldDoc, error) {
	d, err := l.TermFieldReader.Next(d)
	return l.read(d), err
}

func (l *lengthReader) Advance(id bleveindex.IndexInternalID, d *bleveindex.TermFieldDoc) (*bleveindex.TermFieldDoc, error) {
	d, err := l.TermFieldReader.Advance(id, d)
	return l.read(d), err
}

func (l *lengthReader) read(d *bleveindex.TermFieldDoc) *bleveindex.TermFieldDoc {
	if d != nil {
		l.length = l.lengths.Of(d.ID.Value())
		d.Norm = norm(l.length)
		d.Freq = index.TermFrequency(d.Freq)
	}
	return d
}

// fieldLength returns the length in terms of the field of d, the paragraph
// r (made by termReader with frequencies) stands at: the place table's,
// which termReader's readers keep; for another reader, from its norm, as
// bleve's BM25 reads it back.
func fieldLength(r bleveindex.TermFieldReader, d *bleveindex.TermFieldDoc) uint64 {
	switch r := r.(type) {
	case *gramReader:
		return r.length
	case *lengthReader:
		return r.length
	}
	return uint64(math.Round(1 / float64(d.Norm*d.Norm)))
}

// gramsOf appends to dst the occurrences of d, the paragraph r (made by
// termReader with positions) stands at.
//
// A match-only keyword's reader that left its occurrences raw (see
// readDirect) has decoded none: matchRaw reads them, never gramsOf.
func gramsOf(r bleveindex.TermFieldReader, d *bleveindex.TermFieldDoc, dst []index.Gram) []index.Gram {
	if g, ok := r.(*gramReader); ok {
		return append(dst, g.grams...)
	}
	for _, v := range d.Vectors {
		dst = append(dst, index.ReadGram(v))
	}
	return dst
}
