package index

import (
	"errors"
	"slices"
	"unicode/utf16"
	"unicode/utf8"
)

// A paragraph's text is stored in the smaller of two encodings, after a
// marker byte: UTF-8 as in the source, or UTF-16 (little-endian), which
// holds a Han character, or a full-width punctuation mark, in 2 bytes
// instead of 3. zap compresses each paragraph's stored fields with snappy
// on their own, which finds almost nothing to gain in short Chinese text:
// UTF-16 makes the stored text of Chinese policy text about a third
// smaller, and decoding it costs a pass over the bytes of the hits shown.
// Both are lossless for valid UTF-8, which is all the index stores (a
// valid UTF-8 string holds no surrogate code point); anything else stays
// UTF-8.
const (
	textUTF8  = 0
	textUTF16 = 1
)

// errStoredText is the error for stored text that no encoding of a valid
// text gives.
var errStoredText = errors.New("stored text is not in a known encoding")

// encodeText returns the stored form of text.
func encodeText(text string) []byte {
	size := 0
	valid := true
	for i := 0; i < len(text); {
		r, n := utf8.DecodeRuneInString(text[i:])
		if r == utf8.RuneError && n == 1 {
			valid = false
			break
		}
		size += 2 * utf16.RuneLen(r)
		i += n
	}
	if !valid || size >= len(text) {
		out := make([]byte, 0, 1+len(text))
		return append(append(out, textUTF8), text...)
	}
	out := make([]byte, 1, 1+size)
	out[0] = textUTF16
	for _, r := range text {
		if r >= 0x10000 {
			hi, lo := utf16.EncodeRune(r)
			out = append(out, byte(hi), byte(hi>>8), byte(lo), byte(lo>>8))
			continue
		}
		out = append(out, byte(r), byte(r>>8))
	}
	return out
}

// appendText appends to dst the text whose stored form is b.
func appendText(dst, b []byte) ([]byte, error) {
	if len(b) == 0 {
		return dst, errStoredText
	}
	switch b[0] {
	case textUTF8:
		return append(dst, b[1:]...), nil
	case textUTF16:
	default:
		return dst, errStoredText
	}
	b = b[1:]
	if len(b)%2 != 0 {
		return dst, errStoredText
	}
	// Each 2 bytes give at most 3 of UTF-8, a surrogate pair's 4 give 4.
	dst = slices.Grow(dst, len(b)/2*3)
	for i := 0; i < len(b); i += 2 {
		r := rune(b[i]) | rune(b[i+1])<<8
		if utf16.IsSurrogate(r) {
			if r >= 0xdc00 || i+3 >= len(b) {
				return dst, errStoredText
			}
			r = utf16.DecodeRune(r, rune(b[i+2])|rune(b[i+3])<<8)
			if r == utf8.RuneError {
				return dst, errStoredText
			}
			i += 2
		}
		dst = utf8.AppendRune(dst, r)
	}
	return dst, nil
}
