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
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/document"
	bleveindex "github.com/blevesearch/bleve_index_api"
	"github.com/google/go-cmp/cmp"

	"github.com/zhsearch/zhsearch/index/extract"
	"github.com/zhsearch/zhsearch/segment"
)

// TestPartWriterMatchesZap: a partWriter writes, for the paragraphs of the
// test corpus in batches, the segment zap's own builder writes, byte for
// byte, but for the order in which zap lists each field's sections (a map
// of its, ranged over). zap is given the paragraphs with their unit and
// bigram fields counted by bleve's analysis from tokens made again from
// the segmenter's units (referenceTokens), not from the grams the part
// writer counts; and the grams' own map form (countGrams, which updates
// give scorch) must give zap the same segment.
func TestPartWriterMatchesZap(t *testing.T) {
	SkipUnderRace(t)
	docs, refs := testCorpus(t, true)
	if len(docs) < 500 {
		t.Fatalf("%d paragraphs in the test corpus: too few to test with", len(docs))
	}
	// Four times over, so that the last batch has terms in over 1024
	// paragraphs, whose posting lists zap cuts into chunks.
	docs = slices.Concat(docs, docs, docs, docs)
	refs = slices.Concat(refs, refs, refs, refs)
	pw := newPartWriter()
	var plugin safeZap
	// Batches of several sizes, the writer reused as a build reuses it:
	// one paragraph, a few, many.
	for start, size := 0, 1; start < len(docs); start, size = start+size, size*7 {
		batch := docs[start:min(start+size, len(docs))]
		if !partWritable(batch) {
			t.Fatalf("paragraphs %d-%d: the part writer does not take them", start, start+len(batch))
		}
		zapOf := func(docs []*document.Document) zapFile {
			analysed := make([]bleveindex.Document, len(docs))
			for i, d := range docs {
				analysed[i] = d
			}
			s, _, err := plugin.New(analysed)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			return zapLayout(t, segmentBytes(t, s))
		}
		want := zapOf(refs[start : start+len(batch)])
		got, err := pw.build(batch)
		if err != nil {
			t.Fatal(err)
		}
		gotFile := zapLayout(t, segmentBytes(t, got))
		got.Close()
		for _, c := range []struct {
			name string
			got  zapFile
		}{{"partWriter", gotFile}, {"zap from the grams' map form", zapOf(batch)}} {
			if i := firstDifference(want.Data, c.got.Data); i >= 0 {
				t.Fatalf("paragraphs %d-%d: segments differ from byte %d of %d (zap) and %d (%s)", start, start+len(batch), i, len(want.Data), len(c.got.Data), c.name)
			}
			wantRest, gotRest := want, c.got
			wantRest.Data, gotRest.Data = nil, nil
			if diff := cmp.Diff(wantRest, gotRest); diff != "" {
				t.Fatalf("paragraphs %d-%d: segments' fields or footers differ (-zap +%s):\n%s", start, start+len(batch), c.name, diff)
			}
		}
	}
}

// TestPartWriterMixedForms: a field may hold its terms in bleve's map form
// in one paragraph of a batch and as grams in the next (the part writer
// numbers the terms of either), and the part is zap's.
func TestPartWriterMixedForms(t *testing.T) {
	docs := testParagraphs(t)[:2]
	// The second paragraph again, its unit and bigram fields in map form,
	// before itself: every term of its grams is numbered already.
	mapForm := document.NewDocument(docs[1].ID())
	for _, f := range docs[1].Fields {
		if tf, ok := f.(*termsField); ok && tf.hasGrams {
			f = &termsField{name: tf.name, options: tf.options, length: tf.length, freqs: tf.AnalyzedTokenFrequencies()}
		}
		mapForm.AddField(f)
	}
	batch := []*document.Document{docs[0], mapForm, docs[1]}
	got, err := newPartWriter().build(batch)
	if err != nil {
		t.Fatal(err)
	}
	defer got.Close()
	analysed := []bleveindex.Document{docs[0], mapForm, docs[1]}
	var plugin safeZap
	want, _, err := plugin.New(analysed)
	if err != nil {
		t.Fatal(err)
	}
	defer want.Close()
	if i := firstDifference(zapLayout(t, segmentBytes(t, want)).Data, zapLayout(t, segmentBytes(t, got)).Data); i >= 0 {
		t.Fatalf("the segments differ from byte %d", i)
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
func testParagraphs(t testing.TB) []*document.Document {
	docs, _ := testCorpus(t, true)
	return docs
}

// testParagraphsEach is testParagraphs; share says whether the paragraphs
// of a document share their heading path's fields, as a build's do.
func testParagraphsEach(t testing.TB, share bool) []*document.Document {
	docs, _ := testCorpus(t, share)
	return docs
}

// testCorpus returns the documents of testParagraphsEach and, for each,
// the same document with its unit and bigram fields counted by bleve's
// analysis from referenceTokens, as zhsearch made them before it counted
// them itself.
func testCorpus(t testing.TB, share bool) (docs, refs []*document.Document) {
	seg, err := segment.New(segment.Options{})
	if err != nil {
		t.Fatal(err)
	}
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
			words := seg.SearchWords(pt.p.Text)
			d, _ := paragraphDocument(words, docKey(path), year, pt.p, pt.i, tokens, &sections)
			d.AddIDField()
			d.VisitFields(func(f bleveindex.Field) {
				if f.Options().IsIndexed() {
					f.Analyze()
				}
			})
			docs = append(docs, d)
			heading := pt.p.Kind != extract.KindBody
			textUnits, textBigrams := referenceTokens(pt.p.Text, words, heading)
			secUnits, secBigrams := referenceTokens(SectionText(pt.p.Section, pt.p.Text, heading), nil, false)
			streams := map[string]analysis.TokenStream{
				FieldTextUnits: textUnits, FieldTextBigrams: textBigrams,
				FieldSectionUnits: secUnits, FieldSectionBigrams: secBigrams,
			}
			ref := document.NewDocument(d.ID())
			for _, f := range d.Fields {
				if ts, ok := streams[f.Name()]; ok {
					freqs := analysis.TokenFrequency(ts, nil, f.Options())
					for _, tf := range freqs {
						tf.SetFrequency(tf.Frequency() - 1) // as zap is told it: see TermFrequency
					}
					f = &termsField{name: f.Name(), options: f.Options(), length: len(ts), freqs: freqs}
				}
				ref.AddField(f)
			}
			refs = append(refs, ref)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return docs, refs
}

// referenceTokens returns the unit and bigram tokens of text as bleve's
// analysis takes them, made straight from the segmenter's units by the
// unit and bigram rule (see grams.go), as zhsearch did before it counted
// its fields' terms itself: a reference for gramFields and the counting
// of its grams.
func referenceTokens(text string, words []segment.Token, heading bool) (units, bigrams analysis.TokenStream) {
	starts, ends := map[int]bool{}, map[int]bool{}
	for _, w := range words {
		starts[w.Start], ends[w.End] = true, true
	}
	var prev segment.Unit
	prevChanged := false
	pos, sentence := 0, 0
	for u := range segment.Units(text) {
		pos++
		units = append(units, &analysis.Token{Term: []byte(u.Term), Position: pos, Type: analysis.Ideographic})
		changed := text[u.Start:u.End] != u.Term
		if pos > 1 {
			sentence += sentenceEnds(text[prev.End:u.Start])
		}
		if pos > 1 && segment.Adjacent(prev, u) {
			flags := 0
			if heading {
				flags |= gramHeading
			}
			if starts[prev.Start] {
				flags |= gramWordStart
			}
			if ends[u.End] {
				flags |= gramWordEnd
			}
			if prevChanged {
				flags |= gramFirstChanged
			}
			if changed {
				flags |= gramSecondChanged
			}
			bigrams = append(bigrams, &analysis.Token{Term: []byte(prev.Term + u.Term), Position: pos - 1,
				Start: flags, End: sentence, Type: analysis.Double})
		}
		prev, prevChanged = u, changed
	}
	return units, bigrams
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

// TestSectionFieldsOf: sectionFields.of gives each paragraph the fields
// and joined heading path of its own path, sharing the fields of the
// paragraph before only when that one is a body paragraph under the same
// path; a heading's fields are its own, holding its text too.
func TestSectionFieldsOf(t *testing.T) {
	type paragraph struct {
		section []string
		heading bool
		text    string
		shares  int // the first paragraph of the case whose fields it shares, or -1
	}
	body := func(shares int, section ...string) paragraph {
		return paragraph{section: section, text: "正文", shares: shares}
	}
	for _, c := range []struct {
		name  string
		files [][]paragraph // a fresh sectionFields for each
	}{
		{"one path, shared", [][]paragraph{{body(-1, "总则", "目的"), body(0, "总则", "目的"), body(0, "总则", "目的")}}},
		{"sibling paths of one length back to back", [][]paragraph{{body(-1, "总则", "目的"), body(-1, "总则", "依据"), body(1, "总则", "依据")}}},
		{"a heading, then the body under it", [][]paragraph{{
			{section: []string{"总则"}, heading: true, text: "目的", shares: -1},
			body(-1, "总则"), body(1, "总则"),
		}}},
		{"a nil path, then an empty one", [][]paragraph{{body(-1), {section: []string{}, text: "正文", shares: 0}}}},
		{"a fresh sectionFields for each file", [][]paragraph{{body(-1)}, {body(-1)}, {body(-1, "总则")}, {body(-1, "总则")}}},
	} {
		t.Run(c.name, func(t *testing.T) {
			var got []*termsField
			var first []int // by paragraph: the first of those sharing its fields
			for _, file := range c.files {
				var sections sectionFields
				for _, p := range file {
					n := len(got)
					kind := extract.KindBody
					if p.heading {
						kind = extract.KindHeading
					}
					units, bigrams, section := sections.of(extract.Paragraph{Kind: kind, Section: p.section, Text: p.text}, p.heading)
					got = append(got, units)
					first = append(first, n)
					if p.shares >= 0 {
						first[n] = p.shares
					}
					if want := strings.Join(p.section, SectionSeparator); section.Value() != want {
						t.Errorf("paragraph %d: section %q, want %q", n, section.Value(), want)
					}
					wantUnits, wantBigrams := gramFields(FieldSectionUnits, FieldSectionBigrams, SectionText(p.section, p.text, p.heading), nil, false)
					if diff := cmp.Diff(termsOf(wantUnits), termsOf(units)); diff != "" {
						t.Errorf("paragraph %d: units (-want +got):\n%s", n, diff)
					}
					if diff := cmp.Diff(termsOf(wantBigrams), termsOf(bigrams)); diff != "" {
						t.Errorf("paragraph %d: bigrams (-want +got):\n%s", n, diff)
					}
					for i, earlier := range got[:n] {
						if shared := earlier == units; shared != (first[i] == first[n]) {
							t.Errorf("paragraph %d shares paragraph %d's fields: %v", n, i, shared)
						}
					}
				}
			}
		})
	}
}

// termsOf returns the terms of a field's grams, in order.
func termsOf(f *termsField) []string {
	var terms []string
	for _, g := range f.grams {
		terms = append(terms, g.term)
	}
	return terms
}
