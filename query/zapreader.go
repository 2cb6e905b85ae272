package query

import (
	"encoding/binary"
	"fmt"
	"math"
	"slices"

	"github.com/RoaringBitmap/roaring/v2"
	bleveindex "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"
	"github.com/blevesearch/vellum"
	zap "github.com/blevesearch/zapx/v17"

	"github.com/zhsearch/zhsearch/index"
)

// zapPostings reads the frequencies, norms and locations of one term in
// one zap segment straight from the segment's bytes, for a gramReader that
// reads positions. zap keeps them in chunks of varints, a posting after
// the other, so reaching a paragraph means stepping over every posting of
// its chunk before it. zap's iterator steps over each with a few calls
// and a move of its bitmap iterator, and hands out every occurrence of the
// paragraph it stops at as a Location behind an interface; for a common
// bigram (企业 in a fifth of the paragraphs) read only where a rarer one
// also stands, the stepping cost far more than the occurrences wanted.
// Here the paragraphs come from the term's bitmap (counted on as they
// are passed, by the bitmap's rank where far apart), which says how many
// postings to step over, and the stepping is a loop over bytes; a keyword
// that is only matched decodes the occurrences as far as it needs (see
// keywordSearcher.matchRaw). Only what zap v17 writes with its
// default file callbacks is read so; anything else (another version or
// chunk mode, a reader hook, a segment in memory) is left to zap's
// iterator. TestGramReaderEqualsScorch checks that both give the same.
type zapPostings struct {
	all    *roaring.Bitmap // the term's paragraphs, deleted ones too: those the chunks hold
	actual *roaring.Bitmap // those not deleted (all, when none is)
	// The paragraphs in turn: it returns the one at index in all next,
	// and target is the index of the one seek returned last.
	deleted       *roaring.Bitmap
	it            roaring.IntPeekable
	index, target uint64

	chunkSize uint64
	freqs     chunkedInts // each posting's frequency (with a flag for locations) and norm
	locs      chunkedInts // each posting's locations, after their length in bytes
	chunk     int         // the chunk being read, -1 before the first
	first     uint64      // the rank in all of the chunk's first paragraph
	next      uint64      // the posting of the chunk freq and loc stand at
	freq, loc []byte      // the rest of the chunk
}

// chunkedInts is one of zap's chunked varint streams: the chunks' ends,
// counted from data.
type chunkedInts struct {
	ends []uint64
	data []byte
}

// errZapData reports bytes of a segment that do not read as zap wrote
// them.
var errZapData = fmt.Errorf("a zap segment's postings do not decode: %w", index.ErrDamaged)

// newZapPostings returns a reader of term's postings in field of seg, or
// nil when zap's own iterator must read them: the segment is not a zap v17
// file read as written, or the term is not there or has no locations
// (zap keeps a term of one paragraph and no locations in its dictionary
// alone).
func newZapPostings(seg segment.Segment, field, term string, deleted *roaring.Bitmap) (*zapPostings, error) {
	s, ok := seg.(*zap.Segment)
	// A segment opened with a reader hook holds bytes as the hook made
	// them; the chunk size below is that of the chunk mode zhsearch writes.
	if !ok || bleveindex.ReaderHook != nil || s.CallbackId() != zap.DefaultFileCallbackId || s.ChunkMode() != index.ZapChunkMode {
		return nil, nil
	}
	dictAt, err := s.DictAddr(field)
	if err != nil {
		return nil, nil // no such field: zap's iterator finds nothing
	}
	mem := s.Data()
	fstLen, rest, ok := uvarint(mem, dictAt)
	if !ok || fstLen > uint64(len(mem)) || rest > uint64(len(mem))-fstLen {
		return nil, errZapData
	}
	fst, err := vellum.Load(mem[rest : rest+fstLen])
	if err != nil {
		return nil, fmt.Errorf("%w: %w", errZapData, err)
	}
	at, found, err := fst.Get([]byte(term))
	if err != nil {
		return nil, fmt.Errorf("%w: %w", errZapData, err)
	}
	if !found || at&zap.FSTValEncodingMask == zap.FSTValEncoding1Hit {
		return nil, nil
	}
	freqAt, at, ok1 := uvarint(mem, at)
	locAt, at, ok2 := uvarint(mem, at)
	bitmapLen, at, ok3 := uvarint(mem, at)
	if !ok1 || !ok2 || !ok3 || bitmapLen > uint64(len(mem))-at {
		return nil, errZapData
	}
	if locAt == 0 { // no locations (zap's termNotEncoded)
		return nil, nil
	}
	z := &zapPostings{all: roaring.New(), chunk: -1}
	if _, err := z.all.FromBuffer(mem[at : at+bitmapLen]); err != nil {
		return nil, fmt.Errorf("%w: %w", errZapData, err)
	}
	if z.chunkSize = index.ZapChunkSize(z.all.GetCardinality(), s.NumDocs()); z.chunkSize == 0 {
		return nil, errZapData
	}
	chunks := (s.NumDocs()-1)/z.chunkSize + 1 // as zap writes them
	if z.freqs, ok1 = readChunkedInts(mem, freqAt, chunks); !ok1 {
		return nil, errZapData
	}
	if z.locs, ok2 = readChunkedInts(mem, locAt, chunks); !ok2 {
		return nil, errZapData
	}
	z.actual, z.it = z.all, z.all.Iterator()
	if deleted != nil && !deleted.IsEmpty() {
		z.deleted, z.actual = deleted, roaring.AndNot(z.all, deleted)
	}
	return z, nil
}

// seek moves to the first paragraph at or after num not deleted, and
// returns it; false when there is none. Each call must ask for a
// paragraph after the one returned before.
func (z *zapPostings) seek(num uint64) (uint64, bool) {
	for steps := 0; z.it.HasNext(); steps++ {
		next := uint64(z.it.PeekNext())
		if next < num {
			if steps < 4 {
				z.it.Next()
				z.index++
				continue
			}
			// Far behind: jump, and count what was jumped.
			num = min(num, math.MaxUint32)
			z.it.AdvanceIfNeeded(uint32(num))
			z.index = z.all.Rank(uint32(num - 1))
			continue
		}
		z.it.Next()
		z.target = z.index
		z.index++
		if z.deleted != nil && z.deleted.Contains(uint32(next)) {
			continue
		}
		return next, true
	}
	return 0, false
}

// readChunkedInts reads the head of a chunked varint stream of chunks
// chunks at offset at of mem.
func readChunkedInts(mem []byte, at, chunks uint64) (chunkedInts, bool) {
	n, at, ok := uvarint(mem, at)
	if !ok || n != chunks || n > uint64(len(mem))-at {
		return chunkedInts{}, false
	}
	c := chunkedInts{ends: make([]uint64, n)}
	for i := range c.ends {
		if c.ends[i], at, ok = uvarint(mem, at); !ok || i > 0 && c.ends[i] < c.ends[i-1] {
			return chunkedInts{}, false
		}
	}
	c.data = mem[at:]
	if n > 0 && c.ends[n-1] > uint64(len(c.data)) {
		return chunkedInts{}, false
	}
	return c, true
}

// chunk returns the bytes of chunk i.
func (c *chunkedInts) chunk(i int) ([]byte, bool) {
	if i >= len(c.ends) {
		return nil, false
	}
	var start uint64
	if i > 0 {
		start = c.ends[i-1]
	}
	return c.data[start:c.ends[i]], true
}

// at returns the frequency as zap keeps it (see index.TermFrequency) and
// the encoded locations of paragraph num, the one seek returned last. (Its
// norm, where zap writes one, is not read: zap's norms are all 1, the
// lengths are the place table's.)
func (z *zapPostings) at(num uint64) (freq uint64, locs []byte, err error) {
	if c := num / z.chunkSize; c != uint64(z.chunk) {
		var ok1, ok2 bool
		z.freq, ok1 = z.freqs.chunk(int(c))
		z.loc, ok2 = z.locs.chunk(int(c))
		if !ok1 || !ok2 {
			return 0, nil, errZapData
		}
		z.chunk, z.next, z.first = int(c), 0, 0
		if c > 0 {
			z.first = z.all.Rank(uint32(c*z.chunkSize - 1))
		}
	}
	rank := z.target + 1 // the postings up to num
	if rank-1 < z.first+z.next {
		return 0, nil, errZapData
	}
	// Step over the postings before it: the frequency (and the flag for
	// locations) and the norm of each, and its locations by their length.
	fb, lb := z.freq, z.loc
	fi, li := 0, 0
	for skip := rank - 1 - z.first - z.next; skip > 0; skip-- {
		if fi >= len(fb) {
			return 0, nil, errZapData
		}
		freqHasLocs := uint64(fb[fi])
		if freqHasLocs < 0x80 {
			fi++
		} else {
			var rest []byte
			var ok bool
			if freqHasLocs, rest, ok = nextUvarint(fb[fi:]); !ok {
				return 0, nil, errZapData
			}
			fi = len(fb) - len(rest)
		}
		if freqHasLocs>>1 != 0 { // zap writes no norm for a frequency of 0
			for {
				if fi >= len(fb) {
					return 0, nil, errZapData
				}
				fi++
				if fb[fi-1] < 0x80 {
					break
				}
			}
		}
		if freqHasLocs&1 != 0 {
			if li >= len(lb) {
				return 0, nil, errZapData
			}
			n := uint64(lb[li])
			if n < 0x80 {
				li++
			} else {
				var rest []byte
				var ok bool
				if n, rest, ok = nextUvarint(lb[li:]); !ok {
					return 0, nil, errZapData
				}
				li = len(lb) - len(rest)
			}
			if n > uint64(len(lb)-li) {
				return 0, nil, errZapData
			}
			li += int(n)
		}
	}
	fb, lb = fb[fi:], lb[li:]
	freqHasLocs, fb, ok := nextUvarint(fb)
	if !ok {
		return 0, nil, errZapData
	}
	if freqHasLocs>>1 != 0 {
		if _, fb, ok = nextUvarint(fb); !ok {
			return 0, nil, errZapData
		}
	}
	if freqHasLocs&1 != 0 {
		var n uint64
		if n, lb, ok = nextUvarint(lb); !ok || n > uint64(len(lb)) {
			return 0, nil, errZapData
		}
		locs, lb = lb[:n], lb[n:]
	}
	z.freq, z.loc, z.next = fb, lb, rank-z.first
	return freqHasLocs >> 1, locs, nil
}

// readDirect is read for a segment whose postings z reads: it sets d to
// paragraph num of the segment s and the grams to its occurrences.
func (g *gramReader) readDirect(s *gramSegment, num uint64, d *bleveindex.TermFieldDoc) (*bleveindex.TermFieldDoc, error) {
	freq, locs, err := s.direct.at(num)
	if err != nil {
		return nil, err
	}
	if d == nil {
		d = &bleveindex.TermFieldDoc{}
	}
	d.ID = bleveindex.NewIndexInternalID(d.ID, num+s.offset)
	d.Vectors = d.Vectors[:0]
	d.Freq = index.TermFrequency(freq)
	// zap's norms are all 1: the lengths are the place table's.
	g.length = g.lengths.Of(num + s.offset)
	if !g.noNorms {
		d.Norm = norm(g.length)
	}
	g.grams = g.grams[:0]
	if g.rawOK = g.posOnly; g.rawOK {
		// A keyword that is only matched decodes what it needs (see
		// keywordSearcher.matchRaw).
		g.raw = locs
		return d, nil
	}
	for len(locs) > 0 {
		var pos, start, end uint64
		var ok bool
		if pos, start, end, locs, ok = nextLocation(locs); !ok {
			return nil, errZapData
		}
		g.vector.Pos, g.vector.Start, g.vector.End = pos, start, end
		g.grams = append(g.grams, index.ReadGram(&g.vector))
	}
	return d, nil
}

// decodeRaw decodes the positions left in raw into grams.
func (g *gramReader) decodeRaw() error {
	g.grams = g.grams[:0]
	for locs := g.raw; len(locs) > 0; {
		pos, _, _, rest, ok := nextLocation(locs)
		if !ok {
			return errZapData
		}
		g.grams = append(g.grams, index.Gram{Pos: pos})
		locs = rest
	}
	g.rawOK = false
	return nil
}

// appendPositions appends to dst the positions of the locations in locs
// (as zapPostings.at returns them), in order.
func appendPositions(dst []uint64, locs []byte) ([]uint64, error) {
	from := len(dst)
	for len(locs) > 0 {
		pos, _, _, rest, ok := nextLocation(locs)
		if !ok {
			return dst, errZapData
		}
		dst = append(dst, pos)
		locs = rest
	}
	if !slices.IsSorted(dst[from:]) { // zap keeps them as the analysis gave them
		slices.Sort(dst[from:])
	}
	return dst, nil
}

// A follower is a bigram of a run that is only matched, at place k in
// it, its locations (as zapPostings.at returns them) decoded as far as
// has asks.
type follower struct {
	all, locs []byte // the locations, and what is left to decode
	k         uint64 // the bigram's place in the run
	pos       uint64 // the position decoded last
	// checked: the rest of locs is known to be in order. sorted: they
	// are not (the index writes them in order), so here are all the
	// positions, sorted.
	checked bool
	sorted  []uint64
}

func newFollower(locs []byte, k uint64) follower { return follower{all: locs, locs: locs, k: k} }

// has reports whether the bigram stands at place k of a run that starts
// at start: where it stands at position start+k. Each call must ask for a
// start no lower than the one before.
func (f *follower) has(start uint64) (bool, error) {
	want := start + f.k
	if f.sorted == nil {
		for f.pos < want && len(f.locs) > 0 {
			pos, _, _, rest, ok := nextLocation(f.locs)
			if !ok {
				return false, errZapData
			}
			if pos < f.pos {
				return f.sortAll(want)
			}
			f.pos, f.locs = pos, rest
		}
		if f.pos == want {
			return true, nil
		}
		if f.checked {
			return false, nil
		}
		// Not there, if the rest is in order too.
		last := f.pos
		for locs := f.locs; len(locs) > 0; {
			pos, _, _, rest, ok := nextLocation(locs)
			if !ok {
				return false, errZapData
			}
			if pos < last {
				return f.sortAll(want)
			}
			last, locs = pos, rest
		}
		f.checked = true
		return false, nil
	}
	_, found := slices.BinarySearch(f.sorted, want)
	return found, nil
}

// sortAll decodes all the positions, sorts them and reports whether want
// is one.
func (f *follower) sortAll(want uint64) (bool, error) {
	var err error
	if f.sorted, err = appendPositions(make([]uint64, 0, 8), f.all); err != nil {
		return false, err
	}
	_, found := slices.BinarySearch(f.sorted, want)
	return found, nil
}

// nextLocation reads the location b starts with (field, position, start,
// end and array positions, as zap writes it) and returns it and the rest.
func nextLocation(b []byte) (pos, start, end uint64, rest []byte, ok bool) {
	var arrayPositions uint64
	if _, b, ok = nextUvarint(b); !ok { // the field: the reader's
		return
	}
	if pos, b, ok = nextUvarint(b); !ok {
		return
	}
	if start, b, ok = nextUvarint(b); !ok {
		return
	}
	if end, b, ok = nextUvarint(b); !ok {
		return
	}
	if arrayPositions, b, ok = nextUvarint(b); !ok {
		return
	}
	for range arrayPositions {
		if _, b, ok = nextUvarint(b); !ok {
			return
		}
	}
	return pos, start, end, b, true
}

// uvarint reads a varint at offset at of b and returns it and the offset
// after it.
func uvarint(b []byte, at uint64) (uint64, uint64, bool) {
	if at >= uint64(len(b)) {
		return 0, at, false
	}
	x, n := binary.Uvarint(b[at:])
	if n <= 0 {
		return 0, at, false
	}
	return x, at + uint64(n), true
}

// nextUvarint reads the varint b starts with and returns it and the rest;
// small enough to be inlined in the loops over postings.
func nextUvarint(b []byte) (x uint64, rest []byte, ok bool) {
	for i, c := range b {
		if c < 0x80 {
			return x | uint64(c)<<(7*i), b[i+1:], i < binary.MaxVarintLen64
		}
		x |= uint64(c&0x7f) << (7 * i)
	}
	return 0, b, false
}
