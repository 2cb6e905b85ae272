package extract

import (
	"strings"
	"unicode/utf8"
)

// rank orders heading kinds from outermost (smallest) to innermost. A
// heading closes every open heading of the same or a larger rank.
type rank int

// Markdown headings rank 1 to 6 by their number of #; the numbered kinds
// follow. 第X部分 shares the rank of 第X编.
const (
	rankNone       rank = 0
	rankPart       rank = 7  // 第一编, 第一部分
	rankSubPart    rank = 8  // 第一分编
	rankChapter    rank = 9  // 第一章
	rankSection    rank = 10 // 第一节
	rankCNComma    rank = 11 // 一、
	rankCNParen    rank = 12 // （一）
	rankDigitDot   rank = 13 // 1. 1． 1、
	rankDigitParen rank = 14 // （1）
	rankCircled    rank = 15 // ①
)

const (
	// maxSectionDepth bounds len(Paragraph.Section): one open heading per rank.
	maxSectionDepth = int(rankCircled)
	// headingTextRunes is how far a run-in heading's first sentence may reach.
	headingTextRunes = 40
	// shortLineRunes is the length of the longest title or whole-line heading.
	shortLineRunes = 60
	// structuralMaxRunes is the length of the longest 第X章 line whose name is
	// not set off by a space.
	structuralMaxRunes = 40
)

// markdownHeading reports whether line is an ATX heading ("## 第一章 总则")
// and returns its level (the number of #) and its text without the markers.
func markdownHeading(line string) (level int, text string, ok bool) {
	for level < len(line) && line[level] == '#' {
		level++
	}
	if level == 0 || level > 6 {
		return 0, "", false
	}
	rest := line[level:]
	if rest != "" {
		r, size := utf8.DecodeRuneInString(rest)
		if r != ' ' && r != '\t' && r != '\u3000' {
			return 0, "", false
		}
		rest = rest[size:]
	}
	return level, trimSpace(rest), true
}

func isCNDigit(r rune) bool {
	return strings.ContainsRune("一二三四五六七八九十百千零〇○两", r)
}

func isDigit(r rune) bool {
	return '0' <= r && r <= '9' || '０' <= r && r <= '９'
}

// prefixRun returns the length in bytes of the longest prefix of s made of
// runes for which f holds, and how many runes that is.
func prefixRun(s string, f func(rune) bool) (size, count int) {
	for size < len(s) {
		r, n := utf8.DecodeRuneInString(s[size:])
		if !f(r) {
			break
		}
		size += n
		count++
	}
	return size, count
}

// structural recognises 第X编/分编/部分/章/节 and 第X条 at the start of line.
// It returns the rank (rankNone for an article, 第X条) and whether it matched.
func structural(line string) (r rank, article, ok bool) {
	rest, found := strings.CutPrefix(line, "第")
	if !found {
		return rankNone, false, false
	}
	n, count := prefixRun(rest, func(r rune) bool { return isCNDigit(r) || isDigit(r) })
	if count == 0 || count > 6 {
		return rankNone, false, false
	}
	rest = rest[n:]
	var tail string
	switch {
	case strings.HasPrefix(rest, "条"):
		// 第X条 starts an article whatever follows; 第X条之一 too.
		return rankNone, true, true
	case strings.HasPrefix(rest, "分编"):
		r, tail = rankSubPart, rest[len("分编"):]
	case strings.HasPrefix(rest, "部分"):
		r, tail = rankPart, rest[len("部分"):]
	case strings.HasPrefix(rest, "编"):
		r, tail = rankPart, rest[len("编"):]
	case strings.HasPrefix(rest, "章"):
		r, tail = rankChapter, rest[len("章"):]
	case strings.HasPrefix(rest, "节"):
		r, tail = rankSection, rest[len("节"):]
	default:
		return rankNone, false, false
	}
	// "第一章 总则" and "第一章" are headings; "第一章总则" only when the line is
	// short and not a sentence, so that "第三章规定的……" stays body text.
	if tail == "" {
		return r, false, true
	}
	first, _ := utf8.DecodeRuneInString(tail)
	if first == ' ' || first == '\t' || first == '\u3000' {
		return r, false, true
	}
	if runesAtMost(line, structuralMaxRunes) && !endsSentence(line) {
		return r, false, true
	}
	return rankNone, false, false
}

// numbered recognises the list-style numbering at the start of line: 一、,
// （一）, 1. 1． 1、, （1）, ① and their variants. It returns the rank and the
// length in bytes of the number (the marker).
func numbered(line string) (r rank, marker int) {
	first, size := utf8.DecodeRuneInString(line)
	switch {
	case first == '(' || first == '（':
		inner := line[size:]
		if n, c := prefixRun(inner, isCNDigit); c > 0 && c <= 4 {
			if m := closeParen(inner[n:]); m > 0 {
				return rankCNParen, size + n + m
			}
		}
		if n, c := prefixRun(inner, isDigit); c > 0 && c <= 3 {
			if m := closeParen(inner[n:]); m > 0 {
				return rankDigitParen, size + n + m
			}
		}
	case isCNDigit(first):
		n, c := prefixRun(line, isCNDigit)
		if c <= 4 && strings.HasPrefix(line[n:], "、") {
			// "一、二级海塘" may count rather than number: see cnEnumeration.
			return rankCNComma, n + len("、")
		}
	case isDigit(first):
		n, c := prefixRun(line, isDigit)
		if c > 3 {
			break
		}
		sep, sepSize := utf8.DecodeRuneInString(line[n:])
		if sep != '.' && sep != '．' && sep != '、' {
			break
		}
		// "1.5亿元" and "3、4月" are numbers, not numbering.
		if next, _ := utf8.DecodeRuneInString(line[n+sepSize:]); isDigit(next) {
			break
		}
		return rankDigitDot, n + sepSize
	case '①' <= first && first <= '⑳':
		return rankCircled, size
	case '⑴' <= first && first <= '⒇':
		return rankDigitParen, size
	case '⒈' <= first && first <= '⒛':
		return rankDigitDot, size
	}
	return rankNone, 0
}

func closeParen(s string) int {
	r, size := utf8.DecodeRuneInString(s)
	if r == ')' || r == '）' {
		return size
	}
	return 0
}

// headingText returns the part of a numbered line that names its section:
// the first sentence when it ends within headingTextRunes runes (a run-in
// heading such as "（一）不断创新，监管取得实效。各县……"), else the whole
// line when it is short and holds no sentence end, else the first clause,
// else the first headingTextRunes runes.
func headingText(line string, marker int) string {
	clause := -1
	count := 0
	for i, r := range line[marker:] {
		count++
		if count > headingTextRunes {
			break
		}
		if isSentenceEnd(r) {
			return line[:marker+i+utf8.RuneLen(r)]
		}
		if clause < 0 && isClauseEnd(r) {
			clause = marker + i
		}
	}
	if runesAtMost(line, shortLineRunes) && !hasSentenceEnd(line) {
		return line
	}
	if clause > 0 {
		return line[:clause]
	}
	return prefixRunes(line, headingTextRunes)
}

func isSentenceEnd(r rune) bool {
	switch r {
	case '。', '！', '？', '!', '?':
		return true
	}
	return false
}

func isClauseEnd(r rune) bool {
	switch r {
	case '，', ',', '：', ':', '；', ';':
		return true
	}
	return false
}

func hasSentenceEnd(s string) bool {
	return strings.ContainsAny(s, "。！？!?")
}

// endsSentence reports whether s ends with punctuation that ends or
// continues a sentence, which a title or a bare heading never does.
func endsSentence(s string) bool {
	r, _ := utf8.DecodeLastRuneInString(s)
	switch r {
	case '。', '！', '？', '；', '：', '，', '、', '!', '?', ';', ':', ',', '…':
		return true
	}
	return false
}

// listItem reports whether a numbered line reads as an item of a list
// rather than a heading: it ends with a semicolon ("（一）救助灾害……；"), or
// its first clause does ("1.发放劳务报酬20亿元以上；扩大……。").
func listItem(s string) bool {
	if strings.HasSuffix(s, "；") || strings.HasSuffix(s, ";") {
		return true
	}
	count := 0
	for _, r := range s {
		switch r {
		case '；', ';':
			return true
		case '。', '！', '？', '!', '?':
			return false
		}
		if count++; count > 4*headingTextRunes {
			break
		}
	}
	return false
}

// cnEnumeration reports whether a 一、 line goes on with another number, so
// that it may count ("一、二级海塘") rather than number a heading ("一、一年来
// 工作回顾"): the parser tells them apart by the sequence of headings.
func cnEnumeration(line string) bool {
	n, _ := prefixRun(line, isCNDigit)
	rest, ok := strings.CutPrefix(line[n:], "、")
	return ok && isCNDigit(firstRune(rest))
}

// cnCommaValue returns the number of a 一、 line: 1 for "一、", 12 for "十二、".
func cnCommaValue(line string) (int, bool) {
	n, c := prefixRun(line, isCNDigit)
	if c == 0 || c > 4 || !strings.HasPrefix(line[n:], "、") {
		return 0, false
	}
	v, size, ok := number(line)
	return v, ok && size == n
}

// isAmendment reports whether the text of a numbered line amends a law
// ("将第五条修改为：……", "在第十条后增加一条，……", "删去第八条。", "本决定自
// 公布之日起施行。"): an item of an amendment, not a heading.
func isAmendment(rest string) bool {
	head := prefixRunes(rest, headingTextRunes)
	if strings.HasPrefix(head, "本修正案") || strings.HasPrefix(head, "本决定") {
		return strings.Contains(head, "施行")
	}
	if !strings.Contains(head, "条") && !strings.Contains(head, "款") {
		return false
	}
	for _, verb := range []string{"将", "在", "删去", "删除", "增加", "增设", "修改", "把"} {
		if !strings.HasPrefix(head, verb) {
			continue
		}
		for _, w := range []string{"修改为", "改为", "修改", "增加", "删去", "删除", "替换为", "增设"} {
			if strings.Contains(head, w) {
				return true
			}
		}
	}
	return false
}

// isSalutation reports whether a paragraph addresses the audience, as the
// closing remarks of a report or speech do ("各位代表！", "同志们，").
func isSalutation(t string) bool {
	for _, s := range []string{"各位代表", "同志们", "各位委员", "女士们、先生们", "朋友们"} {
		if strings.HasPrefix(t, s) {
			return true
		}
	}
	return false
}
