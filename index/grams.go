package index

import (
	"strconv"
	"strings"
	"unicode/utf8"

	bleveindex "github.com/blevesearch/bleve_index_api"

	"github.com/zhsearch/zhsearch/segment"
)

// How keywords are found: the unit and bigram rule. A paragraph's text (and
// its heading path) is indexed as units and as bigrams of two units that
// touch in the text. A bigram is placed at its first unit's position, so a
// keyword run of n touching units is n-1 bigrams at consecutive positions,
// and no match can span a separator.
//
// Every bigram's location carries a payload in the two slots bleve keeps
// for byte offsets (which no field of ours needs: highlights are computed
// from the stored text), so that ranking needs no second look at the text:
//
//   - Start holds flags: gramWordStart when a word of the paragraph's
//     fine-grained cut ([segment.Segmenter.SearchWords]) starts at the
//     bigram's first unit, gramWordEnd when one ends at its second unit, and
//     gramFirstChanged and gramSecondChanged when the source characters of
//     the first or second unit differ from the folded term (traditional
//     characters, full-width forms).
//     gramHeading marks the bigrams of a title or heading paragraph, whose
//     text is also its own heading path.
//   - End holds the number of the sentence the bigram stands in, from 0:
//     sentences end at 。！？；, their ASCII forms and line breaks.
const (
	gramWordStart = 1 << iota
	gramWordEnd
	gramFirstChanged
	gramSecondChanged
	gramHeading
)

// A Part is a searchable part of a paragraph.
type Part int

const (
	PartText    Part = iota // the paragraph's text
	PartSection             // its heading path, with the heading itself for a heading
)

func (p Part) fields() (units, bigrams string) {
	if p == PartSection {
		return FieldSectionUnits, FieldSectionBigrams
	}
	return FieldTextUnits, FieldTextBigrams
}

// A Run is a stretch of touching units of a keyword, and how the index finds
// it: one unit term, or the run's bigrams at consecutive positions of
// Field.
type Run struct {
	Field   string
	Terms   []string // the unit's term, or the run's bigrams in order
	Bigrams bool     // Terms are bigrams
	// Changed, by unit of the run, says whether the keyword as typed
	// differs there from its folded form (管理人員 at 員), to compare with
	// [Gram.Changed].
	Changed []bool
}

// KeywordRuns returns the runs of a keyword, as typed, in part of a
// paragraph. A keyword matches where all its runs do and the text between
// them agrees; a keyword of one run matches exactly where its run does.
func KeywordRuns(part Part, keyword string) []Run {
	unitField, bigramField := part.fields()
	var runs []Run
	var units [][]segment.Unit
	var prev segment.Unit
	for u := range segment.Units(keyword) {
		if len(units) > 0 && segment.Adjacent(prev, u) {
			units[len(units)-1] = append(units[len(units)-1], u)
		} else {
			units = append(units, []segment.Unit{u})
		}
		prev = u
	}
	for _, us := range units {
		r := Run{Field: unitField}
		for i, u := range us {
			r.Changed = append(r.Changed, keyword[u.Start:u.End] != u.Term)
			if i > 0 {
				r.Terms = append(r.Terms, us[i-1].Term+u.Term)
			}
		}
		if len(us) == 1 {
			r.Terms = []string{us[0].Term}
		} else {
			r.Field, r.Bigrams = bigramField, true
		}
		runs = append(runs, r)
	}
	return runs
}

// A Gram is one occurrence of a bigram in a paragraph, as its location
// stores it.
type Gram struct {
	Pos       uint64  // the position of its first unit, from 1
	Sentence  uint64  // the sentence it stands in, from 0
	WordStart bool    // a word of the fine-grained cut starts at its first unit
	WordEnd   bool    // one ends at its second unit
	Changed   [2]bool // the source characters of each unit differ from the folded term
	Heading   bool    // it stands in a title or heading paragraph
}

// ReadGram decodes the location of a bigram read from a bigram field.
func ReadGram(v *bleveindex.TermFieldVector) Gram {
	return Gram{
		Pos:       v.Pos,
		Sentence:  v.End,
		WordStart: v.Start&gramWordStart != 0,
		WordEnd:   v.Start&gramWordEnd != 0,
		Changed:   [2]bool{v.Start&gramFirstChanged != 0, v.Start&gramSecondChanged != 0},
		Heading:   v.Start&gramHeading != 0,
	}
}

// gramFields returns the unit and bigram fields (unitField, bigramField) of
// text, their terms' occurrences in order (see termsField); words, when
// given, is its fine-grained cut, which sets the bigrams' word flags;
// heading says the text is that of a title or heading.
func gramFields(unitField, bigramField, text string, words []segment.Token, heading bool) (units, bigrams *termsField) {
	// bounds[i] says whether a word starts (wordStarts) or ends (wordEnds)
	// at byte i of text.
	var bounds []uint8
	if len(words) > 0 {
		bounds = make([]uint8, len(text)+1)
		for _, w := range words {
			bounds[w.Start] |= wordStarts
			bounds[w.End] |= wordEnds
		}
	}
	// The grams of both fields in one allocation: there are no more units,
	// or bigrams, than runes. Each term is a slice of the text where it can
	// be.
	runes := utf8.RuneCountInString(text)
	grams := make([]occurrence, 2*runes)
	units = &termsField{name: unitField, options: indexed, hasGrams: true, grams: grams[:0:runes]}
	bigrams = &termsField{name: bigramField, options: positions, hasGrams: true, grams: grams[runes:runes]}
	var prev segment.Unit
	prevChanged := false
	pos, sentence := 0, 0
	for u := range segment.Units(text) {
		pos++
		units.grams = append(units.grams, occurrence{term: u.Term})
		changed := text[u.Start:u.End] != u.Term
		if pos > 1 {
			sentence += sentenceEnds(text[prev.End:u.Start])
		}
		if pos > 1 && segment.Adjacent(prev, u) {
			var flags uint8
			if heading {
				flags |= gramHeading
			}
			if bounds != nil && bounds[prev.Start]&wordStarts != 0 {
				flags |= gramWordStart
			}
			if bounds != nil && bounds[u.End]&wordEnds != 0 {
				flags |= gramWordEnd
			}
			if prevChanged {
				flags |= gramFirstChanged
			}
			if changed {
				flags |= gramSecondChanged
			}
			// The bigram's term is a slice of the text when neither unit
			// is folded and nothing lies between them.
			term := text[prev.Start:u.End]
			if prevChanged || changed || prev.End != u.Start {
				term = prev.Term + u.Term
			}
			bigrams.grams = append(bigrams.grams, occurrence{term: term, pos: uint32(pos - 1), sentence: uint32(sentence), flags: flags})
		}
		prev, prevChanged = u, changed
	}
	units.length, bigrams.length = len(units.grams), len(bigrams.grams)
	return units, bigrams
}

const (
	wordStarts = 1 << iota
	wordEnds
)

// sentenceEnds counts the sentence ends in the text between two units.
func sentenceEnds(gap string) int {
	n := 0
	for _, r := range gap {
		switch r {
		case '。', '！', '？', '；', '\n', '!', '?', ';':
			n++
		}
	}
	return n
}

// SectionText is the text a paragraph's heading path is searched in: its
// headings, one a line, and for a title or heading its own text too, so
// that section:X finds the heading X itself.
func SectionText(section []string, text string, heading bool) string {
	s := strings.Join(section, "\n")
	if heading {
		s += "\n" + text
	}
	return s
}

// ParagraphID is the bleve document ID of paragraph n of a document.
func ParagraphID(docKey string, n int) string { return docKey + "/" + strconv.Itoa(n) }

// PlaceID is the bleve document ID of the paragraph (or part) at place p of
// the document with key docKey.
func PlaceID(docKey string, p Place) string {
	n, part := p.Paragraph()
	if part > 1 {
		return partID(docKey, n, part)
	}
	return ParagraphID(docKey, n)
}
