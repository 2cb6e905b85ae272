package segment

import (
	"iter"
	"unicode"
	"unicode/utf8"
)

// A Unit is one atom of matching: a Han (or kana, hangul) character, or a word
// of letters and digits.
type Unit struct {
	Start, End int    // byte offsets into the original text
	Term       string // the folded form that is indexed, without ignorable characters
	Han        bool   // a single CJK character rather than a word
	// Ignored is the length in bytes of the ignorable characters (see
	// [Ignorable]) directly before Start: a unit they alone separate from
	// the one before still touches it.
	Ignored int
}

// AllHan reports whether s is not empty and every character of it is one
// IsHan accepts: a word a person types as it is written in Chinese.
func AllHan(s string) bool {
	for _, r := range s {
		if !IsHan(r) {
			return false
		}
	}
	return s != ""
}

// IsHan reports whether r is a character that forms a unit on its own: Han,
// Hiragana, Katakana or Hangul, as bleve's cjk analyzer also treats them.
func IsHan(r rune) bool {
	if r >= 0x4E00 && r <= 0x9FFF {
		return true
	}
	if r < 0x2E80 {
		return false
	}
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul)
}

// isWordRune reports whether a folded rune belongs to a word unit.
func isWordRune(r rune) bool {
	if r < 0x80 {
		return 'a' <= r && r <= 'z' || '0' <= r && r <= '9'
	}
	return (unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)) && !IsHan(r)
}

func isDigit(r rune) bool { return '0' <= r && r <= '9' || r >= 0x80 && unicode.IsDigit(r) }

// joinsWord reports whether the folded rune mid, standing between prev and
// next, keeps one word going, as Unicode word boundaries (UAX #29) do for
// "5.4", "27,203" and "u.s".
func joinsWord(prev, mid, next rune) bool {
	switch mid {
	case '.':
		return isDigit(prev) && isDigit(next) || !isDigit(prev) && !isDigit(next)
	case ',':
		return isDigit(prev) && isDigit(next)
	case '\'', '\u2019':
		return !isDigit(prev) && !isDigit(next)
	}
	return false
}

// Units yields the units of text in order. text must be valid UTF-8.
// Ignorable characters (see [Ignorable]) count for nothing: they separate
// no units and are left out of terms, so "安\u200b全" is two touching units
// and "CO\u00adVID" the one word "covid", whose offsets span the
// characters as written.
func Units(text string) iter.Seq[Unit] {
	return func(yield func(Unit) bool) {
		i := 0
		ignoredFrom := -1 // where the run of ignorable characters before i began
		for i < len(text) {
			r, size := utf8.DecodeRuneInString(text[i:])
			if Ignorable(r) {
				if ignoredFrom < 0 {
					ignoredFrom = i
				}
				i += size
				continue
			}
			ignored := 0
			if ignoredFrom >= 0 {
				ignored, ignoredFrom = i-ignoredFrom, -1
			}
			f := Fold(r)
			if IsHan(f) {
				if !yield(Unit{Start: i, End: i + size, Term: foldedTerm(text[i:i+size], r == f), Han: true, Ignored: ignored}) {
					return
				}
				i += size
				continue
			}
			if !isWordRune(f) {
				i += size
				continue
			}
			// The word ends at end; ignorable characters inside it make
			// same false, so that its term is folded without them.
			start, end, same, prev := i, i+size, r == f, f
			for {
				r, at, size := nextVisible(text, end)
				if at == len(text) {
					break
				}
				f := Fold(r)
				if isWordRune(f) {
					same = same && r == f && at == end
					prev, end = f, at+size
					continue
				}
				// A joiner continues the word only when a word rune follows it.
				r2, at2, size2 := nextVisible(text, at+size)
				if at2 == len(text) {
					break
				}
				f2 := Fold(r2)
				if !isWordRune(f2) || !joinsWord(prev, f, f2) {
					break
				}
				same = same && r == f && r2 == f2 && at == end && at2 == at+size
				prev, end = f2, at2+size2
			}
			if !yield(Unit{Start: start, End: end, Term: foldedTerm(text[start:end], same), Ignored: ignored}) {
				return
			}
			i = end
		}
	}
}

// nextVisible returns the first rune of text at or after i that is not
// ignorable, with its offset and size; the offset is len(text) when there is
// none.
func nextVisible(text string, i int) (r rune, at, size int) {
	for i < len(text) {
		r, size := utf8.DecodeRuneInString(text[i:])
		if !Ignorable(r) {
			return r, i, size
		}
		i += size
	}
	return 0, len(text), 0
}

func foldedTerm(s string, alreadyFolded bool) string {
	if alreadyFolded {
		return s
	}
	return FoldString(s)
}

// Adjacent reports whether b directly follows a in the text, with nothing
// but ignorable characters between them.
func Adjacent(a, b Unit) bool { return a.End == b.Start-b.Ignored }
