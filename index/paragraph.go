package index

import (
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
// [Index.Reader]). Its stored text, with its heading path, kind and ID,
// is checked against the checksum in the place table: an altered
// paragraph is ErrDamaged, never returned.
func (ix *Index) Paragraph(r bleveindex.IndexReader, num uint64) (p Paragraph, err error) {
	entry, err := ix.places.find(num)
	if err != nil {
		return p, err
	}
	place, _ := entry.place()
	titles, err := ix.TitleList()
	if err != nil {
		return p, err
	}
	if place.Doc >= titles.Len() {
		return p, damaged(ix.genPath(placesFile), fmt.Sprintf("document number %d is in document %d of %d", num, place.Doc, titles.Len()))
	}
	s, err := readStored(r, num)
	file := s.file
	if file == "" {
		file = ix.genPath("store")
	}
	if err != nil {
		return p, damaged(file, firstLine(err))
	}
	// find has checked the entry's blocks, and the path table checks
	// the path's: a mismatch from here on is the segment's.
	section, err := ix.places.paths.path(entry.section())
	if err != nil {
		return p, damaged(ix.genPath(sectionsFile), err)
	}
	id, kind := PlaceID(titles.At(place.Doc).Key, place), entry.kind()
	if paragraphSum([]byte(id), s.text, section, kind.code()) != entry.sum() {
		return p, damaged(file, fmt.Sprintf("paragraph %s: stored text checksum mismatch", id))
	}
	p = Paragraph{ID: id, Text: string(s.text), Section: []string{}, Heading: kind.heading()}
	if len(section) > 0 {
		p.Section = strings.Split(string(section), SectionSeparator)
	}
	return p, nil
}

// storedFields are the stored fields of one paragraph document, its text
// (the one field stored: the place table keeps the rest) decoded, and the
// segment file they were read from.
type storedFields struct {
	text []byte
	file string
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
		found := false
		err = seg.VisitDocument(num-offset, func(field string, _ byte, value []byte, _ []uint64) bool {
			if field == FieldText {
				s.text, textErr = appendText(nil, value)
				found = true
			}
			return textErr == nil
		})
		switch {
		case err != nil:
		case textErr != nil:
			err = fmt.Errorf("document %d: %w", num, textErr)
		case !found:
			err = fmt.Errorf("document %d holds no text", num)
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
	nums, err := ix.places.document(doc)
	if err != nil {
		return nil, err
	}
	var out []Numbered
	for _, num := range nums {
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
	titles, err := ix.TitleList()
	if err != nil || doc < 0 || doc >= titles.Len() || n < 1 {
		return Paragraph{}, false, err
	}
	want := ParagraphID(titles.At(doc).Key, n)
	id, err := r.InternalID(want)
	if err != nil || id == nil {
		return Paragraph{}, false, err
	}
	p, err := ix.Paragraph(r, id.Value())
	if err == nil && p.ID != want {
		err = damaged(ix.genPath("store"), fmt.Sprintf("the index of IDs finds paragraph %s at %s", want, p.ID))
	}
	return p, err == nil, err
}
