package index

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"unique"

	"github.com/blevesearch/bleve/v2/index/scorch"
	bleveindex "github.com/blevesearch/bleve_index_api"
	"github.com/blevesearch/mmap-go"
	scorchsegment "github.com/blevesearch/scorch_segment_api/v2"
	zap "github.com/blevesearch/zapx/v17"
)

// The place table of a generation says, for each of scorch's document
// numbers, which document the paragraph belongs to and where in it. A search
// ranks, breaks ties and counts hits by document through it, with no read of
// bleve's doc values or stored fields per hit: those cost a decompressed
// chunk each, which made counting a common keyword's documents the larger
// part of a search. Scorch numbers documents by their place in the persisted
// segments, so the table is written after bleve has closed the generation,
// from the same read-only view that searches open.
//
// It also holds the CRC-32C of each paragraph's stored text, with its
// heading path, kind and ID, checked when a hit's text is loaded
// ([Index.Paragraph]): a changed byte in a segment's stored section shows
// there, without reading the whole segment file. And
// it holds what zap would otherwise keep in every posting: the paragraph's
// length in each searched field, which BM25 normalises by (zap writes it,
// as a "norm", once per term of the paragraph, 2 bytes each for a
// paragraph of over 127 terms; see termsField); and the number of its
// heading path in the generation's path table (see sections.go), which zap
// would store once per paragraph.
//
// And what a paragraph is (see kind), which zap would store once per
// paragraph too, at a few bytes a field.
//
// Layout, little-endian: "ZHPT", the count of numbers n, the count of live
// paragraphs; then the body, n entries of four uint32 and four uint16: the
// document's index in the title list (noDocument for a number scorch has
// deleted), the paragraph's order (see placeOrder), the checksum of its
// text, heading path, kind and ID (see paragraphSum), its kind (the top
// two bits) and heading path's number (the others), and its lengths in
// terms of the fields lengthColumn orders. A length fits in 16 bits: a
// part of a paragraph is at most maxParagraphBytes (64 KiB), which holds
// at most 32,768 units (two touching units are a Han character and
// another, 4 bytes at the least, or are apart), and a heading path at most
// 15 headings of 200 characters. Last the body's block checksums and the
// trailer (see blockTable): a search reads the entries of its hits and the
// lengths of its postings, each block checked the first time a read
// touches it, not the whole table when the index is opened.
const (
	placesFile   = "places.bin"
	placesMagic  = "ZHPT"
	placesHeader = 12
	placeEntry   = 16 + 2*numLengths
	noDocument   = math.MaxUint32
	kindShift    = 30 // of the kind in an entry's fourth uint32
	maxSections  = 1<<kindShift - 1
)

// numLengths is the number of fields whose lengths the place table keeps
// (see lengthColumn).
const numLengths = 4

// lengthColumn returns where the place table keeps the length of field
// among a paragraph's lengths: it keeps those of the fields BM25 scores
// keywords in.
func lengthColumn(field string) (int, bool) {
	switch field {
	case FieldTextUnits:
		return 0, true
	case FieldTextBigrams:
		return 1, true
	case FieldSectionUnits:
		return 2, true
	case FieldSectionBigrams:
		return 3, true
	}
	return 0, false
}

// A FieldLengths reads one field's length of each paragraph from the place
// table.
type FieldLengths struct {
	p      *Places
	column int // see lengthColumn
}

// Lengths returns the lengths of field, and false when the place table
// keeps none of it.
func (p *Places) Lengths(field string) (FieldLengths, bool) {
	i, ok := lengthColumn(field)
	if !ok {
		return FieldLengths{}, false
	}
	return FieldLengths{p: p, column: i}, true
}

// Of returns the length in terms of the field of the paragraph with
// scorch's document number num, 0 for a number that holds none or whose
// entry is damaged (see [Index.Damage]).
func (l FieldLengths) Of(num uint64) uint64 {
	if l.p == nil {
		return 0
	}
	e := l.p.entry(num)
	if e == nil {
		return 0
	}
	return uint64(e.length(l.column))
}

// Places maps scorch's document numbers in an open index to the paragraphs
// they hold. It is read-only and safe for concurrent use.
type Places struct {
	data   mmap.MMap // the whole file, mapped
	n      uint64
	blocks *blockTable
	path   string
	damage *damageLog // where reads that answer without an error record damage
	paths  *sectionTable
}

// checkedEntry returns the entry of scorch's document number num once the
// blocks it lies in are checked (an entry may straddle two), nil for a
// number past the table, and the damage of those blocks as its error.
// Every read of an entry goes through it.
func (p *Places) checkedEntry(num uint64) (placeEntryBytes, error) {
	if num >= p.n {
		return nil, nil
	}
	at := placesHeader + placeEntry*int(num)
	if err := p.blocks.check(at, at+placeEntry); err != nil {
		return nil, err
	}
	return placeEntryBytes(p.data[at : at+placeEntry]), nil
}

// entry is checkedEntry for reads that answer without an error: a
// damaged entry is nil, as one past the table, and its damage is recorded
// for [Index.Damage].
func (p *Places) entry(num uint64) placeEntryBytes {
	e, err := p.checkedEntry(num)
	if err != nil {
		p.damage.record(damaged(p.path, err))
	}
	return e
}

// find returns the entry of the paragraph with document number num, as
// Lookup finds it, but a damaged entry is an error naming the table rather
// than a number that holds no paragraph.
func (p *Places) find(num uint64) (placeEntryBytes, error) {
	e, err := p.checkedEntry(num)
	if err != nil {
		return nil, damaged(p.path, err)
	}
	if _, ok := e.place(); !ok {
		return nil, fmt.Errorf("document number %d holds no paragraph", num)
	}
	return e, nil
}

// placeEntryBytes is one entry of the place table, its blocks checked.
type placeEntryBytes []byte

func (e placeEntryBytes) doc() uint32   { return binary.LittleEndian.Uint32(e) }
func (e placeEntryBytes) order() uint32 { return binary.LittleEndian.Uint32(e[4:]) }

// place is where the entry's paragraph is, and false for none (no entry,
// or a number scorch has deleted).
func (e placeEntryBytes) place() (Place, bool) {
	if e == nil || e.doc() == noDocument {
		return Place{}, false
	}
	return Place{Doc: int(e.doc()), Order: int(e.order())}, true
}

// sum is the checksum of the paragraph's text, heading path, kind and ID.
func (e placeEntryBytes) sum() uint32 { return binary.LittleEndian.Uint32(e[8:]) }

// section is the number of the paragraph's heading path in the path table.
func (e placeEntryBytes) section() uint32 { return binary.LittleEndian.Uint32(e[12:]) & maxSections }

func (e placeEntryBytes) kind() kind { return kind(binary.LittleEndian.Uint32(e[12:]) >> kindShift) }

// length is the paragraph's length in terms of the field kept in column
// (see lengthColumn).
func (e placeEntryBytes) length(column int) uint32 {
	return uint32(binary.LittleEndian.Uint16(e[16+2*column:]))
}

// A Place is where a paragraph is.
type Place struct {
	Doc   int // its document's index in [Index.Titles]
	Order int // its order in the document: paragraph number and part, see [Place.Paragraph]
}

// Paragraph returns the paragraph number (from 1) and, for a part of an
// overlong paragraph, the part (from 2; 1 for the paragraph itself).
func (p Place) Paragraph() (n, part int) { return p.Order >> partBits, p.Order&partMask + 1 }

const (
	partBits = 10
	partMask = 1<<partBits - 1
)

// placeOrder orders paragraph n, part (from 1), within its document.
func placeOrder(n, part int) uint32 {
	return uint32(n)<<partBits | uint32(min(part-1, partMask))
}

// Lookup returns the place of the paragraph with scorch's document number
// num (the value of its bleve IndexInternalID), and false for a number
// that holds none or whose entry is damaged: a reader that drops or ranks
// a hit by its answer asks [Index.Damage] once it has read its hits.
func (p *Places) Lookup(num uint64) (Place, bool) { return p.entry(num).place() }

// Places returns the place table of the index.
func (ix *Index) Places() *Places { return ix.places }

// openPlaces maps the place table and the path table of the generation
// and checks their sizes and trailers (the checksum of each one's header
// and block checksums); their blocks are checked as they are read.
func (ix *Index) openPlaces() error {
	p, err := mapPlaces(ix.genPath(placesFile), ix.meta, &ix.damage)
	if err != nil {
		return damaged(ix.genPath(placesFile), readError(err))
	}
	if p.paths, err = mapSections(ix.genPath(sectionsFile), ix.meta); err != nil {
		p.close()
		return damaged(ix.genPath(sectionsFile), readError(err))
	}
	ix.places = p
	return nil
}

// mapPlaces maps the place table at path of a generation with the build
// record meta and checks its size and its trailer, the checksum of its
// header and block checksums (see placesLayout); its blocks are checked as
// they are read, which record the damage they find in log.
func mapPlaces(path string, meta Meta, log *damageLog) (*Places, error) {
	data, err := mapSized(path, meta, placesHeader)
	if err != nil {
		return nil, err
	}
	n, blocks, err := placesLayout(data)
	if live := int(binary.LittleEndian.Uint32(data[8:])); err == nil && live != meta.Paragraphs {
		err = fmt.Errorf("it lists %d paragraphs, the build record %d", live, meta.Paragraphs)
	}
	if err != nil {
		data.Unmap()
		return nil, err
	}
	return &Places{data: data, n: n, blocks: blocks, path: path, damage: log}, nil
}

// placesLayout checks a place table's magic, its size for its count of
// numbers, and its trailer, and returns that count and the table's
// blocks, unchecked.
func placesLayout(data []byte) (uint64, *blockTable, error) {
	if len(data) < placesHeader || string(data[:4]) != placesMagic {
		return 0, nil, errors.New("not a place table")
	}
	n := uint64(binary.LittleEndian.Uint32(data[4:]))
	blocks, err := openBlockTable(data, placesHeader, placeEntry*n)
	if err != nil {
		return 0, nil, fmt.Errorf("%d paragraphs: %w", n, err)
	}
	return n, blocks, nil
}

// mapSized maps the generation file at path read-only, once its size is
// that of its entry in the build record meta and it holds at least header
// bytes (callers ask for one at least: an empty file cannot be mapped).
// The title list's mapping checks the whole file's checksum too (see
// mapVerified); a file that checks its own parts as they are read (see
// blockTable) is mapped with this alone. (mmap-go, which zapx maps
// segments with, maps on Windows as well.)
func mapSized(path string, meta Meta, header int64) (mmap.MMap, error) {
	want, ok := meta.Files[filepath.Base(path)]
	if !ok {
		return nil, errors.New("not in the build record")
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if st.Size() != want.Size {
		return nil, fmt.Errorf("%d bytes, the build record says %d", st.Size(), want.Size)
	}
	if st.Size() < header {
		return nil, errors.New("file cut short")
	}
	return mmap.MapRegion(f, int(st.Size()), mmap.RDONLY, 0, 0)
}

func (p *Places) close() error {
	if p == nil {
		return nil
	}
	return errors.Join(p.data.Unmap(), p.paths.close())
}

// finishGeneration opens the closed bleve index in genDir as searches will,
// removes segment files its snapshot does not use (scorch leaves those
// behind when a reader still mapped them as it replaced them), and writes
// its place table and path table; docs are its documents in titles order,
// spill holds the records of the paragraphs the update wrote, and old,
// for an update, the place table of the generation before, which has the
// records of the others; the place table is written through buffers of
// buffer bytes. It returns the index of the paragraphs it found, for what
// is written after it.
//
// It finds each paragraph's number through the segments' dictionaries of
// document IDs (bleve's _id field), never through their stored fields:
// reading those would map every page of the stored text, and a build's
// memory would grow with its corpus.
func finishGeneration(genDir string, docs []DocRecord, spill *sumSpill, old *oldPlaces, buffer int) (*paraIndex, error) {
	places, err := readPlaceIDs(genDir, docs)
	if err != nil {
		return nil, err
	}
	paras, err := newParaIndex(places, docs)
	if err != nil {
		return nil, err
	}
	// The entries are written into the file, in the order the records
	// come (a document's paragraphs mostly in a run of numbers), and
	// then finished in one pass over it (see tableFile): the table is
	// never in memory whole. Until every record is in, an entry's
	// heading path is the spill's number for it.
	size := uint64(len(places))
	table, err := createTableFile(filepath.Join(genDir, placesFile), placesHeader, int64(placeEntry*size), buffer)
	if err != nil {
		return nil, err
	}
	defer table.close()
	written := make([]uint64, (size+63)/64) // a bit a number
	var entry [placeEntry]byte
	put := func(num uint32, sum, path uint32, k kind, lengths []uint32) error {
		binary.LittleEndian.PutUint32(entry[:], places[num].doc)
		binary.LittleEndian.PutUint32(entry[4:], places[num].order)
		binary.LittleEndian.PutUint32(entry[8:], sum)
		binary.LittleEndian.PutUint32(entry[12:], uint32(k)<<kindShift|path)
		for j, n := range lengths {
			if n > math.MaxUint16 { // see placeEntry: never, while parts are as small
				id := PlaceID(docs[places[num].doc].Key, Place{Order: int(places[num].order)})
				return fmt.Errorf("paragraph %q has %d terms in a field: too many for the place table", id, n)
			}
			binary.LittleEndian.PutUint16(entry[16+2*j:], uint16(n))
		}
		written[num/64] |= 1 << (num % 64)
		return table.write(placeEntry*int64(num), entry[:])
	}
	err = spill.each(func(key []byte, r *spilledSum) error {
		d, ok := paras.docs[string(key)]
		if !ok {
			return nil // a document that is gone
		}
		if num, ok := paras.lookup(d, r.order); ok {
			return put(num, r.sum, r.path, r.kind, r.lengths[:])
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if old != nil {
		if err := old.carry(paras, spill, put); err != nil {
			return nil, err
		}
	}
	// Heading paths numbered in the order of their first paragraphs.
	number := make([]uint32, len(spill.names))
	for i := range number {
		number[i] = noGroup
	}
	var sections []string
	live := 0
	finish := func(at int64, b []byte) error {
		for i := 0; i < len(b); i += placeEntry {
			num := (at + int64(i)) / placeEntry
			e := b[i : i+placeEntry]
			if p := places[num]; p.doc == noDocument {
				clear(e)
				binary.LittleEndian.PutUint32(e, noDocument)
				continue
			} else if written[num/64]&(1<<(num%64)) == 0 {
				return fmt.Errorf("paragraph %q was not written", PlaceID(docs[p.doc].Key, Place{Order: int(p.order)}))
			}
			word := binary.LittleEndian.Uint32(e[12:])
			x := word & maxSections
			if number[x] == noGroup {
				if len(sections) > maxSections {
					return fmt.Errorf("%d heading paths are too many", len(sections))
				}
				number[x] = uint32(len(sections))
				sections = append(sections, spill.names[x].Value())
			}
			binary.LittleEndian.PutUint32(e[12:], word&^maxSections|number[x])
			live++
		}
		return nil
	}
	head := func() []byte {
		h := append(make([]byte, 0, placesHeader), placesMagic...)
		h = binary.LittleEndian.AppendUint32(h, uint32(size))
		return binary.LittleEndian.AppendUint32(h, uint32(live))
	}
	if err := table.seal(placeChunk*max(buffer/placeChunk, 1), finish, head); err != nil {
		return nil, err
	}
	return paras, writeSections(genDir, sections)
}

// placeChunk is the unit a place table is finished in: whole entries that
// are whole blocks too (see tableBlock; seal checks it), 12 KiB.
const placeChunk = 512 * placeEntry

// placeBufferBytes is the size of the buffers a place table is written and
// finished through: 16 chunks, 192 KiB.
const placeBufferBytes = 16 * placeChunk

// readPlaceIDs opens the closed bleve index in genDir, whose documents are
// docs, removes the segment files it does not use, and returns the
// document and order of each of its document numbers.
func readPlaceIDs(genDir string, docs []DocRecord) ([]placeEntryData, error) {
	ordinal := make(map[string]uint32, len(docs))
	for i, d := range docs {
		ordinal[d.Key] = uint32(i)
	}
	b, err := openScorch(genDir, map[string]interface{}{"read_only": true})
	if err != nil {
		return nil, err
	}
	defer b.Close()
	r, err := b.Reader()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	if err := removeUnusedSegments(filepath.Join(genDir, "store"), r); err != nil {
		return nil, err
	}
	snapshot, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		return nil, errors.New("not a scorch index")
	}
	var size uint64
	for _, seg := range snapshot.Segments() {
		size += uint64(seg.FullSize())
	}
	if size >= math.MaxUint32 {
		return nil, fmt.Errorf("%d documents are too many", size)
	}
	places := make([]placeEntryData, size)
	for num := range places {
		places[num].doc = noDocument
	}
	var offset uint64
	for _, seg := range snapshot.Segments() {
		err := eachID(seg, func(id []byte, local uint64) error {
			doc, order, err := parseID(string(id), ordinal)
			if err != nil {
				return err
			}
			num := offset + local
			if num >= size {
				return fmt.Errorf("document number %d is out of range", num)
			}
			if places[num].doc != noDocument {
				return fmt.Errorf("document number %d holds two paragraphs", num)
			}
			places[num] = placeEntryData{doc, order}
			return nil
		})
		if err != nil {
			return nil, err
		}
		offset += uint64(seg.FullSize())
		// The pages of the segment's IDs that were read count in the
		// process's memory until it unmaps the segment: released, one
		// segment's count at a time, whatever their number.
		if zs, ok := seg.Segment().(*zap.Segment); ok {
			releasePages(zs.Data())
		}
	}
	return places, nil
}

// everyTerm is the automaton that accepts every term of a dictionary.
type everyTerm struct{}

func (everyTerm) Start() int               { return 0 }
func (everyTerm) IsMatch(int) bool         { return true }
func (everyTerm) CanMatch(int) bool        { return true }
func (everyTerm) WillAlwaysMatch(int) bool { return true }
func (everyTerm) Accept(int, byte) int     { return 0 }

// A placeSum is what the place table keeps of the paragraph or part with
// the order order in its document (see placeOrder).
type placeSum struct {
	order uint32
	para  paragraphRecord
}

// A paragraphRecord is what the place table keeps of a paragraph besides
// its place.
type paragraphRecord struct {
	sum uint32 // of its text, heading path, kind and ID, see paragraphSum
	// Its heading path, joined by SectionSeparator: a handle, by which
	// the spill numbers paths (see sumSpill), and paragraphs under one
	// path (in one document, or in copies of it) share one string.
	section unique.Handle[string]
	kind    kind
	lengths [numLengths]uint32
}

// eachID calls yield with the ID and the number in its segment of every
// live document of a segment, from the segment's dictionary of IDs.
func eachID(seg *scorch.SegmentSnapshot, yield func(id []byte, num uint64) error) error {
	dict, err := seg.Segment().Dictionary("_id")
	if err != nil {
		return err
	}
	terms := dict.AutomatonIterator(everyTerm{}, nil, nil)
	var pl scorchsegment.PostingsList
	var it scorchsegment.PostingsIterator
	for {
		entry, err := terms.Next()
		if err != nil {
			return err
		}
		if entry == nil {
			return nil
		}
		id := []byte(entry.Term)
		if pl, err = dict.PostingsList(id, seg.Deleted(), pl); err != nil {
			return err
		}
		it = pl.Iterator(false, false, false, it)
		for {
			p, err := it.Next()
			if err != nil {
				return err
			}
			if p == nil {
				break
			}
			if err := yield(id, p.Number()); err != nil {
				return err
			}
		}
	}
}

// Reader returns a reader of the index's bleve snapshot, for searchers that
// work below bleve's Search. Close it when done.
//
// After Close it returns [ErrClosed] (bleve's own reader would fault).
func (ix *Index) Reader() (bleveindex.IndexReader, error) {
	ix.useMu.Lock()
	defer ix.useMu.Unlock()
	if ix.closed {
		return nil, fmt.Errorf("%s: %w", ix.dir, ErrClosed)
	}
	return ix.bleve.Reader()
}

// removeUnusedSegments removes the segment files in store that the
// snapshot r reads does not use.
func removeUnusedSegments(store string, r bleveindex.IndexReader) error {
	snapshot, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		return nil
	}
	used := map[string]bool{}
	for _, s := range snapshot.Segments() {
		p, ok := s.Segment().(scorchsegment.PersistedSegment)
		if !ok {
			return errors.New("a segment of the closed index is not on disk")
		}
		used[filepath.Base(p.Path())] = true
	}
	// A listing, not filepath.Glob: the index's own path may hold
	// characters that a pattern would read as syntax ("[").
	entries, err := os.ReadDir(store)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".zap") && !used[e.Name()] {
			if err := removeUnheld(filepath.Join(store, e.Name())); err != nil {
				return err
			}
		}
	}
	return nil
}

// parseID reads a bleve document ID, "<key>/<n>" or "<key>/<n>.<part>".
func parseID(id string, ordinal map[string]uint32) (doc, order uint32, err error) {
	key, rest, _ := strings.Cut(id, "/")
	num, part, hasPart := strings.Cut(rest, ".")
	doc, ok := ordinal[key]
	n, nErr := strconv.Atoi(num)
	p := 1
	if hasPart {
		p, err = strconv.Atoi(part)
	}
	if !ok || nErr != nil || err != nil || n < 1 || p < 1 {
		return 0, 0, fmt.Errorf("paragraph %q belongs to no listed document", id)
	}
	return doc, placeOrder(n, p), nil
}

// document returns the document numbers of the paragraphs of document doc
// (its index in [Index.Titles]), in the document's order, parts of an
// overlong paragraph after it. It reads the whole table: it is for showing
// one document, not for searching. A damaged entry is an error: it could be
// one of the document's.
func (p *Places) document(doc int) ([]uint64, error) {
	type entry struct {
		num   uint64
		order uint32
	}
	var found []entry
	for num := uint64(0); num < p.n; num++ {
		e, err := p.checkedEntry(num)
		if err != nil {
			return nil, damaged(p.path, err)
		}
		if e.doc() == uint32(doc) {
			found = append(found, entry{num, e.order()})
		}
	}
	sort.Slice(found, func(i, j int) bool { return found[i].order < found[j].order })
	nums := make([]uint64, len(found))
	for i, e := range found {
		nums[i] = e.num
	}
	return nums, nil
}
