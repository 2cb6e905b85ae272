package index

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
)

// A SimilarParagraph is a paragraph near-duplicate of another: its scorch
// document number (see [Index.Paragraph], [Places.Lookup]) and the exact
// similarity of the two.
type SimilarParagraph struct {
	Num uint64
	Sim Similarity
}

// similar.bin: "ZHSM", the count of document numbers n, the count of
// groups g (see [groups]) and the count of pair entries e, then:
//   - n uint32: each document number's group, or noGroup for a paragraph
//     too short to compare or a number scorch deleted; groups are
//     numbered in the order of their first paragraphs;
//   - g uint32: each group's count of shingles (see [Similarity]);
//   - g+1 uint32 offsets: each group's entry range;
//   - e entries of three uint32: the other group, and the shingles shared
//     and in the union. Each pair is listed under both its groups, most
//     similar first, then by group; a list is cut after maxSimilar
//     entries and those as similar as the last.
//
// All little-endian. A group's members are listed nowhere: they are read
// off the first array when the table is opened.
const similarHeader, similarEntry = 16, 12

// similarTable is similar.bin, read whole and verified.
type similarTable struct {
	n, g, e   int
	data      []byte
	members   []uint32 // document numbers, by group
	memberOff []uint32 // by group, g+1 offsets into members
}

func decodeSimilar(data []byte) (*similarTable, error) {
	if len(data) < similarHeader || string(data[:4]) != similarMagic {
		return nil, errors.New("not a similarity table")
	}
	n := int(binary.LittleEndian.Uint32(data[4:]))
	g := int(binary.LittleEndian.Uint32(data[8:]))
	e := int(binary.LittleEndian.Uint32(data[12:]))
	if uint64(len(data)) != similarHeader+4*uint64(n)+8*uint64(g)+4+similarEntry*uint64(e) || g > n {
		return nil, fmt.Errorf("%d bytes for %d paragraphs, %d groups and %d pairs", len(data), n, g, e)
	}
	t := &similarTable{n: n, g: g, e: e, data: data, memberOff: make([]uint32, g+1)}
	// Groups come in the order of their first paragraphs: a group number
	// is at most one more than any before it, so every group has a member.
	seen := 0
	for num := range n {
		x := t.group(uint64(num))
		switch {
		case x == noGroup:
			continue
		case int(x) > seen:
			return nil, fmt.Errorf("paragraph %d is in group %d, after %d groups", num, x, seen)
		case int(x) >= g:
			return nil, fmt.Errorf("paragraph %d is in group %d of %d", num, x, g)
		case int(x) == seen:
			seen++
		}
		t.memberOff[x+1]++
	}
	if seen != g {
		return nil, fmt.Errorf("%d groups have paragraphs of %d", seen, g)
	}
	for x := range g {
		t.memberOff[x+1] += t.memberOff[x]
		if t.size(uint32(x)) == 0 {
			return nil, fmt.Errorf("group %d has no shingles", x)
		}
	}
	t.members = make([]uint32, t.memberOff[g])
	fill := slices.Clone(t.memberOff[:g])
	for num := range n {
		if x := t.group(uint64(num)); x != noGroup {
			t.members[fill[x]] = uint32(num)
			fill[x]++
		}
	}
	prev := uint32(0)
	for x := 0; x <= g; x++ {
		off := t.pairOffset(x)
		if off < prev || int(off) > e {
			return nil, fmt.Errorf("offset %d of group %d is out of order", off, x)
		}
		prev = off
	}
	if int(prev) != e {
		return nil, fmt.Errorf("the offsets end at %d of %d pairs", prev, e)
	}
	// The entries are checked as they are read (see pairs): the checksum
	// has vouched for the bytes, and a search reads a few.
	return t, nil
}

// group returns the group of document number num, or noGroup.
func (t *similarTable) group(num uint64) uint32 {
	if num >= uint64(t.n) {
		return noGroup
	}
	return binary.LittleEndian.Uint32(t.data[similarHeader+4*num:])
}

func (t *similarTable) size(x uint32) uint32 {
	return binary.LittleEndian.Uint32(t.data[similarHeader+4*t.n+4*int(x):])
}

func (t *similarTable) pairOffset(x int) uint32 {
	return binary.LittleEndian.Uint32(t.data[similarHeader+4*t.n+4*t.g+4*x:])
}

// pairs calls yield with each group near group x, most similar first.
func (t *similarTable) pairs(x uint32, yield func(y uint32, sim Similarity)) error {
	base := similarHeader + 4*t.n + 8*t.g + 4
	for i := t.pairOffset(int(x)); i < t.pairOffset(int(x)+1); i++ {
		entry := t.data[base+similarEntry*int(i):]
		y := binary.LittleEndian.Uint32(entry)
		sim := Similarity{Shared: int(binary.LittleEndian.Uint32(entry[4:])), Union: int(binary.LittleEndian.Uint32(entry[8:]))}
		if int(y) >= t.g || y == x || sim.Shared > sim.Union || sim.Union == 0 {
			return fmt.Errorf("pair %d is out of range", i)
		}
		yield(y, sim)
	}
	return nil
}

// list returns the paragraphs similar to document number num, most similar
// first, then by document number, up to maxSimilar: the other members of
// its group, then those of the groups near it.
func (t *similarTable) list(num uint64) ([]SimilarParagraph, error) {
	x := t.group(num)
	if x == noGroup {
		return nil, nil
	}
	var out []SimilarParagraph
	same := Similarity{int(t.size(x)), int(t.size(x))}
	for _, m := range t.members[t.memberOff[x]:t.memberOff[x+1]] {
		if len(out) == maxSimilar {
			break
		}
		if uint64(m) != num {
			out = append(out, SimilarParagraph{uint64(m), same})
		}
	}
	// Groups as similar as each other are merged by document number: a
	// run of them is sorted once it ends.
	run, last := len(out), Similarity{Union: 1} // 0: no pair's
	err := t.pairs(x, func(y uint32, sim Similarity) {
		if !sameValue(sim, last) {
			if len(out) >= maxSimilar {
				return
			}
			sortByNum(out[run:])
			run, last = len(out), sim
		}
		// A group's members come by document number: no more of them
		// than the run has room for can survive the cut.
		members := t.members[t.memberOff[y]:t.memberOff[y+1]]
		for _, m := range members[:min(len(members), maxSimilar-run)] {
			out = append(out, SimilarParagraph{uint64(m), sim})
		}
	})
	if err != nil {
		return nil, err
	}
	sortByNum(out[run:])
	if len(out) > maxSimilar {
		out = out[:maxSimilar]
	}
	return out, nil
}

func sortByNum(l []SimilarParagraph) {
	slices.SortFunc(l, func(a, b SimilarParagraph) int {
		switch {
		case a.Num < b.Num:
			return -1
		case a.Num > b.Num:
			return 1
		}
		return 0
	})
}

// sameValue reports whether two similarities are the same number.
func sameValue(a, b Similarity) bool {
	return uint64(a.Shared)*uint64(b.Union) == uint64(b.Shared)*uint64(a.Union)
}

// moreSimilar orders similarities from the greatest.
func moreSimilar(a, b Similarity) int {
	va, vb := uint64(a.Shared)*uint64(b.Union), uint64(b.Shared)*uint64(a.Union)
	switch {
	case va > vb:
		return -1
	case va < vb:
		return 1
	}
	return 0
}

// groupPair is an entry of a group's list.
type groupPair struct {
	other         uint32
	shared, union uint32
}

// writeSimilarTable writes similar.bin to path: groupOf is each document
// number's group, sizes each group's count of shingles, and the pairs are
// those of spill, in any order, each once or more. Lists are made for as
// many groups at a time as budget entries allow, in as many passes over
// the pairs, so that memory is bounded whatever their number.
func writeSimilarTable(path string, groupOf, sizes []uint32, spill *pairSpill, budget int) (err error) {
	g := len(sizes)
	count := make([]int, g)
	if err := spill.each(func(p similarPair) {
		count[p.a]++
		count[p.b]++
	}); err != nil {
		return err
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}()
	head := similarHeader + 4*len(groupOf) + 8*g + 4
	if _, err := f.Seek(int64(head), io.SeekStart); err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 256<<10)
	offsets := make([]uint32, g+1)
	var room []groupPair
	var entry [similarEntry]byte
	for lo := 0; lo < g; {
		// Groups lo to hi, their entries within budget (one group at
		// least).
		hi, held := lo+1, count[lo]
		for hi < g && held+count[hi] <= budget {
			held += count[hi]
			hi++
		}
		room = slices.Grow(room[:0], held)[:held]
		lists := make([][]groupPair, hi-lo)
		at := 0
		for x := lo; x < hi; x++ {
			lists[x-lo] = room[at : at : at+count[x]]
			at += count[x]
		}
		err := spill.each(func(p similarPair) {
			e := groupPair{shared: uint32(p.sim.Shared), union: uint32(p.sim.Union)}
			if int(p.a) >= lo && int(p.a) < hi {
				e.other = p.b
				lists[int(p.a)-lo] = append(lists[int(p.a)-lo], e)
			}
			if int(p.b) >= lo && int(p.b) < hi {
				e.other = p.a
				lists[int(p.b)-lo] = append(lists[int(p.b)-lo], e)
			}
		})
		if err != nil {
			return err
		}
		for i, l := range lists {
			l = sortGroupPairs(l)
			for _, e := range l {
				binary.LittleEndian.PutUint32(entry[:], e.other)
				binary.LittleEndian.PutUint32(entry[4:], e.shared)
				binary.LittleEndian.PutUint32(entry[8:], e.union)
				if _, err := w.Write(entry[:]); err != nil {
					return err
				}
			}
			offsets[lo+i+1] = offsets[lo+i] + uint32(len(l))
		}
		lo = hi
	}
	if err := w.Flush(); err != nil {
		return err
	}
	out := make([]byte, 0, head)
	out = append(out, similarMagic...)
	out = binary.LittleEndian.AppendUint32(out, uint32(len(groupOf)))
	out = binary.LittleEndian.AppendUint32(out, uint32(g))
	out = binary.LittleEndian.AppendUint32(out, offsets[g])
	for _, x := range groupOf {
		out = binary.LittleEndian.AppendUint32(out, x)
	}
	for _, s := range sizes {
		out = binary.LittleEndian.AppendUint32(out, s)
	}
	for _, off := range offsets {
		out = binary.LittleEndian.AppendUint32(out, off)
	}
	_, err = f.WriteAt(out, 0)
	return err
}

// sortGroupPairs sorts a group's list, most similar first, then by group,
// drops pairs found twice and cuts it after maxSimilar entries and those
// as similar as the last: enough for the first maxSimilar paragraphs of
// any of its members' lists, each group having one paragraph at least.
func sortGroupPairs(l []groupPair) []groupPair {
	sim := func(e groupPair) Similarity { return Similarity{int(e.shared), int(e.union)} }
	slices.SortFunc(l, func(a, b groupPair) int {
		if c := moreSimilar(sim(a), sim(b)); c != 0 {
			return c
		}
		return cmpUint32(a.other, b.other)
	})
	l = slices.CompactFunc(l, func(a, b groupPair) bool { return a.other == b.other })
	if len(l) > maxSimilar {
		cut := maxSimilar
		for cut < len(l) && sameValue(sim(l[cut]), sim(l[cut-1])) {
			cut++
		}
		l = l[:cut]
	}
	return l
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
// with scorch document number num, most similar first, then by document
// number: every paragraph of the index whose similarity with it (see
// [Similarity]) is at least [MinSimilarity], computed exactly at build
// time, up to 1000 of them. Paragraphs shorter than [MinReuseChars] have
// none.
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
