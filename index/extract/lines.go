package extract

import (
	"strings"
	"unicode/utf8"
)

// lineScanner yields the lines of a text, split on \r\n, lone \r and \n,
// with their 1-based numbers.
type lineScanner struct {
	text string
	pos  int // where the next line starts; len(text)+1 after the last
	num  int
	nl   int // the index of the first \n at or after pos, len(text) if none
}

// next returns the next line without its line break. ok is false at the end.
func (s *lineScanner) next() (line string, num int, ok bool) {
	if s.pos > len(s.text) || (s.pos == len(s.text) && s.num > 0) {
		return "", 0, false
	}
	if s.num == 0 || s.nl < s.pos {
		// Remember the next \n, so that a text of lone \r is not searched
		// to its end for every line.
		s.nl = len(s.text)
		if i := strings.IndexByte(s.text[s.pos:], '\n'); i >= 0 {
			s.nl = s.pos + i
		}
	}
	end := s.nl
	if i := strings.IndexByte(s.text[s.pos:end], '\r'); i >= 0 {
		end = s.pos + i
	}
	s.num++
	line = s.text[s.pos:end]
	switch {
	case end == len(s.text):
		s.pos = len(s.text) + 1
	case s.text[end] == '\r' && end+1 < len(s.text) && s.text[end+1] == '\n':
		s.pos = end + 2
	default:
		s.pos = end + 1
	}
	return line, s.num, true
}

// isSpace reports whether r is trimmed from the ends of lines: ASCII white
// space, the ideographic space U+3000, no-break space, and the byte order
// mark and zero-width characters that web pages leave behind.
func isSpace(r rune) bool {
	switch r {
	case ' ', '\t', '\v', '\f', '\u3000', '\u00a0', '\ufeff', '\u200b', '\u200c', '\u200d', '\u2060':
		return true
	}
	return false
}

func trimSpace(s string) string {
	return strings.TrimFunc(s, isSpace)
}

// runesAtMost reports whether s has at most n runes, without counting all of
// a long s.
func runesAtMost(s string, n int) bool {
	if len(s) <= n {
		return true
	}
	if len(s) > n*utf8.UTFMax {
		return false
	}
	return utf8.RuneCountInString(s) <= n
}

// prefixRunes returns the first n runes of s.
func prefixRunes(s string, n int) string {
	for i := range s {
		if n == 0 {
			return s[:i]
		}
		n--
	}
	return s
}
