package extract

import (
	"sort"
	"strings"
	"unicode/utf8"
)

// A piece is one non-empty line of a text, trimmed, or several consecutive
// lines joined because the text broke inside a sentence.
type piece struct {
	text      string
	line, end int  // first and last line, 1-based
	indented  bool // the first line began with white space
	blank     bool // an empty line (or the start of the text) comes before it
}

// maxJoinedLines bounds how many lines one paragraph joins, so that a
// stray 《 cannot swallow a document.
const maxJoinedLines = 200

// splitLines returns the non-empty lines of text, trimmed.
func splitLines(text string) []piece {
	s := lineScanner{text: text}
	var out []piece
	blank := true
	for {
		raw, num, ok := s.next()
		if !ok {
			return out
		}
		t := trimSpace(raw)
		if t == "" {
			blank = true
			continue
		}
		out = append(out, piece{text: t, line: num, end: num, indented: isSpace(firstRune(raw)), blank: blank})
		blank = false
	}
}

// JoinLines joins lines that break inside a sentence into paragraphs and
// returns the paragraphs, each line trimmed of white space and empty lines
// dropped. It is what [ParseText] does to a text before reading its
// structure, for format readers that have lines (a PDF's text lines, a web
// page's <br>-separated runs) and want paragraphs.
//
// A line goes on into the next, with no empty line between, when
//
//   - it ends with an opening bracket or quote (《 “ （ ( ‘ 「 『 〈), or holds
//     a 《 not yet closed and the next line closes it or is a short
//     fragment;
//   - it holds an open “ or （ and the next line closes it, is a short
//     fragment without punctuation ("（PM" "2.5" "）"), or is followed by a
//     line that starts with ” (a quotation broken into lines);
//   - the next line starts with a closing bracket or with punctuation that
//     cannot start a sentence (》 ” ） ， 、 。 ； ： ！ ？);
//   - it ends with ， or 、, or is only a number ("二、", "一是", "（一）"),
//     and the next line is not a numbered heading;
//   - the text is hard-wrapped (at least 40% of its lines are within 10% of
//     one width, as in a PDF extraction), the line reaches that width, and
//     the next line is not a numbered heading and does not start a new
//     indented paragraph (a full line ending a sentence goes on only when
//     the text indents its paragraphs and the next line is not indented).
//
// Headings, list items, signatures and dates are short and end no sentence
// early, so they stay lines of their own. Markdown headings, table rows,
// HTML comments and web-page buttons are never joined. Joined lines are
// concatenated, with a space only between two Latin letters.
func JoinLines(lines []string) []string {
	var ps []piece
	blank := true
	for i, l := range lines {
		t := trimSpace(l)
		if t == "" {
			blank = true
			continue
		}
		ps = append(ps, piece{text: t, line: i + 1, end: i + 1, indented: isSpace(firstRune(l)), blank: blank})
		blank = false
	}
	ps = joinPieces(ps)
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.text
	}
	return out
}

// joinPieces joins the pieces that continue one another (see [JoinLines]).
func joinPieces(ps []piece) []piece {
	w := measureWrap(ps)
	out := ps[:0:0]
	for i := 0; i < len(ps); {
		j := i
		var st brackets
		st.scan(ps[i].text)
		for j+1 < len(ps) && j-i+1 < maxJoinedLines && continues(ps[j], ps[j+1], after(ps, j+2), &st, w) {
			j++
			st.scan(ps[j].text)
		}
		if j == i {
			out = append(out, ps[i])
		} else {
			out = append(out, joinRange(ps[i:j+1]))
		}
		i = j + 1
	}
	return out
}

// joinRange concatenates pieces into one.
func joinRange(ps []piece) piece {
	var b strings.Builder
	n := 0
	for _, p := range ps {
		n += len(p.text) + 1
	}
	b.Grow(n)
	for k, p := range ps {
		if k > 0 {
			b.WriteString(joinSeparator(ps[k-1].text, p.text))
		}
		b.WriteString(p.text)
	}
	first, last := ps[0], ps[len(ps)-1]
	return piece{text: b.String(), line: first.line, end: last.end, indented: first.indented, blank: first.blank}
}

// joinSeparator is what joinRange puts between two joined lines a and b.
func joinSeparator(a, b string) string {
	if isLatinLetter(lastRune(a)) && isLatinLetter(firstRune(b)) {
		return " "
	}
	return ""
}

func isLatinLetter(r rune) bool { return 'a' <= r|0x20 && r|0x20 <= 'z' }

func lastRune(s string) rune {
	r, _ := utf8.DecodeLastRuneInString(s)
	return r
}

// brackets counts the brackets a paragraph being joined has left open.
type brackets struct {
	book, quote, paren int
}

func (b *brackets) scan(s string) {
	for _, r := range s {
		switch r {
		case '《', '〈':
			b.book++
		case '》', '〉':
			b.book = max(0, b.book-1)
		case '“':
			b.quote++
		case '”':
			b.quote = max(0, b.quote-1)
		case '（', '(':
			b.paren++
		case '）', ')':
			b.paren = max(0, b.paren-1)
		}
	}
}

// closesFirst reports whether s, read on its own, closes a bracket of the
// kind open is before opening one, within its first runes.
func closesFirst(s string, open, close rune) bool {
	depth, n := 0, 0
	for _, r := range s {
		if n++; n > shortLineRunes {
			return false
		}
		switch r {
		case open:
			depth++
		case close:
			if depth == 0 {
				return true
			}
			depth--
		}
	}
	return false
}

// fragmentRunes is the length of the longest line that is taken for a
// fragment of a sentence broken inside brackets ("2.5" in "（PM" "2.5" "）").
const fragmentRunes = 12

func isOpener(r rune) bool { return strings.ContainsRune("《“（(‘「『〈", r) }

// startsMidSentence reports whether a line starts with punctuation no
// sentence starts with.
func startsMidSentence(s string) bool {
	return strings.ContainsRune("》”）)’」』〉，、。；：！？,;:!?…", firstRune(s))
}

// after returns piece i, or nil past the end.
func after(ps []piece, i int) *piece {
	if i < len(ps) {
		return &ps[i]
	}
	return nil
}

// continues reports whether piece b goes on the paragraph whose last line is
// a and whose open brackets are st; c is the piece after b, if any.
func continues(a, b piece, c *piece, st *brackets, w wrap) bool {
	if b.blank || neverJoined(a.text) || neverJoined(b.text) {
		return false
	}
	last := lastRune(a.text)
	if isOpener(last) || startsMidSentence(b.text) {
		return true
	}
	if headingStart(b.text) {
		return false
	}
	if st.book > 0 && (closesFirst(b.text, '《', '》') || runesAtMost(b.text, shortLineRunes) && !hasSentenceEnd(b.text)) {
		return true
	}
	fragment := runesAtMost(b.text, fragmentRunes) && !strings.ContainsAny(b.text, "，。；：！？、,;!?“”《》")
	// A quotation broken into lines: the line after b closes it ("说：“" "她"
	// "（指江青）" "算上海帮呢！……。" "”毛主席一再说").
	closedNext := c != nil && !c.blank && strings.HasPrefix(c.text, "”") && runesAtMost(b.text, shortLineRunes)
	if st.quote > 0 && (fragment || closedNext || closesFirst(b.text, '“', '”')) ||
		st.paren > 0 && (fragment || closesFirst(b.text, '（', '）') || closesFirst(b.text, '(', ')')) {
		return true
	}
	if last == '，' || last == '、' || last == ',' || bareNumber(a.text) {
		return true
	}
	if w.width > 0 && displayWidth(a.text, w.width+8) >= w.full() {
		if b.indented && w.indents {
			return false
		}
		return !isSentenceEnd(last) || w.indents
	}
	return false
}

// neverJoined reports whether a line stands alone whatever surrounds it:
// Markdown headings and tables, HTML comments, web-page buttons and
// footers.
func neverJoined(s string) bool {
	switch firstRune(s) {
	case '#', '|', '<':
		return true
	}
	if isMarkup(s) || isButton(s) || isBreadcrumbArrow(s) || isPromo(s) || isFooterMarker(s) {
		return true
	}
	_, isFont := fontSizeGroup(s)
	return isFont
}

// headingStart reports whether a line starts with heading numbering.
func headingStart(s string) bool {
	if _, _, ok := structural(s); ok {
		return true
	}
	r, _ := numbered(s)
	return r != rankNone
}

// bareNumber reports whether a line is only a number that the next line
// goes on from: "二、", "（一）", "1.", "一是", "二要".
func bareNumber(s string) bool {
	if !runesAtMost(s, 6) {
		return false
	}
	if r, marker := numbered(s); r != rankNone && marker == len(s) {
		return true
	}
	rest, ok := strings.CutSuffix(s, "是")
	if !ok {
		rest, ok = strings.CutSuffix(s, "要")
	}
	n, c := prefixRun(rest, isCNDigit)
	return ok && c > 0 && n == len(rest)
}

// wrap describes a hard-wrapped text: width is the display width its full
// lines reach (0 when the text is not hard-wrapped), and indents is true
// when its paragraphs start indented.
type wrap struct {
	width   int
	indents bool
}

// full is the width from which a line is taken to reach the margin.
func (w wrap) full() int { return w.width - w.width/10 - 1 }

// measureWrap finds whether a text is hard-wrapped: at least 40% of its
// lines (and 6) lie within 10% of one width of at least 30 columns, and most
// of those break off mid-sentence.
func measureWrap(ps []piece) wrap {
	const (
		minLines = 6
		minWidth = 30
		maxWidth = 400
	)
	if len(ps) < minLines {
		return wrap{}
	}
	widths := make([]int, 0, len(ps))
	for _, p := range ps {
		if w := displayWidth(p.text, maxWidth+1); w <= maxWidth {
			widths = append(widths, w)
		}
	}
	sort.Ints(widths)
	best, count, lo := 0, 0, 0
	for hi, w := range widths {
		for widths[lo] < w-w/10 {
			lo++
		}
		if n := hi - lo + 1; n >= count {
			best, count = w, n
		}
	}
	if best < minWidth || count < minLines || count*10 < len(ps)*4 {
		return wrap{}
	}
	w := wrap{width: best}
	broken, indented := 0, 0
	for _, p := range ps {
		if p.indented {
			indented++
		}
		if dw := displayWidth(p.text, best+8); dw >= w.full() && !isSentenceEnd(lastRune(p.text)) {
			broken++
		}
	}
	if broken*2 < count {
		return wrap{}
	}
	w.indents = indented*10 >= len(ps) && indented*10 <= len(ps)*6
	return w
}

// displayWidth is the width of s in columns, East Asian characters taking
// two, counted up to limit.
func displayWidth(s string, limit int) int {
	w := 0
	for _, r := range s {
		if r >= 0x1100 {
			w += 2
		} else {
			w++
		}
		if w > limit {
			return w
		}
	}
	return w
}
