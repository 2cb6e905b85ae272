package segment

// Ignorable reports whether r is a character that a search ignores, in
// queries and in indexed text alike: Unicode's default ignorable code points
// (Default_Ignorable_Code_Point in DerivedCoreProperties.txt), the
// characters that are invisible where they are not supported and that
// NFKC_Casefold, which Elasticsearch's ICU folding applies, removes. Web
// pages and PDFs put them inside words, so a keyword copied from one, or a
// paragraph indexed from one, would otherwise not match:
//
//   - U+00AD soft hyphen: a hyphenation point, shown only at a line break.
//   - U+034F combining grapheme joiner, U+180B–U+180F Mongolian variation
//     selectors and vowel separator, U+FE00–U+FE0F and U+E0100–U+E01EF
//     variation selectors: they choose a glyph (a Han variant, an emoji's
//     style), not a character.
//   - U+200B zero width space, U+2060 word joiner, U+FEFF byte order mark
//     (zero width no-break space): invisible line-break hints.
//   - U+200C ZWNJ, U+200D ZWJ: shaping hints, meaningless between Han.
//   - U+200E LRM, U+200F RLM, U+061C Arabic letter mark, U+202A–U+202E bidi
//     embeddings and overrides, U+2066–U+2069 bidi isolates: display
//     direction only.
//   - U+2061–U+2064 invisible mathematical operators, U+206A–U+206F
//     deprecated format characters, U+1BCA0–U+1BCA3 shorthand format
//     controls, U+1D173–U+1D17A musical format controls, U+E0001 and
//     U+E0020–U+E007F tags: format controls with no text of their own.
//   - U+115F, U+1160, U+3164, U+FFA0 Hangul fillers and U+17B4, U+17B5
//     Khmer inherent vowels: placeholders with no sound or shape.
//   - The code points Unicode reserves as default ignorable (U+2065,
//     U+FFF0–U+FFF8, the rest of U+E0000–U+E0FFF), so that text from a later
//     Unicode version is treated the same way.
//
// Other format characters (Unicode category Cf) are not ignorable: the
// prepended concatenation marks (U+0600 Arabic number sign…) and the
// interlinear annotation and Egyptian hieroglyph controls are visible or
// delimit text, as Unicode says.
func Ignorable(r rune) bool {
	if r < 0xAD || r >= 0x4E00 && r <= 0x9FFF { // the common case: ASCII and Han
		return false
	}
	switch {
	case r == 0x00AD, r == 0x034F, r == 0x061C,
		r == 0x115F, r == 0x1160, r == 0x17B4, r == 0x17B5,
		r >= 0x180B && r <= 0x180F,
		r >= 0x200B && r <= 0x200F,
		r >= 0x202A && r <= 0x202E,
		r >= 0x2060 && r <= 0x206F,
		r == 0x3164,
		r >= 0xFE00 && r <= 0xFE0F,
		r == 0xFEFF, r == 0xFFA0,
		r >= 0xFFF0 && r <= 0xFFF8,
		r >= 0x1BCA0 && r <= 0x1BCA3,
		r >= 0x1D173 && r <= 0x1D17A,
		r >= 0xE0000 && r <= 0xE0FFF:
		return true
	}
	return false
}
