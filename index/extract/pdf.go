package extract

import (
	"bytes"
	"context"
	"fmt"
	"os/exec"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// toolTimeout bounds one run of an external converter (pdftotext, catdoc,
// antiword, soffice), so a file that makes one loop cannot stop a build.
const toolTimeout = 2 * time.Minute

// runTool runs a converter with data on its standard input, or in a
// temporary file when arg "{}" names where it goes, and returns its
// standard output.
func runTool(tool, pkg string, data []byte, args ...string) ([]byte, error) {
	path, err := exec.LookPath(tool)
	if err != nil {
		return nil, &ToolError{Tool: tool, Package: pkg}
	}
	ctx, cancel := context.WithTimeout(context.Background(), toolTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, path, args...)
	cmd.Stdin = bytes.NewReader(data)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		if ctx.Err() != nil {
			return nil, fmt.Errorf("%s took longer than %v: %w", tool, toolTimeout, ErrUnreadable)
		}
		msg := strings.TrimSpace(firstLine(stderr.String()))
		if msg == "" {
			msg = err.Error()
		}
		return nil, fmt.Errorf("%s: %s: %w", tool, msg, ErrBadFile)
	}
	return stdout.Bytes(), nil
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

// readPDF reads a PDF through Poppler's pdftotext (reading order, not
// -layout: on the corpus both keep every clause whole, but -layout sets a
// table row's cells side by side on one padded line). Page headers, footers and page numbers are dropped, lines the
// page wrapped are joined back into paragraphs, and text that comes out
// garbled (fonts without a Unicode map, scans) is an [ErrUnreadable] error.
func readPDF(data []byte) (*reading, error) {
	if !bytes.HasPrefix(bytes.TrimLeft(data[:min(len(data), 1024)], "\x00\t\r\n "), []byte("%PDF")) {
		return nil, fmt.Errorf("pdf: no %%PDF header: %w", ErrBadFile)
	}
	out, err := runTool("pdftotext", "poppler-utils", data, "-enc", "UTF-8", "-eol", "unix", "-", "-")
	if err != nil {
		return nil, err
	}
	if !utf8.Valid(out) {
		out = bytes.ToValidUTF8(out, []byte("\uFFFD"))
	}
	text := string(out)
	if err := checkGarbled(text); err != nil {
		return nil, fmt.Errorf("pdf: %w", err)
	}
	r := &reading{encoding: UTF8}
	for _, p := range pdfParagraphs(text) {
		r.add(p, 0)
	}
	return r, nil
}

// pdfParagraphs turns pdftotext's output (pages separated by form feeds)
// into paragraphs.
func pdfParagraphs(text string) []string {
	pages := strings.Split(strings.TrimRight(text, "\f\n"), "\f")
	lines := make([][]string, len(pages))
	for i, p := range pages {
		lines[i] = strings.Split(p, "\n")
	}
	running := runningLines(lines)
	var kept []string // lines, "" between blocks
	once := map[string]bool{}
	for _, page := range lines {
		kept = append(kept, "")
		for _, l := range page {
			l = closeLetterSpacing(strings.TrimFunc(l, unicode.IsSpace))
			if isPageNumber(l) {
				continue
			}
			if k := pageKey(l); running[k] {
				// A running header or footer is dropped; a table's header
				// row repeated on each page is kept once.
				if once[k] || hanCount(k) < 4 {
					continue
				}
				once[k] = true
			}
			kept = append(kept, l)
		}
	}
	full := fullLines(kept)
	var paras []string
	var cur strings.Builder
	prevFull := false
	for i, l := range kept {
		if l == "" {
			// A blank line or a page break: a paragraph the page broke
			// goes on after it only if the line before was full.
			if !prevFull && cur.Len() > 0 {
				paras = append(paras, cur.String())
				cur.Reset()
			}
			continue
		}
		if cur.Len() > 0 && !(prevFull && !startsBlock(l)) && !startsWithClosing(l) {
			paras = append(paras, cur.String())
			cur.Reset()
		}
		if cur.Len() > 0 && needsSpace(cur.String(), l) {
			cur.WriteByte(' ')
		}
		cur.WriteString(l)
		prevFull = full[i] && !endsParagraph(l)
	}
	if cur.Len() > 0 {
		paras = append(paras, cur.String())
	}
	for i, p := range paras {
		paras[i] = closeLetterSpacing(p) // a number and its counter a line apart
	}
	return paras
}

// runningLines finds page headers and footers: lines (digits aside) that
// stand on at least half of the pages, of a document of three pages or
// more.
func runningLines(pages [][]string) map[string]bool {
	if len(pages) < 3 {
		return nil
	}
	count := map[string]int{}
	for _, page := range pages {
		seen := map[string]bool{}
		for _, l := range page {
			k := pageKey(strings.TrimFunc(l, unicode.IsSpace))
			if k != "" && !seen[k] && utf8.RuneCountInString(k) <= 40 {
				seen[k] = true
				count[k]++
			}
		}
	}
	running := map[string]bool{}
	for k, n := range count {
		if n*2 >= len(pages) && n >= 3 {
			running[k] = true
		}
	}
	return running
}

// pageKey is a line with its digits and spaces removed, so that "第 3 页"
// and "第 4 页" are the same running line.
func pageKey(l string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsDigit(r) || unicode.IsSpace(r) {
			return -1
		}
		return r
	}, l)
}

func hanCount(s string) int {
	n := 0
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			n++
		}
	}
	return n
}

// isPageNumber recognises a page number line: "3", "— 3 —", "–– 1 ––",
// "- 3 -", "第3页", "第 3 页 共 22 页", "3/22", "III".
func isPageNumber(l string) bool {
	if l == "" || !runesAtMost(l, 24) {
		return false
	}
	digits := 0
	for _, r := range l {
		switch {
		case unicode.IsDigit(r):
			digits++
		case unicode.IsSpace(r), strings.ContainsRune("-–—－―‒·•/第页共Pp.,，()（）", r):
		default:
			return isRoman(l)
		}
	}
	return digits > 0 && digits <= 4
}

func isRoman(l string) bool {
	if len(l) > 6 {
		return false
	}
	for _, r := range l {
		if !strings.ContainsRune("IVXivx", r) {
			return false
		}
	}
	return true
}

// closeLetterSpacing removes the single spaces pdftotext leaves between
// the Han characters of letter-spaced and justified lines ("前 言",
// "中 华 人 民 共 和 国") and around numbers with their counters ("2012 年
// 12 月", "21 号"): Chinese puts no spaces between words. A section number
// keeps its space ("7.3 主体").
func closeLetterSpacing(l string) string {
	if !strings.Contains(l, " ") {
		return l
	}
	var b strings.Builder
	rs := []rune(l)
	for i, r := range rs {
		if r == ' ' && i > 0 && i+1 < len(rs) && spaceBetween(rs, i) {
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// spaceBetween reports whether the space at rs[i] is pdftotext's, not the
// text's.
func spaceBetween(rs []rune, i int) bool {
	left, right := rs[i-1], rs[i+1]
	switch {
	case isWide(left) && isWide(right):
		return true
	case isDigit(left) && isCounter(right):
		return true
	case isWide(left) && isDigit(right):
		j := i + 1
		for j < len(rs) && (isDigit(rs[j]) || rs[j] == '.') {
			j++
		}
		if j < len(rs) && rs[j] == ' ' {
			j++
		}
		return j < len(rs) && isCounter(rs[j])
	}
	return false
}

// isCounter reports whether r is a date part or measure word that follows a
// number in Chinese without a space.
func isCounter(r rune) bool {
	return strings.ContainsRune("年月日号时分秒条款项章节页份个人名万亿元次岁届家所件台辆吨亩%％", r)
}

// isWide reports whether r takes two columns: Han, kana, hangul, full-width
// forms and CJK punctuation.
func isWide(r rune) bool {
	return unicode.Is(unicode.Han, r) || (r >= 0x3000 && r <= 0x30FF) || (r >= 0xFF00 && r <= 0xFFEF) ||
		(r >= 0xAC00 && r <= 0xD7AF) || r == '“' || r == '”' || r == '‘' || r == '’' || r == '—' || r == '…'
}

// lineWidth is the width of l in columns, wide characters (see isWide)
// taking two.
func lineWidth(l string) int {
	w := 0
	for _, r := range l {
		if isWide(r) {
			w += 2
		} else {
			w++
		}
	}
	return w
}

// fullLines reports which lines run to the right margin, so that the text
// goes on on the next line: lines at least 12 characters wide and either at
// most two characters narrower than the document's full line (its 90th
// percentile, leaving out tables and URLs that overflow) or at least 80% as
// wide as the widest of the three lines before and after them in the same
// block less a two-character indent, when another of those is too (a column narrower than the page;
// Chinese lines of one width hold different numbers of characters, as
// digits and punctuation are narrower). Short letterhead lines and a lone
// long line stay apart.
func fullLines(lines []string) []bool {
	w := make([]int, len(lines))
	var long []int
	for i, l := range lines {
		w[i] = lineWidth(l)
		if w[i] >= 24 {
			long = append(long, w[i])
		}
	}
	docFull := 1 << 30
	if len(long) >= 10 {
		slices.Sort(long)
		docFull = max(long[len(long)*9/10], 40)
	}
	full := make([]bool, len(lines))
	for i := range lines {
		if w[i] < 24 {
			continue
		}
		if w[i] >= docFull-4 {
			full[i] = true
			continue
		}
		lo, hi := i, i
		for lo > 0 && lo > i-3 && lines[lo-1] != "" {
			lo--
		}
		for hi+1 < len(lines) && hi < i+3 && lines[hi+1] != "" {
			hi++
		}
		// Two characters more for a paragraph's indented first line.
		widest := slices.Max(w[lo:hi+1]) - 4
		if w[i]*5 < widest*4 {
			continue
		}
		for j := lo; j <= hi; j++ {
			if j != i && w[j]*5 >= widest*4 {
				full[i] = true
			}
		}
	}
	return full
}

// endsParagraph reports whether a line ends as a paragraph does.
func endsParagraph(l string) bool {
	r, _ := utf8.DecodeLastRuneInString(l)
	return strings.ContainsRune("。！？!?：:；", r)
}

// startsBlock reports whether a line starts a new paragraph whatever the
// line before: a numbered heading or list item.
func startsBlock(l string) bool {
	if _, _, ok := structural(l); ok {
		return true
	}
	if sectionNumber(l) {
		return true
	}
	rk, _ := numbered(l)
	return rk != rankNone
}

// sectionNumber recognises a standard's section number and list letter at
// the start of a line: "5.1 幅面尺寸", "7.3.5.1 加盖", "a）标准名称".
func sectionNumber(l string) bool {
	i := 0
	for i < len(l) && (l[i] >= '0' && l[i] <= '9' || l[i] == '.' && i > 0) {
		i++
	}
	if i > 0 && i < len(l) && l[i] == ' ' && l[0] != '.' {
		return true
	}
	if len(l) > 1 && l[0] >= 'a' && l[0] <= 'z' {
		return strings.HasPrefix(l[1:], "）") || strings.HasPrefix(l[1:], ")")
	}
	return false
}

// startsWithClosing reports whether a line starts with punctuation that
// never opens a line of Chinese text, so that the line goes on the one
// before.
func startsWithClosing(l string) bool {
	r, _ := utf8.DecodeRuneInString(l)
	return strings.ContainsRune("，。、；：？！）》」』】〕”’,.;:?!)", r)
}

// needsSpace reports whether two joined lines need a space between them:
// only between Latin letters or digits.
func needsSpace(a, b string) bool {
	ra, _ := utf8.DecodeLastRuneInString(a)
	rb, _ := utf8.DecodeRuneInString(b)
	return ra < utf8.RuneSelf && rb < utf8.RuneSelf && ra != '-' && (unicode.IsLetter(ra) || unicode.IsDigit(ra) || ra == ',' || ra == '.') && (unicode.IsLetter(rb) || unicode.IsDigit(rb))
}

// checkGarbled reports text that a converter got wrong: no text at all (a
// scan), many replacement or private-use characters, Latin-1 mojibake of
// GBK bytes ("¹ØÓÚ"), or Han characters that are mostly rare, as code points
// a font's broken Unicode map points to are ("犐犆犛" for "ICS"), where
// common Chinese text keeps to the 3,755 characters of GB 2312's first
// level for more than 95% of its characters. The result wraps
// [ErrUnreadable].
func checkGarbled(text string) error {
	var letters, bad, latin1, han, common int
	for _, r := range text {
		switch {
		case r == utf8.RuneError || (r >= 0xE000 && r <= 0xF8FF) || (r >= 0xF0000):
			bad++
		case r >= 0x80 && r <= 0xFF && r != 0xA0 && r != '·' && r != '×' && r != '°' && r != '±' && r != '§':
			latin1++
		case unicode.Is(unicode.Han, r):
			han++
			if commonHan(r) {
				common++
			}
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			letters++
		}
	}
	total := letters + bad + latin1 + han
	switch {
	case total < 20:
		return fmt.Errorf("no text (scanned pages?): %w", ErrUnreadable)
	case bad*10 > total:
		return fmt.Errorf("garbled text, %d%% replacement or private-use characters (fonts without a Unicode map?): %w", bad*100/total, ErrUnreadable)
	case latin1*5 > total:
		return fmt.Errorf("garbled text, %d%% Latin-1 letters such as ¹ØÓÚ (GBK codes in fonts without a Unicode map): %w", latin1*100/total, ErrUnreadable)
	case han >= 20 && common*100 < han*80:
		return fmt.Errorf("garbled text, only %d%% of its Han characters in common use (fonts with a wrong Unicode map): %w", common*100/han, ErrUnreadable)
	}
	return nil
}
