package index

import (
	"slices"
	"strings"
	"sync"
	"unique"

	"github.com/blevesearch/bleve/v2/document"
	bleveindex "github.com/blevesearch/bleve_index_api"

	"github.com/zhsearch/zhsearch/index/extract"
	"github.com/zhsearch/zhsearch/segment"
)

// Field names inside the bleve index. They are part of the on-disk format:
// changing what one holds means bumping [FormatVersion].
const (
	FieldText           = "text" // stored paragraph text, encoded (see storedtext.go)
	FieldDoc            = "doc"  // document key, indexed as one term, for filters
	FieldYear           = "y"    // the document's year, "YYYY", when its date is known, for filters
	FieldTextUnits      = "t1"   // units of the text
	FieldTextBigrams    = "t2"   // bigrams of adjacent units of the text, with positions and a gram payload
	FieldSectionUnits   = "s1"
	FieldSectionBigrams = "s2"
)

// searchedFields are the fields searches look terms up in, each with its
// token count in [Meta.Tokens].
var searchedFields = []string{FieldTextUnits, FieldTextBigrams, FieldSectionUnits, FieldSectionBigrams, FieldDoc, FieldYear}

// SectionSeparator joins the headings of a stored section path.
const SectionSeparator = "\x1f"

const (
	indexed   = bleveindex.IndexField
	stored    = bleveindex.StoreField
	positions = bleveindex.IndexField | bleveindex.IncludeTermVectors
	// keyword fields hold one term a paragraph, for filters. (Ranking and
	// counting go by the place table, see places.go: no doc values.)
	keyword = bleveindex.IndexField | bleveindex.SkipFreqNorm
)

// addIDField adds to d the field of its ID, "_id", as bleve's AddIDField
// does, but with an empty stored value: bleve stores the ID for its own
// searches' hits, which zhsearch never reads (a hit is named by the place
// table), and an update finds the paragraphs it replaces by the index of
// IDs (zap's dictionary of the field), never by stored ones. Stored, the
// IDs took 8 MiB of the whole corpus's index. (zap stores a value of the
// field for every document, and reads it back when merging: an empty
// one.) Every paragraph document gets its ID field here: a fresh build's
// segment writer calls it, and scorch's online path through a
// paragraphDoc.
func addIDField(d *document.Document) {
	// As bleve's analysis of the ID would count it.
	tf := &bleveindex.TokenFreq{Term: []byte(d.ID())}
	tf.SetFrequency(1)
	d.AddField(&termsField{name: "_id", options: indexed | stored, length: 1,
		freqs: bleveindex.TokenFrequencies{d.ID(): tf}})
}

// A paragraphDoc is a paragraph's document as scorch's online path takes
// it, whose ID field is not stored (see addIDField).
type paragraphDoc struct{ *document.Document }

func (d paragraphDoc) AddIDField() { addIDField(d.Document) }

// A termsField is an indexed field whose terms are counted already, in our
// own workers, straight from the text (see gramFields): bleve's way, a
// token stream that its analysis then counts, allocates every token twice
// over. It holds what bleve's analysis of the same tokens would hold, but
// for its length. Its stored value, if stored, is empty.
//
// The unit and bigram fields of a paragraph hold their terms as grams, one
// a term's occurrence in the text, which a fresh build's part writer
// counts as it gathers the batch's postings (see partWriter.count):
// bleve's form of them, a map of terms to frequencies and a location
// object each, took half of a build's allocations and a fifth of its CPU,
// to be read once by the part writer. That form is made from the grams
// only when asked for (by scorch's online path, which updates take, or
// zap's own builder). Scorch's online path asks every field its Size,
// which makes that form: there a field keeps both its grams and its map
// while the batch lives (bounded by the batch; a fresh build's part
// writer never asks).
//
// Its length goes to the place table (see places.go), not to zap: zap
// writes a field's length as the "norm" of every posting of the field,
// once per distinct term of each paragraph: 2 MiB of the reports' 39 MiB
// index. zap is told a length of 1 for every field (a varint of one
// byte; not 0, which zap's encoding of a term found once reads as no
// posting at all), and searches read the lengths from the place table.
//
// A termsField is not changed once made: the heading path's fields of the
// paragraphs under one heading are one termsField (see sectionFields).
type termsField struct {
	name    string
	options bleveindex.FieldIndexingOptions
	length  int // tokens
	// hasGrams says that grams hold the terms, and freqs only once asked
	// for.
	hasGrams bool
	grams    []occurrence
	once     sync.Once // makes freqs from grams
	freqs    bleveindex.TokenFrequencies
}

// An occurrence is one of a term of a unit or bigram field, in the order
// of the text, with its location's slots (see grams.go) when the field
// keeps locations.
type occurrence struct {
	term          string
	pos, sentence uint32
	flags         uint8
}

// zapLength is the length zap is told of every field (see termsField).
const zapLength = 1

// TermFrequency returns the number of times a term stands in a field of a
// paragraph from the frequency zap keeps of it, which is one less (see
// partWriter.count and countGrams). zap writes a posting's frequency and,
// unless it is 0, its norm (zapLength, a byte that nothing reads): most
// terms stand once in a paragraph, and so cost one byte a posting instead
// of two (28 MiB of the whole corpus's index of 353 MiB). zap's encoding
// of a term of one paragraph, which keeps no frequency and reads as 1, is
// then used only for a term that stands there twice: still read right.
func TermFrequency(zapFreq uint64) uint64 { return zapFreq + 1 }

func (f *termsField) Name() string                             { return f.name }
func (f *termsField) ArrayPositions() []uint64                 { return nil }
func (f *termsField) Options() bleveindex.FieldIndexingOptions { return f.options }
func (f *termsField) Analyze()                                 {}
func (f *termsField) Value() []byte                            { return nil }
func (f *termsField) NumPlainTextBytes() uint64                { return 0 }
func (f *termsField) EncodedFieldType() byte                   { return 't' }
func (f *termsField) AnalyzedLength() int                      { return zapLength }
func (f *termsField) AnalyzedTokenFrequencies() bleveindex.TokenFrequencies {
	if f.hasGrams {
		f.once.Do(f.countGrams)
	}
	return f.freqs
}
func (f *termsField) Size() int { return len(f.name) + f.AnalyzedTokenFrequencies().Size() }

// countGrams makes freqs from grams, as bleve's analysis.TokenFrequency
// would count them as tokens, but for the frequency, which it counts from 0
// (see TermFrequency).
func (f *termsField) countGrams() {
	f.freqs = make(bleveindex.TokenFrequencies, len(f.grams)/2)
	var locs []bleveindex.TokenLocation
	withLocs := f.options.IncludeTermVectors()
	if withLocs {
		locs = make([]bleveindex.TokenLocation, len(f.grams))
	}
	for i, g := range f.grams {
		tf, ok := f.freqs[g.term]
		if ok {
			tf.SetFrequency(tf.Frequency() + 1)
		} else {
			tf = &bleveindex.TokenFreq{Term: []byte(g.term)}
			f.freqs[g.term] = tf
		}
		if withLocs {
			locs[i] = bleveindex.TokenLocation{Position: int(g.pos), Start: int(g.flags), End: int(g.sentence)}
			tf.Locations = append(tf.Locations, &locs[i])
		}
	}
}

// keywordField is a field of one term, for filters.
func keywordField(name, term string) *termsField {
	// SkipFreqNorm: bleve's analysis counts no frequency for it.
	return &termsField{name: name, options: keyword, length: 1,
		freqs: bleveindex.TokenFrequencies{term: &bleveindex.TokenFreq{Term: []byte(term)}}}
}

// paragraphDocument builds the bleve document of one paragraph, or of part
// (from 2) of an overlong one, of the document with key docKey, whose text
// has the fine-grained cut words ([segment.Segmenter.SearchWords]), and adds
// its tokens in each field to tokens (see [Meta.Tokens]). sections keeps
// the heading path's fields from one paragraph to the next of a document.
// It returns what the place table keeps of the paragraph too: the checksum
// of its stored fields and heading path, the path, and its fields' lengths.
func paragraphDocument(words []segment.Token, docKey, year string, p extract.Paragraph, part int, tokens map[string]int, sections *sectionFields) (*document.Document, paragraphRecord) {
	id := ParagraphID(docKey, p.N)
	if part > 1 {
		id = partID(docKey, p.N, part)
	}
	doc := document.NewDocument(id)
	heading := p.Kind != extract.KindBody
	units, bigrams := gramFields(FieldTextUnits, FieldTextBigrams, p.Text, words, heading)
	secUnits, secBigrams, section := sections.of(p, heading)
	kind := kindOf(p.Kind)
	doc.AddField(document.NewTextFieldWithIndexingOptions(FieldText, nil, encodeText(p.Text), stored))
	add := func(f *termsField) {
		doc.AddField(f)
		tokens[f.name] += f.length
	}
	add(keywordField(FieldDoc, docKey))
	add(units)
	add(bigrams)
	add(secUnits)
	add(secBigrams)
	if year != "" {
		add(keywordField(FieldYear, year))
	}
	// In lengthColumn's order. (A part of a paragraph is at most 64 KiB.)
	lengths := [numLengths]uint32{uint32(units.length), uint32(bigrams.length), uint32(secUnits.length), uint32(secBigrams.length)}
	return doc, paragraphRecord{sum: paragraphSum([]byte(id), []byte(p.Text), []byte(section.Value()), kind.code()), section: section, kind: kind, lengths: lengths}
}

// sectionFields keeps the fields of the last heading path a document's
// paragraphs were indexed under: the paragraphs under a heading, most of a
// document's, share its path's unit and bigram fields (never changed once
// made), and the path's handle, rather than each making them again.
type sectionFields struct {
	set            bool // path and section are those of a paragraph
	path           []string
	section        unique.Handle[string] // path joined by SectionSeparator
	units, bigrams *termsField           // path's fields, once a body paragraph has been under it
}

// of returns the heading path fields and the joined heading path of p,
// whose kind is that of a title or heading when heading. A heading's
// fields hold its own text too: they are its own.
func (c *sectionFields) of(p extract.Paragraph, heading bool) (units, bigrams *termsField, section unique.Handle[string]) {
	if !c.set || !slices.Equal(c.path, p.Section) {
		c.set, c.path = true, p.Section
		c.section = unique.Make(strings.Join(p.Section, SectionSeparator))
		c.units, c.bigrams = nil, nil
	}
	if heading {
		units, bigrams = gramFields(FieldSectionUnits, FieldSectionBigrams, SectionText(p.Section, p.Text, true), nil, false)
		return units, bigrams, c.section
	}
	if c.units == nil {
		c.units, c.bigrams = gramFields(FieldSectionUnits, FieldSectionBigrams, SectionText(p.Section, p.Text, false), nil, false)
	}
	return c.units, c.bigrams, c.section
}

// A kind is what a paragraph is, as the place table keeps it (in 2 bits):
// body text, a title, a heading, or a metadata line (题注, subtitle, 落款 …).
type kind uint8

const (
	kindBody kind = iota
	kindTitle
	kindHeading
	kindMeta
)

func kindOf(k extract.Kind) kind {
	switch k {
	case extract.KindTitle:
		return kindTitle
	case extract.KindHeading:
		return kindHeading
	case extract.KindMeta:
		return kindMeta
	}
	return kindBody
}

// code is the kind's letter in a paragraph's checksum (see paragraphSum).
func (k kind) code() []byte { return []byte{"bthm"[k&3]} }

// heading reports whether the kind is that of a title or a heading.
func (k kind) heading() bool { return k == kindTitle || k == kindHeading }
