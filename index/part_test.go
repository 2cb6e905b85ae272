package index

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/blevesearch/bleve/v2/document"
	bleveindex "github.com/blevesearch/bleve_index_api"
	"github.com/google/go-cmp/cmp"

	"github.com/zhsearch/zhsearch/index/extract"
	"github.com/zhsearch/zhsearch/segment"
)

// TestPartWriterMatchesZap: a partWriter writes, for the paragraphs of the
// test corpus in batches, the segment zap's own builder writes, byte for
// byte, but for the order in which zap lists each field's sections (a map
// of its, ranged over).
func TestPartWriterMatchesZap(t *testing.T) {
	docs := testParagraphs(t)
	if len(docs) < 500 {
		t.Fatalf("%d paragraphs in the test corpus: too few to test with", len(docs))
	}
	// Four times over, so that the last batch has terms in over 1024
	// paragraphs, whose posting lists zap cuts into chunks.
	docs = slices.Concat(docs, docs, docs, docs)
	pw := newPartWriter()
	var plugin safeZap
	// Batches of several sizes, the writer reused as a build reuses it:
	// one paragraph, a few, many.
	for start, size := 0, 1; start < len(docs); start, size = start+size, size*7 {
		batch := docs[start:min(start+size, len(docs))]
		if !partWritable(batch) {
			t.Fatalf("paragraphs %d-%d: the part writer does not take them", start, start+len(batch))
		}
		analysed := make([]bleveindex.Document, len(batch))
		for i, d := range batch {
			analysed[i] = d
		}
		want, _, err := plugin.New(analysed)
		if err != nil {
			t.Fatal(err)
		}
		got, err := pw.build(batch)
		if err != nil {
			t.Fatal(err)
		}
		wantFile, gotFile := zapLayout(t, segmentBytes(t, want)), zapLayout(t, segmentBytes(t, got))
		if i := firstDifference(wantFile.Data, gotFile.Data); i >= 0 {
			t.Fatalf("paragraphs %d-%d: segments differ from byte %d of %d (zap) and %d (partWriter)", start, start+len(batch), i, len(wantFile.Data), len(gotFile.Data))
		}
		wantFile.Data, gotFile.Data = nil, nil
		if diff := cmp.Diff(wantFile, gotFile); diff != "" {
			t.Fatalf("paragraphs %d-%d: segments' fields or footers differ (-zap +partWriter):\n%s", start, start+len(batch), diff)
		}
		want.Close()
		got.Close()
	}
}

func segmentBytes(t *testing.T, s any) []byte {
	t.Helper()
	var b bytes.Buffer
	if _, err := s.(io.WriterTo).WriteTo(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// zapFile is a zap segment file cut at its fields section, whose sections
// of each field are sorted.
type zapFile struct {
	Data   []byte // up to the first field's entry in the fields section
	Fields []zapField
	Footer []byte // less its checksum
}

type zapField struct {
	Entry    []byte // name and options
	Sections [][10]byte
}

func zapLayout(t *testing.T, b []byte) zapFile {
	t.Helper()
	const footer = 40
	if len(b) < footer {
		t.Fatalf("a segment of %d bytes", len(b))
	}
	foot := b[len(b)-footer:]
	sectionsIndex := binary.BigEndian.Uint64(foot[20:])
	r := b[sectionsIndex:]
	n, k := binary.Uvarint(r)
	r = r[k:]
	var f zapFile
	for i := range n {
		at := binary.BigEndian.Uint64(r[8*i:])
		if i == 0 {
			f.Data = b[:at]
		}
		e := b[at:]
		nameLen, k1 := binary.Uvarint(e)
		_, k2 := binary.Uvarint(e[k1+int(nameLen):])
		entry := e[:k1+int(nameLen)+k2]
		sections, k3 := binary.Uvarint(e[len(entry):])
		e = e[len(entry)+k3:]
		field := zapField{Entry: entry}
		for range sections {
			field.Sections = append(field.Sections, [10]byte(e[:10]))
			e = e[10:]
		}
		slices.SortFunc(field.Sections, func(a, b [10]byte) int { return bytes.Compare(a[:], b[:]) })
		f.Fields = append(f.Fields, field)
	}
	f.Footer = foot[:footer-4]
	return f
}

// firstDifference returns the first offset at which a and b differ, or -1
// if they are equal.
func firstDifference(a, b []byte) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	if len(a) != len(b) {
		return min(len(a), len(b))
	}
	return -1
}

// TestSectionFieldsShared: the paragraphs of a document under one heading
// share their heading path's fields, and their part is the one written
// when every paragraph makes its own.
func TestSectionFieldsShared(t *testing.T) {
	shared, own := testParagraphs(t), testParagraphsEach(t, false)
	if len(shared) != len(own) {
		t.Fatalf("%d paragraphs, %d", len(shared), len(own))
	}
	sectionUnits := func(d *document.Document) bleveindex.Field {
		for _, f := range d.Fields {
			if f.Name() == FieldSectionUnits {
				return f
			}
		}
		return nil
	}
	sharing := 0
	for i, d := range shared[1:] {
		if sectionUnits(d) == sectionUnits(shared[i]) {
			sharing++
		}
	}
	if sharing < len(shared)/2 {
		t.Errorf("%d of %d paragraphs share the heading path's fields of the one before", sharing, len(shared))
	}
	write := func(docs []*document.Document) []byte {
		s, err := newPartWriter().build(docs)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		return zapLayout(t, segmentBytes(t, s)).Data
	}
	if i := firstDifference(write(own), write(shared)); i >= 0 {
		t.Fatalf("the parts differ from byte %d", i)
	}
}

// testParagraphs returns the analysed bleve documents of the paragraphs
// of the test corpus.
func testParagraphs(t testing.TB) []*document.Document { return testParagraphsEach(t, true) }

// testParagraphsEach is testParagraphs; share says whether the paragraphs
// of a document share their heading path's fields, as a build's do.
func testParagraphsEach(t testing.TB, share bool) []*document.Document {
	seg, err := segment.New(segment.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var docs []*document.Document
	err = filepath.WalkDir("../testdata", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		doc, err := extract.Parse(path, data)
		if err != nil {
			return nil // not a document
		}
		year := extract.Year(doc.Date)
		tokens := map[string]int{}
		var sections sectionFields
		for _, pt := range splitParagraphs(doc.Paragraphs, maxParagraphBytes) {
			if !share {
				sections = sectionFields{}
			}
			d, _ := paragraphDocument(seg.SearchWords(pt.p.Text), docKey(path), year, pt.p, pt.i, tokens, &sections)
			d.AddIDField()
			d.VisitFields(func(f bleveindex.Field) {
				if f.Options().IsIndexed() {
					f.Analyze()
				}
			})
			docs = append(docs, d)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return docs
}

// BenchmarkPartWriter builds the part of the test corpus's paragraphs, in
// one batch, with zap's builder and with a partWriter.
func BenchmarkPartWriter(b *testing.B) {
	docs := testParagraphs(b)
	b.Run("zap", func(b *testing.B) {
		analysed := make([]bleveindex.Document, len(docs))
		for i, d := range docs {
			analysed[i] = d
		}
		var plugin safeZap
		for b.Loop() {
			s, _, err := plugin.New(analysed)
			if err != nil {
				b.Fatal(err)
			}
			s.Close()
		}
	})
	b.Run("partWriter", func(b *testing.B) {
		pw := newPartWriter()
		for b.Loop() {
			s, err := pw.build(docs)
			if err != nil {
				b.Fatal(err)
			}
			s.Close()
		}
	})
}

// TestPartWriterLeavesOddLocationsToZap: a location that names a field
// (bleve's merging of a field's repeats makes them) is filed by zap under
// that field, and one whose numbers take over 32 bits is kept whole by
// zap; a partWriter does not write such a batch, and a build gives it to
// zap.New instead.
func TestPartWriterLeavesOddLocationsToZap(t *testing.T) {
	for _, c := range []struct {
		name   string
		change func(*bleveindex.TokenLocation)
		want   error
	}{
		{"a location names its field", func(l *bleveindex.TokenLocation) { l.Field = FieldYear }, errLocationNamesField},
		{"a position over 32 bits", func(l *bleveindex.TokenLocation) { l.Position = math.MaxUint32 + 1 }, errWideLocation},
	} {
		t.Run(c.name, func(t *testing.T) {
			docs := testParagraphs(t)[:3]
			for i, f := range docs[1].Fields {
				if tf, ok := f.(*termsField); ok && f.Options().IncludeTermVectors() {
					// In bleve's form, whose locations can be changed.
					odd := &termsField{name: tf.name, options: tf.options, length: tf.length, freqs: tf.AnalyzedTokenFrequencies()}
					for _, freq := range odd.freqs {
						if len(freq.Locations) > 0 {
							c.change(freq.Locations[0])
							break
						}
					}
					docs[1].Fields[i] = odd
					break
				}
			}
			if _, err := newPartWriter().build(docs); !errors.Is(err, c.want) {
				t.Fatalf("a partWriter built the batch: err %v, want %v", err, c.want)
			}
			var w segmentWriter
			seg, release, err := w.build(docs)
			if err != nil {
				t.Fatal(err)
			}
			defer release()
			analysed := make([]bleveindex.Document, len(docs))
			for i, d := range docs {
				analysed[i] = d
			}
			want, _, err := w.plugin.New(analysed)
			if err != nil {
				t.Fatal(err)
			}
			defer want.Close()
			if !bytes.Equal(zapLayout(t, segmentBytes(t, want)).Data, zapLayout(t, segmentBytes(t, seg)).Data) {
				t.Fatal("the build's segment of the batch is not zap's")
			}
		})
	}
}
