package segment

import (
	"unicode"
	"unicode/utf8"
)

// Fold maps a rune to the form that is indexed and searched: full-width ASCII
// (U+FF01–U+FF5E) to half-width, the ideographic space to a space, letters to
// lower case, and traditional characters to simplified ones (OpenCC's t2s
// table, less the characters of the simplified standard set GB 2312; see
// t2s.go), so 國務院 and 国务院 are the same. It maps one rune to one rune, so
// offsets in folded text map back to the original rune for rune.
func Fold(r rune) rune {
	switch {
	case r < 0x80:
		if 'A' <= r && r <= 'Z' {
			return r + ('a' - 'A')
		}
		return r
	case r >= 0xFF01 && r <= 0xFF5E:
		return Fold(r - 0xFEE0)
	case r == 0x3000:
		return ' '
	case r >= 0x4E00 && r <= 0x9FFF: // CJK ideographs have no case
		return simplified(r)
	}
	return simplified(unicode.ToLower(r))
}

// FoldString applies [Fold] to every rune of s and drops the ignorable ones
// (see [Ignorable]): it is how a keyword, a title or a paragraph is compared
// with another. Unlike Fold it can shorten a text by whole runes.
func FoldString(s string) string {
	for i, r := range s {
		if Fold(r) != r || r == utf8.RuneError || Ignorable(r) {
			b := make([]byte, i, len(s))
			copy(b, s[:i])
			for _, r := range s[i:] {
				if !Ignorable(r) {
					b = utf8.AppendRune(b, Fold(r))
				}
			}
			return string(b)
		}
	}
	return s
}
