package index

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"math"
	"slices"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2/document"
	bleveindex "github.com/blevesearch/bleve_index_api"
	scorchsegment "github.com/blevesearch/scorch_segment_api/v2"
	"github.com/blevesearch/vellum"
	zap "github.com/blevesearch/zapx/v17"
	"github.com/golang/snappy"
)

// How a fresh build's batches become zap segments (the part files of
// segments.go) without zap's own builder (zap.New), which was half of a
// build's CPU: for every posting it ranges over each field's term map
// twice, looks the term up in a map of the batch's terms twice, and adds
// the document to a roaring bitmap, then appends every term to a
// per-document list kept for doc values that no field of ours has.
//
// A partWriter writes the same bytes from the same documents: the
// postings are gathered in one pass, one map lookup each, in document
// order, then grouped by term with a counting sort, and each term's
// bitmap made from its sorted documents at once. A part lives only until
// the final merge, which zap does and which reads it as any segment of
// its own: the index is zap's. The writer follows zapx v17's interim
// segment (new.go, section_inverted_text_index.go, write.go); the test
// TestPartWriterMatchesZap compares its bytes with zap.New's, so that a
// new zap that writes differently fails the test rather than the index.
// Documents it does not know (doc values, nested documents, composite or
// geo fields, a field twice in a document) go to zap.New.

// partSections are the segment sections zapx v17 registers (without its
// "vectors" build tag), in the order a partWriter lists them for each
// field. Only the inverted text index has data for our fields.
var partSections = [...]uint16{zap.SectionInvertedTextIndex, zap.SectionSynonymIndex, zap.SectionGeoShapeV2Index}

// A partWriter builds the zap segment of one batch. Its buffers are kept
// from one batch to the next; it is not safe for concurrent use.
type partWriter struct {
	fieldIDs map[string]uint16
	names    []string // by field ID; _id first, then sorted, as zap numbers them
	options  []bleveindex.FieldIndexingOptions
	dicts    []map[string]uint32 // by field ID: term -> term number
	terms    [][]uint32          // by field ID: its term numbers, sorted by term in the end
	termText []string            // by term number
	postings []partPosting       // in document order
	locs     []partLoc
	arrays   [][]uint64 // the array positions of locations that have them
	// sorted and sortedLocs are postings and locs in the order writeDicts
	// reads them (see group).
	sorted     []partPosting
	sortedLocs []partLoc
	rank       []uint32 // by term number: its place in writeDicts' order
	starts     []uint32 // by rank: where its postings start in sorted
	locStarts  []uint32 // by rank: where its locations start in sortedLocs
	latest     []uint32 // by term number: its last posting, plus one (see count)
	// gramPostings holds the posting of each gram of a field (see count).
	gramPostings []uint32

	out      []byte // the segment
	offsets  []uint64
	addrs    []uint64 // by field ID: where its section starts
	data     []byte   // a document's stored values
	packed   []byte
	meta     []byte
	stored   []partStored
	tf, loc  chunkCoder
	bitmap   *roaring.Bitmap
	dict     bytes.Buffer
	builder  *vellum.Builder
	docNums  []uint32
	key      []byte
	fieldLen []int
	// namedField is set when a location of the batch names its field,
	// which a partWriter does not write; wide when a location or a
	// frequency does not fit in 32 bits.
	namedField, wide bool
}

// errLocationNamesField is build's answer to a batch that has a location
// naming its field: zap.New writes that batch.
var errLocationNamesField = errors.New("a location names its field")

// errWideLocation is build's answer to a batch that has a location or
// frequency over 32 bits, which a partWriter keeps in 32: zap.New writes
// that batch.
var errWideLocation = errors.New("a location or frequency does not fit in 32 bits")

// A partPosting is a term's posting in a document. Its numbers take 32
// bits, as do a partLoc's: a batch holds hundreds of thousands of each,
// twice over (see group).
type partPosting struct {
	term, doc      uint32
	freq           uint32
	norm           uint32 // the field's length
	locAt, numLocs uint32
}

// A partLoc is a location of a posting. It holds no pointer, so that the
// collector need not scan the hundreds of thousands of a batch.
type partLoc struct {
	pos, start, end uint32
	arrays          uint32 // its array positions are arrays[n-1]; none when 0
	field           uint16
}

type partStored struct {
	field  uint16
	typ    byte
	value  []byte
	arrays []uint64
}

func newPartWriter() *partWriter {
	return &partWriter{fieldIDs: map[string]uint16{}, bitmap: roaring.New()}
}

// partWritable reports whether a partWriter writes what zap.New would
// for docs: only text fields and our termsFields, indexed or stored, one
// of them the stored ID, with no doc values, and each at most once in a
// document (bleve merges a field's repeats into locations that name it;
// a location that names a field is caught as the batch is written).
func partWritable(docs []*document.Document) bool {
	for _, d := range docs {
		if len(d.NestedDocuments) > 0 || len(d.CompositeFields) > 0 {
			return false
		}
		hasID := false
		for i, f := range d.Fields {
			hasID = hasID || f.Name() == "_id" && f.Options().IsStored()
			switch f.(type) {
			case *document.TextField, *termsField:
			default:
				return false
			}
			if f.Options().IncludeDocValues() {
				return false
			}
			for _, g := range d.Fields[:i] {
				if g.Name() == f.Name() {
					return false
				}
			}
		}
		if !hasID {
			return false
		}
	}
	return true
}

// build returns the segment of docs, whose indexed fields are analysed,
// as zap.New would (see partWritable).
func (w *partWriter) build(docs []*document.Document) (scorchsegment.Segment, error) {
	w.reset()
	w.defineFields(docs)
	for num, d := range docs {
		w.process(uint32(num), d)
	}
	if w.namedField {
		return nil, errLocationNamesField
	}
	if w.wide {
		return nil, errWideLocation
	}
	w.group()

	storedIndex := w.writeStored(docs)
	if err := w.writeDicts(uint64(len(docs))); err != nil {
		return nil, err
	}
	sectionsIndex := w.writeFields()
	// The segment's bytes are the writer's buffer: the segment must be
	// done with before the writer builds another. zap's checksum of them
	// is the CRC-32 (IEEE) of them all, as one.
	return zap.InitSegmentBase(w.out, crc32.ChecksumIEEE(w.out), ZapChunkMode, uint64(len(docs)),
		storedIndex, sectionsIndex, nil, &scorchsegment.Stats{})
}

func (w *partWriter) reset() {
	w.namedField, w.wide = false, false
	clear(w.fieldIDs)
	w.names, w.options = w.names[:0], w.options[:0]
	for i := range w.dicts {
		clear(w.dicts[i])
		w.terms[i] = w.terms[i][:0]
	}
	clear(w.termText)
	w.termText = w.termText[:0]
	w.latest = w.latest[:0]
	clear(w.postings)
	w.postings = w.postings[:0]
	w.locs = w.locs[:0]
	clear(w.arrays)
	w.arrays = w.arrays[:0]
	w.out = w.out[:0]
}

// defineFields numbers the fields of docs as zap does: _id 0, the others
// in sorted order; and sets their options, ORed over the documents.
func (w *partWriter) defineFields(docs []*document.Document) {
	options := map[string]bleveindex.FieldIndexingOptions{}
	for _, d := range docs {
		for _, f := range d.Fields {
			options[f.Name()] |= f.Options()
		}
	}
	w.names = append(w.names, "_id")
	for name := range options {
		if name != "_id" {
			w.names = append(w.names, name)
		}
	}
	slices.Sort(w.names[1:])
	options["_id"] = bleveindex.IndexField | bleveindex.StoreField
	for id, name := range w.names {
		w.fieldIDs[name] = uint16(id)
		w.options = append(w.options, options[name])
	}
	for len(w.dicts) < len(w.names) {
		w.dicts = append(w.dicts, nil)
		w.terms = append(w.terms, nil)
	}
	w.fieldLen = slices.Grow(w.fieldLen[:0], len(w.names))[:len(w.names)]
	w.size(docs)
}

// size makes room, in a new writer, for a batch as large as docs and
// some more: a writer grown append by append, its maps rehashed as they
// grow, took twice the time of one reused.
func (w *partWriter) size(docs []*document.Document) {
	if cap(w.postings) > 0 {
		for id := range w.names {
			if w.dicts[id] == nil {
				w.dicts[id] = map[string]uint32{}
			}
		}
		return
	}
	postings := make([]int, len(w.names))
	locs := 0
	for _, d := range docs {
		for _, f := range d.Fields {
			tf, ok := f.(*termsField)
			switch {
			case ok && tf.hasGrams:
				// A paragraph's distinct terms: about 3/4 of its grams
				// (units 0.6, bigrams 0.85 on the test corpus).
				postings[w.fieldIDs[f.Name()]] += len(tf.grams) - len(tf.grams)/4
			default:
				postings[w.fieldIDs[f.Name()]] += len(f.AnalyzedTokenFrequencies())
			}
			if f.Options().IncludeTermVectors() {
				if ok {
					locs += tf.length
				} else {
					locs += f.AnalyzedLength()
				}
			}
		}
	}
	total := 0
	for id, n := range postings {
		total += n
		// Distinct terms: about half a field's postings in a batch.
		w.dicts[id] = make(map[string]uint32, n/2)
		w.terms[id] = make([]uint32, 0, n/2)
	}
	w.postings = make([]partPosting, 0, total+total/4)
	w.locs = make([]partLoc, 0, locs+locs/4)
	w.termText = make([]string, 0, total/2)
	w.sorted = make([]partPosting, 0, cap(w.postings))
	w.sortedLocs = make([]partLoc, 0, cap(w.locs))
	w.out = make([]byte, 0, 16*total)
}

// process gathers the postings of one document, field by field in field
// ID order (as zap does, so that each term's locations come in the same
// order).
func (w *partWriter) process(doc uint32, d *document.Document) {
	var fields [16]bleveindex.Field
	byID := fields[:0]
	if len(w.names) > len(fields) {
		byID = make([]bleveindex.Field, 0, len(w.names))
	}
	byID = byID[:len(w.names)]
	clear(byID)
	for _, f := range d.Fields {
		id := w.fieldIDs[f.Name()]
		byID[id] = f
		w.fieldLen[id] = f.AnalyzedLength()
	}
	for id, f := range byID {
		if f == nil {
			continue
		}
		norm := uint32(w.fieldLen[id])
		if tf, ok := f.(*termsField); ok && tf.hasGrams {
			w.count(doc, id, norm, tf)
			continue
		}
		for term, tf := range f.AnalyzedTokenFrequencies() {
			num := w.termNum(id, term)
			w.wide = w.wide || !fits32(tf.Frequency())
			w.postings = append(w.postings, partPosting{term: num, doc: doc, freq: uint32(tf.Frequency()), norm: norm,
				locAt: uint32(len(w.locs)), numLocs: uint32(len(tf.Locations))})
			for _, l := range tf.Locations {
				// zap files a location naming a field under that field
				// (bleve's merging of a field's repeats names them); ours
				// never do, and such documents go to zap (see build).
				w.namedField = w.namedField || l.Field != ""
				w.wide = w.wide || !fits32(l.Position) || !fits32(l.Start) || !fits32(l.End)
				loc := partLoc{pos: uint32(l.Position), start: uint32(l.Start), end: uint32(l.End), field: uint16(id)}
				if len(l.ArrayPositions) > 0 {
					w.arrays = append(w.arrays, l.ArrayPositions)
					loc.arrays = uint32(len(w.arrays))
				}
				w.locs = append(w.locs, loc)
			}
		}
	}
}

// count gathers the postings of a field of one document whose terms are
// its grams (see termsField), as process does from bleve's form of them:
// one posting a distinct term, its frequency one less than the count of
// its grams (see TermFrequency), its locations those of its grams, in
// order, when the field keeps them.
func (w *partWriter) count(doc uint32, id int, norm uint32, f *termsField) {
	first := len(w.postings)
	// The document's posting of each gram, kept for its location.
	w.gramPostings = slices.Grow(w.gramPostings[:0], len(f.grams))[:len(f.grams)]
	for i := range f.grams {
		num := w.termNum(id, f.grams[i].term)
		// latest holds the last posting of each term, plus one: the
		// document's when it is one of those this call appended.
		at := int(w.latest[num]) - 1
		if at < first {
			at = len(w.postings)
			w.latest[num] = uint32(at + 1)
			w.postings = append(w.postings, partPosting{term: num, doc: doc, norm: norm})
		}
		w.postings[at].freq++
		w.gramPostings[i] = uint32(at)
	}
	withLocs := f.options.IncludeTermVectors()
	locAt := uint32(len(w.locs))
	for i := first; i < len(w.postings); i++ {
		p := &w.postings[i]
		if withLocs {
			p.locAt = locAt
			locAt += uint32(p.freq)
		}
		p.freq-- // as zap is told it: see TermFrequency
	}
	if !withLocs {
		return
	}
	w.locs = slices.Grow(w.locs, len(f.grams))[:int(locAt)]
	for i, g := range f.grams {
		p := &w.postings[w.gramPostings[i]]
		w.locs[p.locAt+p.numLocs] = partLoc{pos: g.pos, start: uint32(g.flags), end: g.sentence, field: uint16(id)}
		p.numLocs++
	}
}

// termNum returns the number of term in field id, numbering it when it
// is new. latest grows to every term numbered, whether by process or by
// count: a field of the batch may hold its terms in bleve's form in one
// document and as grams in the next.
func (w *partWriter) termNum(id int, term string) uint32 {
	dict := w.dicts[id]
	num, ok := dict[term]
	if !ok {
		num = uint32(len(w.termText))
		dict[term] = num
		w.termText = append(w.termText, term)
		w.terms[id] = append(w.terms[id], num)
	}
	if int(num) >= len(w.latest) {
		w.latest = append(w.latest, make([]uint32, len(w.termText)-len(w.latest))...)
	}
	return num
}

// group sorts each field's terms and puts the postings in sorted, by
// field and term in that order, each term's in document order, and their
// locations in sortedLocs in the same order: writeDicts then reads both
// from start to end. Read through an index of them, by term, the
// postings and locations gathered in document order took a cache miss
// each, most of writeDicts' time.
func (w *partWriter) group() {
	for id := range w.names {
		slices.SortFunc(w.terms[id], func(a, b uint32) int {
			if w.termText[a] < w.termText[b] {
				return -1
			}
			return 1 // terms of a field are distinct
		})
	}
	n := len(w.termText)
	w.rank = slices.Grow(w.rank[:0], n)[:n]
	r := uint32(0)
	for id := range w.names {
		for _, term := range w.terms[id] {
			w.rank[term] = r
			r++
		}
	}
	// Counting sorts by rank: where each rank's postings and locations
	// start, then the next free slot of each.
	w.starts = slices.Grow(w.starts[:0], n+1)[:n+1]
	w.locStarts = slices.Grow(w.locStarts[:0], n+1)[:n+1]
	clear(w.starts)
	clear(w.locStarts)
	for _, p := range w.postings {
		r := w.rank[p.term]
		w.starts[r+1]++
		w.locStarts[r+1] += p.numLocs
	}
	for i := 1; i <= n; i++ {
		w.starts[i] += w.starts[i-1]
		w.locStarts[i] += w.locStarts[i-1]
	}
	next := append(w.docNums[:0], w.starts[:n]...) // borrowed
	nextLoc := append(w.gramPostings[:0], w.locStarts[:n]...)
	w.sorted = slices.Grow(w.sorted[:0], len(w.postings))[:len(w.postings)]
	w.sortedLocs = slices.Grow(w.sortedLocs[:0], len(w.locs))[:len(w.locs)]
	for _, p := range w.postings {
		r := w.rank[p.term]
		if p.numLocs > 0 {
			at := nextLoc[r]
			copy(w.sortedLocs[at:at+p.numLocs], w.locs[p.locAt:p.locAt+p.numLocs])
			p.locAt = at
			nextLoc[r] += p.numLocs
		}
		w.sorted[next[r]] = p
		next[r]++
	}
	w.docNums, w.gramPostings = next[:0], nextLoc[:0]
}

// writeStored writes the stored fields of docs as zap's
// interim.writeStoredFields does, and returns the offset of their index.
func (w *partWriter) writeStored(docs []*document.Document) uint64 {
	w.offsets = slices.Grow(w.offsets[:0], len(docs))[:len(docs)]
	for num, d := range docs {
		w.stored = w.stored[:0]
		for _, f := range d.Fields {
			if f.Options().IsStored() {
				w.stored = append(w.stored, partStored{field: w.fieldIDs[f.Name()], typ: f.EncodedFieldType(), value: f.Value(), arrays: f.ArrayPositions()})
			}
		}
		// Stable: the values of a field in the order the document has
		// them. The ID (field 0, stored by AddIDField) first.
		slices.SortStableFunc(w.stored, func(a, b partStored) int { return int(a.field) - int(b.field) })
		id := w.stored[0].value
		w.meta = binary.AppendUvarint(w.meta[:0], uint64(len(id)))
		w.data = w.data[:0]
		for _, s := range w.stored {
			if s.field == 0 {
				continue
			}
			w.meta = binary.AppendUvarint(w.meta, uint64(s.field))
			w.meta = binary.AppendUvarint(w.meta, uint64(s.typ))
			w.meta = binary.AppendUvarint(w.meta, uint64(len(w.data)))
			w.meta = binary.AppendUvarint(w.meta, uint64(len(s.value)))
			w.meta = binary.AppendUvarint(w.meta, uint64(len(s.arrays)))
			for _, a := range s.arrays {
				w.meta = binary.AppendUvarint(w.meta, a)
			}
			w.data = append(w.data, s.value...)
		}
		w.packed = snappy.Encode(w.packed[:cap(w.packed)], w.data)
		w.offsets[num] = uint64(len(w.out))
		w.out = binary.AppendUvarint(w.out, uint64(len(w.meta)))
		w.out = binary.AppendUvarint(w.out, uint64(len(id)+len(w.packed)))
		w.out = append(append(append(w.out, w.meta...), id...), w.packed...)
	}
	storedIndex := uint64(len(w.out))
	for _, off := range w.offsets {
		w.out = binary.BigEndian.AppendUint64(w.out, off)
	}
	// No nested documents: an empty edge list.
	w.out = binary.AppendUvarint(w.out, 0)
	return storedIndex
}

// writeDicts writes each field's postings and term dictionary as zap's
// invertedIndexOpaque.writeDicts does (with no doc values), and notes
// where each field's section starts.
func (w *partWriter) writeDicts(numDocs uint64) error {
	var err error
	if w.builder == nil {
		if w.builder, err = vellum.New(&w.dict, partVellumOpts); err != nil {
			return err
		}
	}
	w.addrs = slices.Grow(w.addrs[:0], len(w.names))[:len(w.names)]
	rank := 0 // of term: see group
	for id := range w.names {
		for _, term := range w.terms[id] {
			postings := w.sorted[w.starts[rank]:w.starts[rank+1]]
			rank++
			card := uint64(len(postings))
			chunkSize := ZapChunkSize(card, numDocs)
			if chunkSize == 0 {
				return fmt.Errorf("zap chunk mode %d: a chunk of no documents", ZapChunkMode)
			}
			w.tf.reset(chunkSize, numDocs)
			w.loc.reset(chunkSize, numDocs)
			w.docNums = w.docNums[:0]
			for i := range postings {
				p := &postings[i]
				doc := uint64(p.doc)
				w.docNums = append(w.docNums, p.doc)
				freqHasLocs := uint64(p.freq) << 1
				if p.numLocs > 0 {
					freqHasLocs |= 1
				}
				if p.freq > 0 {
					w.tf.add(doc, freqHasLocs, uint64(p.norm))
				} else {
					w.tf.add(doc, freqHasLocs)
				}
				if p.numLocs == 0 {
					continue
				}
				locs := w.sortedLocs[p.locAt : p.locAt+p.numLocs]
				size := 0
				for _, l := range locs {
					arrays := w.arraysOf(l)
					size += uvarintLen(uint64(l.field)) + uvarintLen(uint64(l.pos)) + uvarintLen(uint64(l.start)) + uvarintLen(uint64(l.end)) + uvarintLen(uint64(len(arrays)))
					for _, a := range arrays {
						size += uvarintLen(a)
					}
				}
				w.loc.add(doc, uint64(size))
				for _, l := range locs {
					arrays := w.arraysOf(l)
					w.loc.add(doc, uint64(l.field), uint64(l.pos), uint64(l.start), uint64(l.end), uint64(len(arrays)))
					w.loc.add(doc, arrays...)
				}
			}
			var tfAt, locAt uint64
			tfAt, w.out = w.tf.appendTo(w.out)
			locAt, w.out = w.loc.appendTo(w.out)
			postingsAt := uint64(len(w.out))
			w.out = binary.AppendUvarint(w.out, tfAt)
			w.out = binary.AppendUvarint(w.out, locAt)
			if w.out, err = w.appendBitmap(w.out); err != nil {
				return err
			}
			w.key = append(w.key[:0], w.termText[term]...)
			if err := w.builder.Insert(w.key, postingsAt); err != nil {
				return err
			}
		}
		if err := w.builder.Close(); err != nil {
			return err
		}
		dictAt := uint64(len(w.out))
		w.out = binary.AppendUvarint(w.out, uint64(w.dict.Len()))
		w.out = append(w.out, w.dict.Bytes()...)
		w.dict.Reset()
		if err := w.builder.Reset(&w.dict); err != nil {
			return err
		}
		w.addrs[id] = uint64(len(w.out))
		// No doc values (partWritable): zap's fieldNotUninverted, twice.
		w.out = binary.AppendUvarint(w.out, math.MaxUint64)
		w.out = binary.AppendUvarint(w.out, math.MaxUint64)
		w.out = binary.AppendUvarint(w.out, dictAt)
	}
	return nil
}

// appendBitmap appends the roaring bitmap of docNums, with its length, to
// b. Of the documents of a batch (under 65,536) that a term is in, up to
// 4,096, roaring makes one array container: written here as roaring
// writes it (its format spec: a cookie without run containers, one
// container of key 0, its cardinality less one, its offset, its values),
// without the bitmap's allocations.
func (w *partWriter) appendBitmap(b []byte) ([]byte, error) {
	n := len(w.docNums)
	if n > 0 && n <= 4096 && w.docNums[n-1] < 1<<16 {
		const cookieNoRuns, header = 12346, 16
		b = binary.AppendUvarint(b, uint64(header+2*n))
		b = binary.LittleEndian.AppendUint32(b, cookieNoRuns)
		b = binary.LittleEndian.AppendUint32(b, 1) // containers
		b = binary.LittleEndian.AppendUint16(b, 0) // key
		b = binary.LittleEndian.AppendUint16(b, uint16(n-1))
		b = binary.LittleEndian.AppendUint32(b, header) // offset
		for _, d := range w.docNums {
			b = binary.LittleEndian.AppendUint16(b, uint16(d))
		}
		return b, nil
	}
	w.bitmap.Clear()
	w.bitmap.AddMany(w.docNums)
	bm, err := w.bitmap.ToBytes()
	if err != nil {
		return nil, err
	}
	b = binary.AppendUvarint(b, uint64(len(bm)))
	return append(b, bm...), nil
}

// writeFields writes the fields section as zap's persistFieldsSection
// does, and returns its offset.
func (w *partWriter) writeFields() uint64 {
	w.offsets = w.offsets[:0]
	for id, name := range w.names {
		w.offsets = append(w.offsets, uint64(len(w.out)))
		w.out = binary.AppendUvarint(w.out, uint64(len(name)))
		w.out = append(w.out, name...)
		w.out = binary.AppendUvarint(w.out, uint64(w.options[id]))
		w.out = binary.AppendUvarint(w.out, uint64(len(partSections)))
		for _, s := range partSections {
			var addr uint64
			if s == zap.SectionInvertedTextIndex {
				addr = w.addrs[id]
			}
			w.out = binary.BigEndian.AppendUint16(w.out, s)
			w.out = binary.BigEndian.AppendUint64(w.out, addr)
		}
	}
	at := uint64(len(w.out))
	w.out = binary.AppendUvarint(w.out, uint64(len(w.names)))
	for _, off := range w.offsets {
		w.out = binary.BigEndian.AppendUint64(w.out, off)
	}
	return at
}

func (w *partWriter) arraysOf(l partLoc) []uint64 {
	if l.arrays == 0 {
		return nil
	}
	return w.arrays[l.arrays-1]
}

// partVellumOpts are zap's vellumBuilderOpts.
var partVellumOpts = &vellum.BuilderOpts{Encoder: 1, RegistryTableSize: 0, RegistryMRUSize: 1}

// A chunkCoder writes uvarints by chunk of documents as zap's
// chunkedIntCoder does; documents come in ascending order.
type chunkCoder struct {
	chunkSize uint64
	lens      []uint64 // bytes of each chunk
	data      []byte
}

func (c *chunkCoder) reset(chunkSize, numDocs uint64) {
	c.chunkSize = chunkSize
	n := int((numDocs-1)/chunkSize + 1)
	c.lens = slices.Grow(c.lens[:0], n)[:n]
	clear(c.lens)
	c.data = c.data[:0]
}

func (c *chunkCoder) add(doc uint64, vals ...uint64) {
	before := len(c.data)
	for _, v := range vals {
		c.data = binary.AppendUvarint(c.data, v)
	}
	c.lens[doc/c.chunkSize] += uint64(len(c.data) - before)
}

// appendTo appends the chunks to b and returns their offset in it, or 0
// (zap's termNotEncoded) and b as it was when they hold nothing.
func (c *chunkCoder) appendTo(b []byte) (uint64, []byte) {
	if len(c.data) == 0 {
		return 0, b
	}
	at := uint64(len(b))
	b = binary.AppendUvarint(b, uint64(len(c.lens)))
	var end uint64
	for _, n := range c.lens {
		end += n
		b = binary.AppendUvarint(b, end)
	}
	return at, append(b, c.data...)
}

// fits32 reports whether n is a number a partWriter keeps (see partPosting).
func fits32(n int) bool { return n >= 0 && uint64(n) <= math.MaxUint32 }

func uvarintLen(x uint64) int {
	n := 1
	for ; x >= 0x80; x >>= 7 {
		n++
	}
	return n
}
