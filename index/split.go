package index

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/zhsearch/zhsearch/index/extract"
	"github.com/zhsearch/zhsearch/segment"
)

// maxParagraphBytes bounds one bleve document. A longer paragraph (a file
// that is one huge line) is stored as several parts, cut at sentence ends.
const maxParagraphBytes = 64 << 10

// A part is a paragraph, or part i (from 2) of an overlong one, with the
// part's text as its Text: one bleve document.
type part struct {
	p extract.Paragraph
	i int // 1 for a paragraph or the first part of one
}

// splitParagraphs cuts the paragraphs of a document into parts of at most
// max bytes.
func splitParagraphs(paras []extract.Paragraph, max int) []part {
	parts := make([]part, 0, len(paras))
	for _, p := range paras {
		for i, text := range splitLong(p.Text, max) {
			pp := p
			pp.Text = text
			parts = append(parts, part{p: pp, i: i + 1})
		}
	}
	return parts
}

// partID is the ID of the i-th part (from 2) of an overlong paragraph.
func partID(docKey string, n, i int) string {
	return ParagraphID(docKey, n) + "." + strconv.Itoa(i)
}

// splitLong cuts text into pieces of at most max bytes, at sentence ends
// where it can, else after any punctuation or space, else at a rune boundary.
// A keyword that spans a cut is not found, which is why cuts prefer places no
// ordinary keyword crosses.
func splitLong(text string, max int) []string {
	var parts []string
	for len(text) > max {
		cut := lastCut(text[:max], isSentenceEnd)
		if cut <= 0 {
			cut = lastCut(text[:max], isSeparator)
		}
		if cut <= 0 {
			cut = max
			for !utf8.RuneStart(text[cut]) {
				cut--
			}
		}
		parts = append(parts, text[:cut])
		text = text[cut:]
	}
	return append(parts, text)
}

// lastCut returns the byte offset just after the last rune of s for which
// ok is true, or 0.
func lastCut(s string, ok func(rune) bool) int {
	for i := len(s); i > 0; {
		r, size := utf8.DecodeLastRuneInString(s[:i])
		if ok(r) {
			return i
		}
		i -= size
	}
	return 0
}

func isSentenceEnd(r rune) bool { return strings.ContainsRune("。！？；!?;", r) }

// isSeparator reports whether a cut after r cannot split a unit: r is not
// part of one, nor an ignorable character that units are read across.
func isSeparator(r rune) bool {
	if segment.Ignorable(r) {
		return false
	}
	f := segment.Fold(r)
	return !segment.IsHan(f) && !(f < 0x80 && (f >= 'a' && f <= 'z' || f >= '0' && f <= '9'))
}
