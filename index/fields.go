package index

import (
	"strconv"
	"strings"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/document"
	bleveindex "github.com/blevesearch/bleve_index_api"

	"github.com/zhsearch/zhsearch/index/extract"
	"github.com/zhsearch/zhsearch/segment"
)

// Field names inside the bleve index. They are part of the on-disk format:
// changing what one holds means bumping [FormatVersion].
const (
	FieldText           = "text" // stored paragraph text
	FieldDoc            = "doc"  // document key, indexed as one term, for filters
	FieldSection        = "sec"  // stored heading path, joined by SectionSeparator
	FieldKind           = "kind" // stored "t" title, "h" heading, "b" body, "m" metadata (题注, subtitle, 落款 …)
	FieldYear           = "y"    // the document's year, "YYYY", when its date is known, for filters
	FieldTextUnits      = "t1"   // units of the text
	FieldTextBigrams    = "t2"   // bigrams of adjacent units of the text, with positions
	FieldTextWords      = "w"    // gse words of the text
	FieldSectionUnits   = "s1"
	FieldSectionBigrams = "s2"
)

// searchedFields are the fields searches look terms up in, each with its
// token count in [Meta.Tokens].
var searchedFields = []string{FieldTextUnits, FieldTextBigrams, FieldTextWords, FieldSectionUnits, FieldSectionBigrams, FieldDoc, FieldYear}

// SectionSeparator joins the headings of a stored section path.
const SectionSeparator = "\x1f"

// GramFields returns the unit and bigram fields of a searchable part of a
// paragraph: "text" or "section". (Titles are kept once per document; see
// [Index.Titles].)
func GramFields(part string) (units, bigrams string, ok bool) {
	switch part {
	case "text":
		return FieldTextUnits, FieldTextBigrams, true
	case "section":
		return FieldSectionUnits, FieldSectionBigrams, true
	}
	return "", "", false
}

const (
	indexed   = bleveindex.IndexField
	stored    = bleveindex.StoreField
	positions = bleveindex.IndexField | bleveindex.IncludeTermVectors
	// keyword fields hold one term a paragraph, for filters. (Ranking and
	// counting go by the place table, see places.go: no doc values.)
	keyword = bleveindex.IndexField | bleveindex.SkipFreqNorm
)

// fixedTokens is an analyzer that returns tokens computed beforehand, so that
// a paragraph is cut into units and words once, in our own workers.
type fixedTokens analysis.TokenStream

func (f fixedTokens) Analyze([]byte) analysis.TokenStream { return analysis.TokenStream(f) }

// gramTokens returns the unit and bigram tokens of text. Bigrams join two
// units that touch in the text; a bigram is placed at its first unit's
// position, so a keyword of n units is a phrase of n-1 bigrams at
// consecutive positions, and no phrase can span a separator.
func gramTokens(text string) (units, bigrams analysis.TokenStream) {
	var prev segment.Unit
	pos := 0
	for u := range segment.Units(text) {
		pos++
		units = append(units, &analysis.Token{Term: []byte(u.Term), Position: pos, Type: analysis.Ideographic})
		if pos > 1 && segment.Adjacent(prev, u) {
			bigrams = append(bigrams, &analysis.Token{Term: []byte(prev.Term + u.Term), Position: pos - 1, Type: analysis.Double})
		}
		prev = u
	}
	return units, bigrams
}

func wordTokens(words []segment.Token) analysis.TokenStream {
	tokens := make(analysis.TokenStream, len(words))
	for i, w := range words {
		tokens[i] = &analysis.Token{Term: []byte(w.Term), Position: i + 1, Type: analysis.Ideographic}
	}
	return tokens
}

func textField(name string, value string, options bleveindex.FieldIndexingOptions, tokens analysis.TokenStream) *document.TextField {
	return document.NewTextFieldCustom(name, nil, []byte(value), options, fixedTokens(tokens))
}

// paragraphDocument builds the bleve document of one paragraph, or of part
// (from 2) of an overlong one, of the document with key docKey, and adds its
// tokens in each field to tokens (see [Meta.Tokens]).
func paragraphDocument(seg *segment.Segmenter, docKey, year string, p extract.Paragraph, part int, tokens map[string]int) *document.Document {
	id := ParagraphID(docKey, p.N)
	if part > 1 {
		id = partID(docKey, p.N, part)
	}
	doc := document.NewDocument(id)
	units, bigrams := gramTokens(p.Text)
	sectionText := strings.Join(p.Section, "\n")
	if p.Kind != extract.KindBody {
		// A heading belongs to its own section: section:X finds it too.
		sectionText += "\n" + p.Text
	}
	secUnits, secBigrams := gramTokens(sectionText)
	doc.AddField(textField(FieldText, p.Text, stored, nil)).
		AddField(textField(FieldSection, strings.Join(p.Section, SectionSeparator), stored, nil)).
		AddField(textField(FieldKind, kindCode(p.Kind), stored, nil))
	add := func(field string, options bleveindex.FieldIndexingOptions, ts analysis.TokenStream) {
		doc.AddField(textField(field, "", options, ts))
		tokens[field] += len(ts)
	}
	add(FieldDoc, keyword, analysis.TokenStream{{Term: []byte(docKey), Position: 1}})
	add(FieldTextUnits, indexed, units)
	add(FieldTextBigrams, positions, bigrams)
	add(FieldTextWords, indexed, wordTokens(seg.Words(p.Text)))
	add(FieldSectionUnits, indexed, secUnits)
	add(FieldSectionBigrams, positions, secBigrams)
	if year != "" {
		add(FieldYear, keyword, analysis.TokenStream{{Term: []byte(year), Position: 1}})
	}
	return doc
}

func kindCode(k extract.Kind) string {
	switch k {
	case extract.KindTitle:
		return "t"
	case extract.KindHeading:
		return "h"
	case extract.KindMeta:
		return "m"
	}
	return "b"
}

// ParagraphID is the bleve document ID of paragraph n of a document.
func ParagraphID(docKey string, n int) string { return docKey + "/" + strconv.Itoa(n) }

// Year returns the year of a document date ("2024-12-23", "2024-12", "2024"),
// or "" when it has none.
func Year(date string) string {
	if len(date) < 4 {
		return ""
	}
	for _, c := range date[:4] {
		if c < '0' || c > '9' {
			return ""
		}
	}
	return date[:4]
}
