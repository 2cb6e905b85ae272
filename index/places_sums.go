package index

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"slices"
	"unique"
)

// A sumSpill keeps the records of the paragraphs an update writes (see
// placeSum) until the place table is written from them, in a file of the
// new generation (placesSpill) rather than in memory: at 48 bytes a
// paragraph, and as much again of the collector's headroom, they were the
// part of a build's memory that grew with its corpus (70 MiB more for four
// copies of the whole corpus than for one). Their heading paths are kept
// in memory, once each, by number.
//
// A block of the file holds the records of one document, as written
// together: the length of its key (uvarint), the key, the count of
// records (uvarint), then each record: its order (see placeOrder), sum,
// heading path's number and lengths (uint32 each) and kind (one byte),
// little-endian. A document written again (an update that re-reads it)
// has a later block, which replaces the earlier.
type sumSpill struct {
	file   *spillFile       // created before the workers start
	err    error            // the first error writing the file
	at     int64            // bytes written
	latest map[string]int64 // by document key: where its latest block starts
	paths  map[unique.Handle[string]]uint32
	names  []unique.Handle[string] // by number
	buf    []byte
}

// placesSpill is the file of a new generation that holds the records of
// the paragraphs written until the place table is written from them.
const placesSpill = "places.new"

// spillSum is the size of a record in the file.
const spillSum = 4 + 4 + 4 + 4*numLengths + 1

func newSumSpill() *sumSpill {
	return &sumSpill{latest: map[string]int64{}, paths: map[unique.Handle[string]]uint32{}}
}

// add keeps the records of the paragraphs of the document with key doc,
// all of them, replacing those added for it before (none, for a document
// left with no paragraph). Not safe for concurrent use.
func (s *sumSpill) add(doc string, sums []placeSum) {
	if s.err != nil {
		return
	}
	b := binary.AppendUvarint(s.buf[:0], uint64(len(doc)))
	b = append(b, doc...)
	b = binary.AppendUvarint(b, uint64(len(sums)))
	for _, ps := range sums {
		r := &ps.para
		b = binary.LittleEndian.AppendUint32(b, ps.order)
		b = binary.LittleEndian.AppendUint32(b, r.sum)
		b = binary.LittleEndian.AppendUint32(b, s.path(r.section))
		for _, n := range r.lengths {
			b = binary.LittleEndian.AppendUint32(b, n)
		}
		b = append(b, byte(r.kind))
	}
	s.buf = b
	if s.err != nil { // a path past the last the table can number
		return
	}
	s.latest[doc] = s.at
	n, err := s.file.Write(b)
	s.at += int64(n)
	s.err = err
}

// path returns the number of a heading path.
func (s *sumSpill) path(h unique.Handle[string]) uint32 {
	x, ok := s.paths[h]
	if !ok && len(s.names) > maxSections {
		// More than the place table can number.
		if s.err == nil {
			s.err = fmt.Errorf("more than %d heading paths", maxSections)
		}
		return 0
	}
	if !ok {
		x = uint32(len(s.names))
		s.paths[h] = x
		s.names = append(s.names, h)
	}
	return x
}

// rewritten reports whether records of the document with key doc were
// added.
func (s *sumSpill) rewritten(doc string) bool {
	_, ok := s.latest[doc]
	return ok
}

// each calls yield with the latest records of each document, one at a
// time (key and r valid only during the call), as the file has them.
func (s *sumSpill) each(yield func(key []byte, r *spilledSum) error) error {
	if s.err != nil {
		return s.err
	}
	br, err := s.file.rewind()
	if err != nil {
		return err
	}
	r := &countingReader{r: br}
	var key []byte
	var rec [spillSum]byte
	var sum spilledSum
	for {
		at := r.n
		n, err := binary.ReadUvarint(r)
		if err == io.EOF {
			return nil
		}
		if err == nil && n > math.MaxUint8 {
			err = fmt.Errorf("a document key of %d bytes", n)
		}
		if err == nil {
			key = slices.Grow(key[:0], int(n))[:n]
			_, err = io.ReadFull(r, key)
		}
		var count uint64
		if err == nil {
			count, err = binary.ReadUvarint(r)
		}
		current := s.latest[string(key)] == at
		for i := uint64(0); err == nil && i < count; i++ {
			if _, err = io.ReadFull(r, rec[:]); err != nil || !current {
				continue
			}
			sum.order = binary.LittleEndian.Uint32(rec[:])
			sum.sum = binary.LittleEndian.Uint32(rec[4:])
			sum.path = binary.LittleEndian.Uint32(rec[8:])
			for j := range sum.lengths {
				sum.lengths[j] = binary.LittleEndian.Uint32(rec[12+4*j:])
			}
			sum.kind = kind(rec[12+4*numLengths])
			err = yield(key, &sum)
		}
		if err != nil {
			return fmt.Errorf("reading back %s: %w", s.file.name(), err)
		}
	}
}

// A spilledSum is a record of the spill: a placeSum whose heading path is
// a number of the spill's.
type spilledSum struct {
	order, sum, path uint32
	lengths          [numLengths]uint32
	kind             kind
}

// countingReader counts the bytes read through it.
type countingReader struct {
	r *bufio.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

func (c *countingReader) ReadByte() (byte, error) {
	b, err := c.r.ReadByte()
	if err == nil {
		c.n++
	}
	return b, err
}

// finishPlaces writes the place table and path table of the finished
// generation in genDir, whose documents are docs (in title order), from
// the records the update wrote and, for an update, those of the paragraphs
// of the generation before that it kept; and removes the spill. It returns
// the index of the paragraphs, for what is written after them.
func (u *updater) finishPlaces(genDir string, docs []DocRecord) (*paraIndex, error) {
	var old *oldPlaces
	if u.oldGen != "" {
		var err error
		if old, err = openOldPlaces(u.oldGenDir(), u.oldMeta, u.oldKeys); err != nil {
			return nil, err
		}
		defer old.close()
	}
	buffer := u.opts.placeBuffer
	if buffer <= 0 {
		buffer = placeBufferBytes
	}
	paras, err := finishGeneration(genDir, docs, u.sums, old, buffer)
	if err != nil {
		return nil, err
	}
	return paras, u.sums.file.remove()
}

// releaseEntries is how many entries of the place table before carry
// reads between two releases of its pages: 3 MiB.
const releaseEntries = 3 << 20 / placeEntry

// oldPlaces is the place table of the generation an update builds on, and
// its documents' keys (in title order), for the records of the paragraphs
// the update does not write again.
type oldPlaces struct {
	dir    string
	places *Places
	keys   []string
}

// openOldPlaces maps the place and path tables of the generation in dir,
// whose build record is meta and whose documents have the keys keys.
func openOldPlaces(dir string, meta Meta, keys []string) (*oldPlaces, error) {
	path := filepath.Join(dir, placesFile)
	// carry reads it through find, which returns damage as its error:
	// this log is never read, nor written.
	p, err := mapPlaces(path, meta, new(damageLog))
	if err != nil {
		return nil, damaged(path, readError(err))
	}
	path = filepath.Join(dir, sectionsFile)
	if p.paths, err = mapSections(path, meta); err != nil {
		p.close()
		return nil, damaged(path, readError(err))
	}
	return &oldPlaces{dir: dir, places: p, keys: keys}, nil
}

func (o *oldPlaces) close() { o.places.close() }

// carry calls put with the record, from the generation before, of each
// paragraph of paras whose document the update did not write again (spill
// has no records of it), its heading path numbered by spill.
func (o *oldPlaces) carry(paras *paraIndex, spill *sumSpill, put func(num, sum, path uint32, k kind, lengths []uint32) error) error {
	p := o.places
	pathOf := make([]uint32, p.paths.n) // the spill's number of each old path, plus one; 0 until needed
	var lengths [numLengths]uint32
	for num := range p.n {
		// The pages of the table read so far count in the process's
		// memory until released (see releasePages): it is read once.
		if num%releaseEntries == 0 {
			releasePages(p.data[:placesHeader+placeEntry*num])
		}
		e, err := p.checkedEntry(num)
		if err != nil {
			return damaged(p.path, err)
		}
		doc := e.doc()
		if doc == noDocument {
			continue
		}
		if int(doc) >= len(o.keys) {
			return damaged(filepath.Join(o.dir, placesFile), fmt.Sprintf("document number %d is in document %d of %d", num, doc, len(o.keys)))
		}
		key := o.keys[doc]
		if spill.rewritten(key) {
			continue
		}
		d, ok := paras.docs[key]
		if !ok {
			continue // a document the update dropped
		}
		to, ok := paras.lookup(d, e.order())
		if !ok {
			continue
		}
		x := e.section()
		if x >= p.paths.n {
			return damaged(filepath.Join(o.dir, sectionsFile), fmt.Sprintf("heading path %d of %d", x, p.paths.n))
		}
		if pathOf[x] == 0 {
			section, err := p.paths.path(x)
			if err != nil {
				return damaged(filepath.Join(o.dir, sectionsFile), err)
			}
			pathOf[x] = spill.path(unique.Make(string(section))) + 1
		}
		for i := range lengths {
			lengths[i] = e.length(i)
		}
		if err := put(to, e.sum(), pathOf[x]-1, e.kind(), lengths[:]); err != nil {
			return err
		}
	}
	return nil
}
