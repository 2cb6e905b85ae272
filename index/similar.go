package index

import (
	"bufio"
	"cmp"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"slices"

	"github.com/blevesearch/mmap-go"
)

// A SimilarParagraph is a paragraph near-duplicate of another: its scorch
// document number (see [Index.Paragraph], [Places.Lookup]) and the exact
// similarity of the two.
type SimilarParagraph struct {
	Num uint64
	Sim Similarity
}

// similar.bin: "ZHSM", the count of document numbers n, the count of
// groups g (see [groups]), the length r in bytes of the groups' records;
// then the body:
//   - n uint32: each document number's group, or noGroup for a paragraph
//     too short to compare or a number scorch deleted; groups are
//     numbered in the order of their first paragraphs;
//   - g+1 uint32: where each group's record starts in the records, and
//     where they end;
//   - the records, group by group, each a run of uvarints: its count of
//     members k; when k > 1, its count of shingles (see [Similarity]),
//     which two of its members share; its members, the document numbers
//     in order, each but the first as its difference from the one before;
//     then to the record's end its pairs, each the other group, the
//     shingles shared, and those in the union but not shared. Each pair is
//     listed under both its groups, most similar first, then by group; a
//     list is cut after maxSimilar entries and those as similar as the
//     last.
//
// and last its block checksums and trailer (see blockTable). All little-endian. A
// search maps the file and reads the few records of the hits it
// collapses, each block checked the first time a read touches it.
const similarHeader = 16

// similarTable is similar.bin, its blocks checked as they are read. It
// is safe for concurrent use.
type similarTable struct {
	n, g   int
	data   []byte // the whole file
	offs   int    // where the record offsets start in data
	recs   int    // where the records start
	end    int    // where they end
	blocks *blockTable
	mapped mmap.MMap // data, when it is mapped
}

func decodeSimilar(data []byte) (*similarTable, error) {
	if len(data) < similarHeader || string(data[:4]) != similarMagic {
		return nil, errors.New("not a similarity table")
	}
	n := uint64(binary.LittleEndian.Uint32(data[4:]))
	g := uint64(binary.LittleEndian.Uint32(data[8:]))
	r := uint64(binary.LittleEndian.Uint32(data[12:]))
	body := 4*n + 4*(g+1) + r
	if g > n {
		return nil, fmt.Errorf("%d groups of %d paragraphs", g, n)
	}
	blocks, err := openBlockTable(data, similarHeader, body)
	if err != nil {
		return nil, fmt.Errorf("%d paragraphs, %d groups and %d bytes of records: %w", n, g, r, err)
	}
	return &similarTable{
		n: int(n), g: int(g), data: data,
		offs: similarHeader + 4*int(n), recs: similarHeader + 4*int(n+g+1), end: similarHeader + int(body),
		blocks: blocks,
	}, nil
}

// group returns the group of document number num, or noGroup.
func (t *similarTable) group(num uint64) (uint32, error) {
	if num >= uint64(t.n) {
		return noGroup, nil
	}
	at := similarHeader + 4*int(num)
	if err := t.blocks.check(at, at+4); err != nil {
		return 0, err
	}
	x := binary.LittleEndian.Uint32(t.data[at:])
	if x != noGroup && int(x) >= t.g {
		return 0, fmt.Errorf("paragraph %d is in group %d of %d", num, x, t.g)
	}
	return x, nil
}

// record returns group x's record.
func (t *similarTable) record(x uint32) ([]byte, error) {
	at := t.offs + 4*int(x)
	if err := t.blocks.check(at, at+8); err != nil {
		return nil, err
	}
	from, to := binary.LittleEndian.Uint32(t.data[at:]), binary.LittleEndian.Uint32(t.data[at+4:])
	if from > to || t.recs+int(to) > t.end {
		return nil, fmt.Errorf("group %d's record is out of range", x)
	}
	if from == to {
		return nil, fmt.Errorf("group %d has no record", x)
	}
	if err := t.blocks.check(t.recs+int(from), t.recs+int(to)); err != nil {
		return nil, err
	}
	return t.data[t.recs+int(from) : t.recs+int(to)], nil
}

// A recordReader reads the uvarints of one group's record.
type recordReader struct {
	x   uint32
	b   []byte
	err error
}

func (r *recordReader) next(limit uint64) uint64 {
	v, k := binary.Uvarint(r.b)
	switch {
	case r.err != nil:
		return 0
	case k <= 0:
		r.err = fmt.Errorf("group %d's record is cut short", r.x)
		return 0
	case v > limit:
		r.err = fmt.Errorf("group %d's record has %d, past %d", r.x, v, limit)
		return 0
	}
	r.b = r.b[k:]
	return v
}

// head reads the start of group x's record: its count of members and
// the similarity of two of them.
func (t *similarTable) head(x uint32) (*recordReader, uint64, Similarity, error) {
	rec, err := t.record(x)
	if err != nil {
		return nil, 0, Similarity{}, err
	}
	r := &recordReader{x: x, b: rec}
	k := r.next(uint64(t.n))
	same := Similarity{}
	if k > 1 {
		size := int(r.next(math.MaxInt32))
		same = Similarity{size, size}
	}
	if r.err == nil && (k == 0 || k > 1 && same.Union == 0) {
		r.err = fmt.Errorf("group %d has %d members of %d shingles", x, k, same.Union)
	}
	return r, k, same, r.err
}

// members calls each with the first limit members of group x, by document
// number, and the similarity of two of them; it returns a reader of the
// group's pairs when the limit has let it read every member.
func (t *similarTable) members(x uint32, limit uint64, each func(num uint64, same Similarity)) (*recordReader, error) {
	r, k, same, err := t.head(x)
	if err != nil {
		return nil, err
	}
	num := uint64(0)
	for i := range k {
		if i == limit {
			return nil, nil
		}
		switch {
		case i == 0:
			num = r.next(uint64(t.n) - 1)
		case num+1 == uint64(t.n):
			r.err = fmt.Errorf("group %d has members past %d", x, num)
		default:
			num += 1 + r.next(uint64(t.n)-2-num)
		}
		if r.err != nil {
			return nil, r.err
		}
		each(num, same)
	}
	return r, nil
}

// pair reads the next of group x's pairs, of g groups.
func (r *recordReader) pair(g int) (uint32, Similarity) {
	y := r.next(uint64(g) - 1)
	shared := r.next(math.MaxInt32)
	rest := r.next(math.MaxInt32 - shared)
	if r.err == nil && (uint32(y) == r.x || shared+rest == 0) {
		r.err = fmt.Errorf("group %d has a pair with group %d of %d/%d", r.x, y, shared, shared+rest)
	}
	return uint32(y), Similarity{int(shared), int(shared + rest)}
}

// pairs calls yield with each group near group x, most similar first.
func (t *similarTable) pairs(x uint32, yield func(y uint32, sim Similarity)) error {
	r, err := t.members(x, math.MaxUint64, func(uint64, Similarity) {})
	if err != nil {
		return err
	}
	for len(r.b) > 0 {
		y, sim := r.pair(t.g)
		if r.err != nil {
			return r.err
		}
		yield(y, sim)
	}
	return nil
}

// nearest returns the similarity of the first paragraph of document
// number num's list (in value: groups as near are listed by document
// number), or the zero Similarity when it has none: another member of its
// group, or else a member of the group nearest it, which its group's
// record names first.
func (t *similarTable) nearest(num uint64) (Similarity, error) {
	x, err := t.group(num)
	if err != nil || x == noGroup {
		return Similarity{}, err
	}
	r, k, same, err := t.head(x)
	if err != nil || k > 1 {
		return same, err
	}
	if m := r.next(uint64(t.n) - 1); r.err == nil && m != num {
		return Similarity{}, fmt.Errorf("paragraph %d is not the member of its group %d", num, x)
	}
	if r.err != nil || len(r.b) == 0 {
		return Similarity{}, r.err
	}
	_, sim := r.pair(t.g)
	return sim, r.err
}

// list returns the paragraphs similar to document number num, most similar
// first, then by document number, up to maxSimilar: the other members of
// its group, then those of the groups near it.
func (t *similarTable) list(num uint64) ([]SimilarParagraph, error) {
	x, err := t.group(num)
	if err != nil || x == noGroup {
		return nil, err
	}
	var out []SimilarParagraph
	member := false
	_, err = t.members(x, math.MaxUint64, func(m uint64, same Similarity) {
		switch {
		case m == num:
			member = true
		case len(out) < maxSimilar:
			out = append(out, SimilarParagraph{m, same})
		}
	})
	if err == nil && !member {
		err = fmt.Errorf("paragraph %d is not a member of its group %d", num, x)
	}
	if err != nil {
		return nil, err
	}
	// Groups as similar as each other are merged by document number: a
	// run of them is sorted once it ends.
	run, last := len(out), Similarity{Union: 1} // 0: no pair's
	var inner error
	err = t.pairs(x, func(y uint32, sim Similarity) {
		if inner != nil {
			return
		}
		if !sameValue(sim, last) {
			if len(out) >= maxSimilar {
				return
			}
			sortByNum(out[run:])
			run, last = len(out), sim
		}
		// A group's members come by document number: no more of them
		// than the run has room for can survive the cut.
		_, inner = t.members(y, uint64(maxSimilar-run), func(m uint64, _ Similarity) {
			out = append(out, SimilarParagraph{m, sim})
		})
		// The writer names a group once in a list, but a table built to
		// name one over and over must not grow the list without bound:
		// the cut keeps the run's lowest numbers, so they are kept now.
		if len(out) > 2*maxSimilar {
			sortByNum(out[run:])
			out = out[:maxSimilar]
		}
	})
	if err = cmp.Or(err, inner); err != nil {
		return nil, err
	}
	sortByNum(out[run:])
	if len(out) > maxSimilar {
		out = out[:maxSimilar]
	}
	return out, nil
}

func (t *similarTable) close() error {
	if t == nil || t.mapped == nil {
		return nil
	}
	return t.mapped.Unmap()
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
	// Each group's members, by document number.
	memberOff := make([]uint32, g+1)
	for num, x := range groupOf {
		if x != noGroup && int(x) >= g {
			return fmt.Errorf("paragraph %d is in group %d of %d", num, x, g)
		}
		if x != noGroup {
			memberOff[x+1]++
		}
	}
	for x := range g {
		memberOff[x+1] += memberOff[x]
	}
	members := make([]uint32, memberOff[g])
	fill := slices.Clone(memberOff[:g])
	for num, x := range groupOf {
		if x != noGroup {
			members[fill[x]] = uint32(num)
			fill[x]++
		}
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
	recs := similarHeader + 4*len(groupOf) + 4*(g+1)
	if _, err := f.Seek(int64(recs), io.SeekStart); err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 256<<10)
	offsets := make([]uint32, g+1)
	written := uint64(0)
	var room []groupPair
	var rec []byte
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
			x := lo + i
			rec = appendGroupRecord(rec[:0], members[memberOff[x]:memberOff[x+1]], sizes[x], sortGroupPairs(l))
			if _, err := w.Write(rec); err != nil {
				return err
			}
			written += uint64(len(rec))
			if written > math.MaxUint32 {
				return fmt.Errorf("%d groups' records are too long", x+1)
			}
			offsets[x+1] = uint32(written)
		}
		lo = hi
	}
	if err := w.Flush(); err != nil {
		return err
	}
	members, memberOff = nil, nil
	head := make([]byte, 0, recs)
	head = append(head, similarMagic...)
	head = binary.LittleEndian.AppendUint32(head, uint32(len(groupOf)))
	head = binary.LittleEndian.AppendUint32(head, uint32(g))
	head = binary.LittleEndian.AppendUint32(head, uint32(written))
	for _, x := range groupOf {
		head = binary.LittleEndian.AppendUint32(head, x)
	}
	for _, off := range offsets {
		head = binary.LittleEndian.AppendUint32(head, off)
	}
	if _, err := f.WriteAt(head, 0); err != nil {
		return err
	}
	// The block checksums, of the body as written, and the trailer.
	end := int64(recs) + int64(written)
	block := make([]byte, tableBlock)
	var sums []byte
	for at := int64(similarHeader); at < end; at += tableBlock {
		b := block[:min(tableBlock, end-at)]
		if _, err := f.ReadAt(b, at); err != nil {
			return err
		}
		sums = appendBlockSums(sums, b)
	}
	sums = binary.LittleEndian.AppendUint32(sums, tableTrailer(head[:similarHeader], sums))
	_, err = f.WriteAt(sums, end)
	return err
}

// appendGroupRecord appends a group's record (see similar.bin) to rec.
func appendGroupRecord(rec []byte, members []uint32, size uint32, pairs []groupPair) []byte {
	rec = binary.AppendUvarint(rec, uint64(len(members)))
	if len(members) > 1 {
		rec = binary.AppendUvarint(rec, uint64(size))
	}
	for i, m := range members {
		if i == 0 {
			rec = binary.AppendUvarint(rec, uint64(m))
		} else {
			rec = binary.AppendUvarint(rec, uint64(m-members[i-1]-1))
		}
	}
	for _, e := range pairs {
		rec = binary.AppendUvarint(rec, uint64(e.other))
		rec = binary.AppendUvarint(rec, uint64(e.shared))
		rec = binary.AppendUvarint(rec, uint64(e.union-e.shared))
	}
	return rec
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

// similar maps the index's similarity table once, its size checked
// against the build record; its blocks are checked as they are read.
func (ix *Index) similar() (*similarTable, error) {
	ix.similarOnce.Do(func() {
		path := ix.genPath(similarFile)
		data, err := mapSized(path, ix.meta, 1)
		if err != nil {
			ix.similarErr = damaged(path, readError(err))
			return
		}
		t, err := decodeSimilar(data)
		if err == nil && t.n != int(ix.places.n) {
			err = fmt.Errorf("%d paragraphs, the place table %d", t.n, ix.places.n)
		}
		if err != nil {
			data.Unmap()
			ix.similarErr = damaged(path, err)
			return
		}
		t.mapped = data
		ix.similarTab = t
	})
	return ix.similarTab, ix.similarErr
}

// MostSimilar returns the similarity of the paragraph with document
// number num to its nearest near-duplicate, the value of the first of
// those [Index.Similar] returns (as a fraction, that of one of the first
// with that value), or the zero Similarity when it returns none; for the
// cost of reading num's own entry of the table, not those of every
// paragraph near it.
func (ix *Index) MostSimilar(num uint64) (Similarity, error) {
	t, err := ix.similar()
	if err != nil {
		return Similarity{}, err
	}
	sim, err := t.nearest(num)
	if err != nil {
		return Similarity{}, damaged(ix.genPath(similarFile), err)
	}
	return sim, nil
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
