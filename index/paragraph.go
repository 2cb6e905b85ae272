package index

import (
	"encoding/binary"
	"errors"
	"fmt"
	"path/filepath"
	"runtime/debug"
	"strings"

	"github.com/blevesearch/bleve/v2/index/scorch"
	bleveindex "github.com/blevesearch/bleve_index_api"
	scorchsegment "github.com/blevesearch/scorch_segment_api/v2"
)

// A Paragraph is what an index stores of one paragraph.
type Paragraph struct {
	ID      string   // bleve document ID, see [ParagraphID]
	Text    string   // as in the source
	Section []string // heading path above it, outermost first
	Heading bool     // a title or heading rather than body text
}

// Paragraph returns the paragraph with scorch's document number num (the
// value of its bleve IndexInternalID), read through r, a reader of ix (see
// [Index.Reader]). Its stored fields are checked against the checksum in
// the place table and its ID against the place: an altered paragraph is
// ErrDamaged, never returned.
func (ix *Index) Paragraph(r bleveindex.IndexReader, num uint64) (p Paragraph, err error) {
	place, ok := ix.places.Lookup(num)
	if !ok {
		return p, fmt.Errorf("document number %d holds no paragraph", num)
	}
	titles, err := ix.Titles()
	if err != nil {
		return p, err
	}
	if place.Doc >= len(titles) {
		return p, damaged(ix.genPath(placesFile), fmt.Sprintf("document number %d is in document %d of %d", num, place.Doc, len(titles)))
	}
	s, err := readStored(r, num)
	file := s.file
	if file == "" {
		file = ix.genPath("store")
	}
	if err != nil {
		return p, damaged(file, firstLine(err))
	}
	// The path table is verified whole when mapped: a mismatch from here
	// on is the segment's.
	section, err := ix.places.section(num)
	if err != nil {
		return p, damaged(ix.genPath(sectionsFile), err)
	}
	if paragraphSum(s.id, s.text, section, s.kind) != ix.places.sum(num) {
		return p, damaged(file, fmt.Sprintf("paragraph %s: stored text checksum mismatch", s.id))
	}
	id := string(s.id)
	if want := PlaceID(titles[place.Doc].Key, place); id != want {
		return p, damaged(ix.genPath(placesFile), fmt.Sprintf("paragraph %s is listed as %s", id, want))
	}
	p = Paragraph{ID: id, Text: string(s.text), Section: []string{}, Heading: IsHeading(string(s.kind))}
	if len(section) > 0 {
		p.Section = strings.Split(string(section), SectionSeparator)
	}
	return p, nil
}

// sum returns the checksum of the stored fields and heading path of
// document number num, which Lookup has found.
func (p *Places) sum(num uint64) uint32 {
	return binary.LittleEndian.Uint32(p.data[placesHeader+placeEntry*num+8:])
}

// section returns the heading path of document number num, which Lookup
// has found, joined by SectionSeparator.
func (p *Places) section(num uint64) ([]byte, error) {
	return p.paths.path(binary.LittleEndian.Uint32(p.data[placesHeader+placeEntry*num+12:]))
}

// storedFields are the stored fields of one paragraph document, its text
// decoded, and the segment file they were read from.
type storedFields struct {
	id, text, kind []byte
	file           string
}

// readStored reads the stored fields of the document with scorch number
// num. Damaged segment data can make zap panic, or fault on its mapping:
// both are returned as errors.
func readStored(r bleveindex.IndexReader, num uint64) (s storedFields, err error) {
	snapshot, ok := unwrapReader(r).(*scorch.IndexSnapshot)
	if !ok {
		return s, errors.New("not a scorch index")
	}
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("reading document %d: %v", num, r)
		}
	}()
	// Scorch numbers documents across its segments in order, each segment
	// taking as many numbers as it holds documents, deleted ones included.
	var offset uint64
	for _, seg := range snapshot.Segments() {
		size := uint64(seg.FullSize())
		if num >= offset+size {
			offset += size
			continue
		}
		if ps, ok := seg.Segment().(scorchsegment.PersistedSegment); ok {
			s.file = filepath.Clean(ps.Path())
		}
		var textErr error
		err = seg.VisitDocument(num-offset, func(field string, _ byte, value []byte, _ []uint64) bool {
			switch field {
			case "_id":
				s.id = append([]byte(nil), value...)
			case FieldText:
				s.text, textErr = appendText(nil, value)
			case FieldKind:
				s.kind = append([]byte(nil), value...)
			}
			return textErr == nil
		})
		if err == nil && textErr != nil {
			err = fmt.Errorf("document %d: %w", num, textErr)
		}
		return s, err
	}
	return s, fmt.Errorf("document number %d is out of range", num)
}

// A Numbered paragraph is a paragraph with its place in its document.
type Numbered struct {
	N    int // paragraph number, from 1
	Part int // 1, or from 2 for the extra parts of an overlong paragraph
	Paragraph
}

// DocumentParagraphs returns the paragraphs of document doc (its index in
// [Index.Titles]) in order, read through r, as [Index.Paragraph] reads
// each. It reads the whole place table: it is for showing a document.
func (ix *Index) DocumentParagraphs(r bleveindex.IndexReader, doc int) ([]Numbered, error) {
	var out []Numbered
	for _, num := range ix.places.document(doc) {
		p, err := ix.Paragraph(r, num)
		if err != nil {
			return nil, err
		}
		place, _ := ix.places.Lookup(num)
		n, part := place.Paragraph()
		out = append(out, Numbered{N: n, Part: part, Paragraph: p})
	}
	return out, nil
}

// ParagraphAt returns paragraph n (its first part) of document doc, read
// through r, and false when the document has no paragraph n.
func (ix *Index) ParagraphAt(r bleveindex.IndexReader, doc, n int) (Paragraph, bool, error) {
	titles, err := ix.Titles()
	if err != nil || doc < 0 || doc >= len(titles) || n < 1 {
		return Paragraph{}, false, err
	}
	id, err := r.InternalID(ParagraphID(titles[doc].Key, n))
	if err != nil || id == nil {
		return Paragraph{}, false, err
	}
	p, err := ix.Paragraph(r, id.Value())
	return p, err == nil, err
}
