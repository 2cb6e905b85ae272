package extract

import (
	"strings"
	"unicode/utf8"
)

// lineScanner yields the lines of a text, split on \r\n, lone \r and \n,
// with their 1-based numbers.
type lineScanner struct {
	text string
	pos  int
	num  int
}

// next returns the next line without its line break. ok is false at the end.
func (s *lineScanner) next() (line string, num int, ok bool) {
	if s.pos > len(s.text) || (s.pos == len(s.text) && s.num > 0) {
		return "", 0, false
	}
	rest := s.text[s.pos:]
	// Two IndexByte calls beat one IndexAny: they run in assembly.
	i := strings.IndexByte(rest, '\n')
	search := rest
	if i >= 0 {
		search = rest[:i]
	}
	if j := strings.IndexByte(search, '\r'); j >= 0 {
		i = j
	}
	s.num++
	if i < 0 {
		s.pos = len(s.text) + 1
		return rest, s.num, true
	}
	s.pos += i + 1
	if rest[i] == '\r' && i+1 < len(rest) && rest[i+1] == '\n' {
		s.pos++
	}
	return rest[:i], s.num, true
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
