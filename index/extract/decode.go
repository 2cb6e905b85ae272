package extract

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/transform"
)

// Encoding names how a file was encoded.
type Encoding string

// The encodings [Decode] recognises.
const (
	UTF8    Encoding = "utf-8"
	UTF8BOM Encoding = "utf-8-bom"
	GB18030 Encoding = "gb18030"
	UTF16LE Encoding = "utf-16le"
	UTF16BE Encoding = "utf-16be"
)

// Errors that callers may need to tell apart. [Decode] and [Parse] wrap them
// with the byte offset where the input went wrong.
var (
	// ErrBinary: the file holds NUL bytes (or NUL characters in UTF-16), so it
	// is not text.
	ErrBinary = errors.New("binary file")
	// ErrUnknownEncoding: the file is not UTF-8 (with or without BOM), not
	// UTF-16 with a BOM and not clean GB18030.
	ErrUnknownEncoding = errors.New("unknown text encoding")
)

// gbChunk is how many bytes of GB18030 output are decoded per step; it bounds
// the extra memory Decode needs beyond its result.
const gbChunk = 32 << 10

// Decode detects the encoding of data and returns its text as valid UTF-8,
// without any byte order mark.
//
// A UTF-8 or UTF-16 byte order mark decides the encoding. Without one, data
// that is valid UTF-8 is UTF-8; otherwise it must decode as GB18030 (a
// superset of GBK and GB2312) to characters that are neither U+FFFD nor
// control characters other than \t, \n, \r and \f. A NUL byte outside UTF-16
// means the file is binary. Errors wrap [ErrBinary] or [ErrUnknownEncoding]
// and give the byte offset of the first offending byte.
//
// Decode runs in time linear in len(data) and needs memory for its result
// plus a fixed-size buffer.
func Decode(data []byte) (text string, enc Encoding, err error) {
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		body := data[3:]
		if i := bytes.IndexByte(body, 0); i >= 0 {
			return "", UTF8BOM, fmt.Errorf("NUL byte at offset %d: %w", i+3, ErrBinary)
		}
		if i := invalidUTF8(body); i >= 0 {
			return "", UTF8BOM, fmt.Errorf("invalid UTF-8 at byte %d after a UTF-8 BOM: %w", i+3, ErrUnknownEncoding)
		}
		return string(body), UTF8BOM, nil
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}):
		text, err := decodeUTF16(data, false)
		return text, UTF16LE, err
	case bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		text, err := decodeUTF16(data, true)
		return text, UTF16BE, err
	}
	if i := bytes.IndexByte(data, 0); i >= 0 {
		return "", "", fmt.Errorf("NUL byte at offset %d: %w", i, ErrBinary)
	}
	bad := invalidUTF8(data)
	if bad < 0 {
		return string(data), UTF8, nil
	}
	text, gbBad := decodeGB18030(data)
	if gbBad >= 0 {
		return "", "", fmt.Errorf("invalid UTF-8 at byte %d and not GB18030 (bad sequence at byte %d): %w", bad, gbBad, ErrUnknownEncoding)
	}
	return text, GB18030, nil
}

// invalidUTF8 returns the offset of the first byte of data that does not
// start a valid UTF-8 sequence, or -1 when data is valid UTF-8.
func invalidUTF8(data []byte) int {
	if utf8.Valid(data) {
		return -1
	}
	for i := 0; i < len(data); {
		if data[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size == 1 {
			return i
		}
		i += size
	}
	return -1 // not reached: utf8.Valid said there is an invalid byte
}

// decodeUTF16 decodes data, which starts with a 2-byte BOM.
func decodeUTF16(data []byte, bigEndian bool) (string, error) {
	name := "UTF-16LE"
	if bigEndian {
		name = "UTF-16BE"
	}
	if len(data)%2 != 0 {
		return "", fmt.Errorf("%s text has an odd number of bytes (%d): %w", name, len(data), ErrUnknownEncoding)
	}
	unit := func(i int) rune {
		if bigEndian {
			return rune(data[i])<<8 | rune(data[i+1])
		}
		return rune(data[i+1])<<8 | rune(data[i])
	}
	var b strings.Builder
	b.Grow(len(data) / 2 * 3)
	for i := 2; i < len(data); i += 2 {
		r := unit(i)
		switch {
		case r == 0:
			return "", fmt.Errorf("NUL character at offset %d: %w", i, ErrBinary)
		case utf16.IsSurrogate(r):
			if r >= 0xDC00 || i+3 >= len(data) {
				return "", fmt.Errorf("unpaired %s surrogate at byte %d: %w", name, i, ErrUnknownEncoding)
			}
			r2 := unit(i + 2)
			dec := utf16.DecodeRune(r, r2)
			if dec == unicode.ReplacementChar {
				return "", fmt.Errorf("unpaired %s surrogate at byte %d: %w", name, i, ErrUnknownEncoding)
			}
			r = dec
			i += 2
		}
		b.WriteRune(r)
	}
	return b.String(), nil
}

// decodeGB18030 decodes data as GB18030. It returns the text and -1, or ""
// and the offset of the first byte that decodes to U+FFFD or to a control
// character other than \t, \n, \r and \f.
func decodeGB18030(data []byte) (string, int) {
	dec := simplifiedchinese.GB18030.NewDecoder()
	var b strings.Builder
	// Two GB18030 bytes become at most three UTF-8 bytes, four become four.
	b.Grow(len(data) + len(data)/2)
	buf := make([]byte, gbChunk)
	for off := 0; off < len(data); {
		nDst, nSrc, err := dec.Transform(buf, data[off:], true)
		if !cleanText(buf[:nDst]) {
			return "", off + locateBadGB18030(data[off:off+nSrc])
		}
		b.Write(buf[:nDst])
		off += nSrc
		if err != nil && err != transform.ErrShortDst {
			// The GB18030 decoder reports bad input as U+FFFD, never as an
			// error, so this is a broken invariant rather than bad input.
			return "", off
		}
	}
	return b.String(), -1
}

// cleanText reports whether UTF-8 text holds neither U+FFFD nor control
// characters other than \t, \n, \r and \f.
func cleanText(text []byte) bool {
	for _, r := range string(text) {
		if !cleanRune(r) {
			return false
		}
	}
	return true
}

func cleanRune(r rune) bool {
	switch r {
	case '\t', '\n', '\r', '\f':
		return true
	case utf8.RuneError:
		return false
	}
	return !unicode.IsControl(r)
}

// locateBadGB18030 returns the offset in src of the first character that
// decodes to something cleanRune rejects. It decodes one character at a
// time, so it is only used once decoding has already failed.
func locateBadGB18030(src []byte) int {
	dec := simplifiedchinese.GB18030.NewDecoder()
	var dst [utf8.UTFMax]byte
	for off := 0; off < len(src); {
		// A destination exactly as long as the next character's UTF-8 form
		// receives that one character and nothing more.
		var nDst, nSrc int
		for n := 1; n <= len(dst) && nDst == 0; n++ {
			nDst, nSrc, _ = dec.Transform(dst[:n], src[off:], true)
		}
		if nDst == 0 || !cleanText(dst[:nDst]) {
			return off
		}
		off += nSrc
	}
	return 0
}
