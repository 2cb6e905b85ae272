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
	Term       string // the folded form that is indexed
	Han        bool   // a single CJK character rather than a word
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
func Units(text string) iter.Seq[Unit] {
	return func(yield func(Unit) bool) {
		i := 0
		for i < len(text) {
			r, size := utf8.DecodeRuneInString(text[i:])
			f := Fold(r)
			if IsHan(f) {
				if !yield(Unit{Start: i, End: i + size, Term: foldedTerm(text[i:i+size], r == f), Han: true}) {
					return
				}
				i += size
				continue
			}
			if !isWordRune(f) {
				i += size
				continue
			}
			start, same, prev := i, r == f, f
			i += size
			for i < len(text) {
				r, size := utf8.DecodeRuneInString(text[i:])
				f := Fold(r)
				if isWordRune(f) {
					same = same && r == f
					prev = f
					i += size
					continue
				}
				// A joiner continues the word only when a word rune follows it.
				if i+size < len(text) {
					r2, size2 := utf8.DecodeRuneInString(text[i+size:])
					f2 := Fold(r2)
					if isWordRune(f2) && joinsWord(prev, f, f2) {
						same = same && r == f && r2 == f2
						prev = f2
						i += size + size2
						continue
					}
				}
				break
			}
			if !yield(Unit{Start: start, End: i, Term: foldedTerm(text[start:i], same)}) {
				return
			}
		}
	}
}

func foldedTerm(s string, alreadyFolded bool) string {
	if alreadyFolded {
		return s
	}
	return FoldString(s)
}

// UnitSlice returns the units of text as a slice.
func UnitSlice(text string) []Unit {
	var units []Unit
	for u := range Units(text) {
		units = append(units, u)
	}
	return units
}

// Adjacent reports whether b directly follows a in the text, with nothing
// between them.
func Adjacent(a, b Unit) bool { return a.End == b.Start }
