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

// tokenArena hands out the tokens of one paragraph and their terms from
// blocks, rather than with two allocations each: a 64 KiB part of a long
// paragraph has some 50,000 tokens. Blocks are never grown in place, so a
// token or a term handed out never moves.
type tokenArena struct {
	tokens []analysis.Token
	bytes  []byte
}

const arenaTokens, arenaBytes = 256, 4096

func (a *tokenArena) token(term []byte, pos int, typ analysis.TokenType) *analysis.Token {
	if len(a.tokens) == 0 {
		a.tokens = make([]analysis.Token, arenaTokens)
	}
	t := &a.tokens[0]
	a.tokens = a.tokens[1:]
	t.Term, t.Position, t.Type = term, pos, typ
	return t
}

// term returns the concatenation of parts as a slice of the arena.
func (a *tokenArena) term(parts ...string) []byte {
	n := 0
	for _, p := range parts {
		n += len(p)
	}
	if cap(a.bytes)-len(a.bytes) < n {
		a.bytes = make([]byte, 0, max(arenaBytes, n))
	}
	start := len(a.bytes)
	for _, p := range parts {
		a.bytes = append(a.bytes, p...)
	}
	return a.bytes[start:len(a.bytes):len(a.bytes)]
}

// gramTokens returns the unit and bigram tokens of text. Bigrams join two
// units that touch in the text; a bigram is placed at its first unit's
// position, so a keyword of n units is a phrase of n-1 bigrams at
// consecutive positions, and no phrase can span a separator.
func gramTokens(a *tokenArena, text string) (units, bigrams analysis.TokenStream) {
	var prev segment.Unit
	pos := 0
	for u := range segment.Units(text) {
		pos++
		units = append(units, a.token(a.term(u.Term), pos, analysis.Ideographic))
		if pos > 1 && segment.Adjacent(prev, u) {
			bigrams = append(bigrams, a.token(a.term(prev.Term, u.Term), pos-1, analysis.Double))
		}
		prev = u
	}
	return units, bigrams
}

func wordTokens(a *tokenArena, words []segment.Token) analysis.TokenStream {
	tokens := make(analysis.TokenStream, len(words))
	for i, w := range words {
		tokens[i] = a.token(a.term(w.Term), i+1, analysis.Ideographic)
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
	var arena tokenArena
	units, bigrams := gramTokens(&arena, p.Text)
	sectionText := strings.Join(p.Section, "\n")
	if p.Kind != extract.KindBody {
		// A heading belongs to its own section: section:X finds it too.
		sectionText += "\n" + p.Text
	}
	secUnits, secBigrams := gramTokens(&arena, sectionText)
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
	add(FieldTextWords, indexed, wordTokens(&arena, seg.Words(p.Text)))
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
