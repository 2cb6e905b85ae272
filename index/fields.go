package index

import (
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

// fixedTokens is an analyzer that returns tokens computed beforehand, so that
// a paragraph is cut into units and words once, in our own workers.
type fixedTokens analysis.TokenStream

func (f fixedTokens) Analyze([]byte) analysis.TokenStream { return analysis.TokenStream(f) }

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
	units, bigrams := gramTokens(p.Text, seg.SearchWords(p.Text), p.Kind != extract.KindBody)
	secUnits, secBigrams := gramTokens(SectionText(p.Section, p.Text, p.Kind != extract.KindBody), nil, false)
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

// IsHeading reports whether the stored [FieldKind] value kind is that of a
// title or a heading.
func IsHeading(kind string) bool { return kind == "t" || kind == "h" }
