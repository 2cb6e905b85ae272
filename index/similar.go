package index

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// A SimilarParagraph is a paragraph near-duplicate of another: its scorch
// document number (see [Index.Paragraph], [Places.Lookup]) and the exact
// similarity of the two.
type SimilarParagraph struct {
	Num uint64
	Sim Similarity
}

// similarTable is similar.bin, read whole and verified.
type similarTable struct {
	n, e int
	data []byte
}

func decodeSimilar(data []byte) (*similarTable, error) {
	if len(data) < similarHeader || string(data[:4]) != similarMagic {
		return nil, errors.New("not a similarity table")
	}
	n := int(binary.LittleEndian.Uint32(data[4:]))
	e := int(binary.LittleEndian.Uint32(data[8:]))
	if len(data) != similarHeader+4*(n+1)+similarEntry*e {
		return nil, fmt.Errorf("%d bytes for %d paragraphs and %d pairs", len(data), n, e)
	}
	t := &similarTable{n: n, e: e, data: data}
	prev := uint32(0)
	for i := 0; i <= n; i++ {
		off := t.offset(i)
		if off < prev || int(off) > e {
			return nil, fmt.Errorf("offset %d of paragraph %d is out of order", off, i)
		}
		prev = off
	}
	if int(prev) != e {
		return nil, fmt.Errorf("the offsets end at %d of %d pairs", prev, e)
	}
	// The entries are checked as they are read (see list): the checksum
	// has vouched for the bytes, and a search reads a few.
	return t, nil
}

func (t *similarTable) offset(i int) uint32 {
	return binary.LittleEndian.Uint32(t.data[similarHeader+4*i:])
}

// list returns the paragraphs similar to document number num, most similar
// first.
func (t *similarTable) list(num uint64) ([]SimilarParagraph, error) {
	if num >= uint64(t.n) {
		return nil, nil
	}
	from, to := t.offset(int(num)), t.offset(int(num)+1)
	if from == to {
		return nil, nil
	}
	out := make([]SimilarParagraph, 0, to-from)
	for i := from; i < to; i++ {
		entry := t.data[similarHeader+4*(t.n+1)+similarEntry*int(i):]
		p := SimilarParagraph{
			Num: uint64(binary.LittleEndian.Uint32(entry)),
			Sim: Similarity{Shared: int(binary.LittleEndian.Uint32(entry[4:])), Union: int(binary.LittleEndian.Uint32(entry[8:]))},
		}
		if p.Num >= uint64(t.n) || p.Sim.Shared > p.Sim.Union || p.Sim.Union == 0 {
			return nil, fmt.Errorf("pair %d is out of range", i)
		}
		out = append(out, p)
	}
	return out, nil
}

// similar reads the index's similarity table once, verified against the
// build record.
func (ix *Index) similar() (*similarTable, error) {
	ix.similarOnce.Do(func() {
		raw, err := ix.readFile(similarFile)
		if err != nil {
			ix.similarErr = err
			return
		}
		t, err := decodeSimilar(raw)
		if err == nil && t.n != int(ix.places.n) {
			err = fmt.Errorf("%d paragraphs, the place table %d", t.n, ix.places.n)
		}
		if err != nil {
			ix.similarErr = damaged(ix.genPath(similarFile), err)
			return
		}
		ix.similarTab = t
	})
	return ix.similarTab, ix.similarErr
}

// Similar returns the paragraphs that are near-duplicates of the paragraph
// with scorch document number num, most similar first: every paragraph of
// the index whose similarity with it (see [Similarity]) is at least
// [MinSimilarity], computed exactly at build time, up to 1000 of them.
// Paragraphs shorter than [MinReuseChars] have none.
func (ix *Index) Similar(num uint64) ([]SimilarParagraph, error) {
	t, err := ix.similar()
	if err != nil {
		return nil, err
	}
	sims, err := t.list(num)
	if err != nil {
		return nil, damaged(ix.genPath(similarFile), err)
	}
	return sims, nil
}
