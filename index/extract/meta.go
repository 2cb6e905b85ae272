package extract

import (
	"fmt"
	"path"
	"strings"
	"unicode"
	"unicode/utf8"
)

// digitValue returns the value of an ASCII, full-width or Chinese digit.
func digitValue(r rune) (int, bool) {
	switch {
	case '0' <= r && r <= '9':
		return int(r - '0'), true
	case '０' <= r && r <= '９':
		return int(r - '０'), true
	}
	if i := strings.IndexRune("〇一二三四五六七八九", r); i >= 0 {
		return i / len("一"), true
	}
	switch r {
	case '○', '零', 'O', 'Ｏ': // "二O二六年" is a common typing of 二〇二六年
		return 0, true
	}
	return 0, false
}

// number reads a 1- or 2-digit number (Arabic, full-width or Chinese: 十二,
// 二十七) at the start of s. It returns the value and its length in bytes.
func number(s string) (val, size int, ok bool) {
	r, n := utf8.DecodeRuneInString(s)
	if isDigit(r) {
		for count := 0; count < 2; count++ {
			r, n := utf8.DecodeRuneInString(s[size:])
			if !isDigit(r) {
				break
			}
			d, _ := digitValue(r)
			val = val*10 + d
			size += n
		}
		return val, size, true
	}
	// Chinese: [一-九]?十?[一-九]? with at least one part.
	if d, isD := digitValue(r); isD && d > 0 {
		val, size = d, n
		r, n = utf8.DecodeRuneInString(s[size:])
	}
	if r == '十' {
		if size == 0 {
			val = 1
		}
		val *= 10
		size += n
		r, n = utf8.DecodeRuneInString(s[size:])
		if d, isD := digitValue(r); isD && d > 0 {
			val += d
			size += n
		}
	}
	return val, size, size > 0
}

// parseDate reads a date at the start of s: "2026-02-09", "2026/2/9",
// "2026.02.09", "2026年2月3日", "2026年02月" or "二〇二六年一月二十七日", in
// ASCII, full-width or Chinese digits. It returns the date as "YYYY-MM-DD"
// or "YYYY-MM" and the number of bytes read.
func parseDate(s string) (date string, size int, ok bool) {
	year, i := 0, 0
	arabic := false
	for count := 0; count < 4; count++ {
		r, n := utf8.DecodeRuneInString(s[i:])
		d, isD := digitValue(r)
		if !isD || (count > 0 && isDigit(r) != arabic) {
			return "", 0, false
		}
		arabic = isDigit(r)
		year = year*10 + d
		i += n
	}
	sep, n := utf8.DecodeRuneInString(s[i:])
	switch sep {
	case '-', '/', '.', '－', '／', '．':
		if !arabic {
			return "", 0, false
		}
		i += n
		month, n, ok := number(s[i:])
		if !ok || !isDigit(firstRune(s[i:])) {
			return "", 0, false
		}
		i += n
		if r, n := utf8.DecodeRuneInString(s[i:]); r == sep {
			i += n
		} else {
			return "", 0, false
		}
		day, n, ok := number(s[i:])
		if !ok || !isDigit(firstRune(s[i:])) {
			return "", 0, false
		}
		i += n
		return formatDate(year, month, day), i, validDate(month, day)
	case '年':
		i += n
		month, n, ok := number(s[i:])
		if !ok || !strings.HasPrefix(s[i+n:], "月") {
			return "", 0, false
		}
		i += n + len("月")
		day, n, ok := number(s[i:])
		if !ok || !strings.HasPrefix(s[i+n:], "日") && !strings.HasPrefix(s[i+n:], "号") {
			return formatDate(year, month, 0), i, validDate(month, 1)
		}
		i += n + len("日")
		return formatDate(year, month, day), i, validDate(month, day)
	}
	return "", 0, false
}

func firstRune(s string) rune {
	r, _ := utf8.DecodeRuneInString(s)
	return r
}

func validDate(month, day int) bool {
	return 1 <= month && month <= 12 && 1 <= day && day <= 31
}

func formatDate(year, month, day int) string {
	if day == 0 {
		return fmt.Sprintf("%04d-%02d", year, month)
	}
	return fmt.Sprintf("%04d-%02d-%02d", year, month, day)
}

// Year returns the year of a document date as [Document].Date holds it
// ("2024-12-23", "2024-12", "2024"), or "" when it has none.
func Year(date string) string {
	if len(date) < 4 {
		return ""
	}
	for _, c := range date[:4] {
		if c < '0' || c > '9' {
			return ""
		}
	}
	return date[:4]
}

// findDate returns the first date that parseDate finds anywhere in s.
func findDate(s string) (string, bool) {
	for i, r := range s {
		if _, ok := digitValue(r); !ok {
			continue
		}
		if date, _, ok := parseDate(s[i:]); ok {
			return date, true
		}
	}
	return "", false
}

// skipTime skips a time of day at the start of s ("09:02:33", "07时41分").
func skipTime(s string) (rest string, ok bool) {
	_, n, ok := number(s)
	if !ok || !isDigit(firstRune(s)) {
		return s, false
	}
	rest = s[n:]
	switch {
	case strings.HasPrefix(rest, ":"), strings.HasPrefix(rest, "："):
		for strings.HasPrefix(rest, ":") || strings.HasPrefix(rest, "：") {
			_, size := utf8.DecodeRuneInString(rest)
			_, n, ok := number(rest[size:])
			if !ok {
				return s, false
			}
			rest = rest[size+n:]
		}
		return rest, true
	case strings.HasPrefix(rest, "时"):
		rest = rest[len("时"):]
		if _, n, ok := number(rest); ok && strings.HasPrefix(rest[n:], "分") {
			rest = rest[n+len("分"):]
			if _, n, ok := number(rest); ok && strings.HasPrefix(rest[n:], "秒") {
				rest = rest[n+len("秒"):]
			}
		}
		return rest, true
	}
	return s, false
}

// dateLine recognises a line that is only a date, perhaps with a time of day
// and, after a numeric date, a short source name: "2024-12-23 华博范文网",
// "2026-02-03 09:02:33", "2026年02月10日 07时41分".
func dateLine(line string) (date, source string, ok bool) {
	date, n, ok := parseDate(line)
	if !ok {
		return "", "", false
	}
	numeric := !strings.Contains(line[:n], "年")
	rest := trimSpace(line[n:])
	if r, timed := skipTime(rest); timed {
		rest = trimSpace(r)
	}
	if rest == "" {
		return date, "", true
	}
	if numeric && runesAtMost(rest, 20) && !hasPunct(rest) {
		if _, v, ok := labelLine(rest); ok {
			return date, v, true
		}
		return date, rest, true
	}
	return "", "", false
}

// hasPunct reports whether s holds punctuation other than the separators
// found in names (· and spaces).
func hasPunct(s string) bool {
	for _, r := range s {
		if r == '·' || r == '•' || r == '・' {
			continue
		}
		if unicode.IsPunct(r) || unicode.IsSymbol(r) {
			return true
		}
	}
	return false
}

type label int

const (
	labelNone      label = iota
	labelSource          // 来源
	labelDate            // 时间, 发布日期: when a page was published
	labelIssued          // 成文日期: when the document was signed
	labelEffective       // 施行日期
	labelIssuer          // 发文机关
	labelNumber          // 发文字号
	labelTitle           // 标题
	labelStatus          // 时效性
	labelForce           // 效力级别
	labelOther           // 作者, 索引号, 主题分类 …: kept, not recorded
	labelDropped         // 阅读量 …: chrome, dropped with its value
)

// labelLine recognises "来源：解放日报", "时间：2026-02-09", "发文字号：国发〔2019〕5号"
// and their relatives, the label perhaps spaced out ("标　　题："). value is
// empty when the value is on the next line.
func labelLine(line string) (kind label, value string, ok bool) {
	head := prefixRunes(line, 10) // the longest label, its spacing and its colon
	i := strings.IndexAny(head, ":：")
	if i < 0 {
		return labelNone, "", false
	}
	name, value := line[:i], line[i+utf8.RuneLen(firstRune(line[i:])):]
	name = strings.Map(func(r rune) rune {
		if isSpace(r) {
			return -1
		}
		return r
	}, name)
	switch name {
	case "来源", "稿件来源", "信息来源", "文章来源", "新闻来源", "出处":
		kind = labelSource
	case "时间", "发布时间", "发表时间", "发布日期", "日期", "更新时间", "公布日期", "公布时间":
		kind = labelDate
	case "成文日期", "成文时间", "印发日期", "发文日期":
		kind = labelIssued
	case "施行日期", "实施日期", "生效日期", "施行时间":
		kind = labelEffective
	case "发文机关", "发布机关", "制定机关", "颁布机关", "发文单位", "发布单位":
		kind = labelIssuer
	case "发文字号", "文号", "发文号":
		kind = labelNumber
	case "标题", "名称", "文件名称":
		kind = labelTitle
	case "时效性", "效力状态", "时效状态", "有效性":
		kind = labelStatus
	case "效力级别", "效力层级", "法律效力位阶":
		kind = labelForce
	case "作者", "索引号", "主题分类", "主题词", "分类", "体裁分类", "组配分类", "公文种类", "服务对象":
		kind = labelOther
	case "阅读量", "浏览次数", "点击数", "访问量", "阅读次数", "浏览量", "点击量":
		kind = labelDropped
	default:
		return labelNone, "", false
	}
	return kind, trimSpace(value), true
}

// subtitle recognises the line under a speech's title that says when and
// where it was given: "——2026年2月3日在上海市第十六届人民代表大会第四次会议上",
// "（2026年1月27日在贵州省……会议上）", "——在中国共产党第十九次全国代表大会上的报告".
// complete is false when the line breaks off before its final 上.
func subtitle(line string) (date string, complete, ok bool) {
	dashed := false
	s := strings.TrimLeftFunc(line, func(r rune) bool {
		if r == '—' || r == '─' || r == '－' || r == '-' || r == '–' || r == '―' {
			dashed = true
			return true
		}
		return false
	})
	s = strings.TrimPrefix(strings.TrimPrefix(s, "（"), "(")
	s = strings.TrimSuffix(strings.TrimSuffix(s, "）"), ")")
	s = trimSpace(s)
	if !runesAtMost(s, 80) || hasSentenceEnd(s) {
		return "", false, false
	}
	if d, n, isDate := parseDate(s); isDate {
		date, s = d, trimSpace(s[n:])
	}
	if !strings.HasPrefix(s, "在") {
		return "", false, false
	}
	complete = strings.HasSuffix(s, "上") || strings.HasSuffix(s, "上的讲话") ||
		strings.HasSuffix(s, "上的报告") || strings.HasSuffix(s, "上的致辞") ||
		strings.HasSuffix(s, "上的发言")
	if !complete && !(dashed && date != "") {
		return "", false, false
	}
	return date, complete, true
}

// subtitleSpeaker recognises a subtitle and a speaker line run together:
// "2026年1月27日在陕西省第十四届人民代表大会第四次会议上 陕西省省长 赵刚".
func subtitleSpeaker(line string) (date, speaker string, ok bool) {
	if !runesAtMost(line, 100) {
		return "", "", false
	}
	for i, r := range line {
		if r != ' ' && r != '\u3000' {
			continue
		}
		d, complete, isSub := subtitle(trimSpace(line[:i]))
		if !isSub || !complete {
			continue
		}
		if speaker, ok := speakerLine(trimSpace(line[i:])); ok {
			return d, speaker, true
		}
	}
	return "", "", false
}

// speakerLine recognises a line naming the speaker under a speech's title:
// a role and a name set apart by white space ("上海市市长 龚 正",
// "省长　王予波", "自治区主席 艾尔肯·吐尼亚孜"). It returns the role and the
// name with the spacing that pads short names taken out: "上海市市长 龚正".
func speakerLine(line string) (string, bool) {
	if !runesAtMost(line, 30) {
		return "", false
	}
	i := strings.IndexFunc(line, isSpace)
	if i <= 0 {
		return "", false
	}
	role := line[:i]
	if !allHan(role, nil) || !hasRoleSuffix(role) {
		return "", false
	}
	name, ok := personName(line[i:], 10)
	if !ok {
		return "", false
	}
	return role + " " + name, true
}

// personName returns s without spaces when it is a name: two to max Han
// characters, perhaps with the middle dot of transcribed names.
func personName(s string, max int) (string, bool) {
	if !runesAtMost(s, 3*max) {
		return "", false
	}
	name := strings.Map(func(r rune) rune {
		if isSpace(r) {
			return -1
		}
		return r
	}, s)
	n := utf8.RuneCountInString(name)
	ok := 2 <= n && n <= max && allHan(name, func(r rune) bool { return r == '·' || r == '•' || r == '・' })
	return name, ok
}

func hasRoleSuffix(role string) bool {
	for _, s := range []string{"长", "主席", "书记", "总理", "主任", "委员", "总经理", "总裁", "理事"} {
		if strings.HasSuffix(role, s) {
			return true
		}
	}
	return false
}

// bareName recognises a speaker's name on a line of its own: two to four
// Han characters ("毛伟明", "习　近　平").
func bareName(line string) (string, bool) {
	if isSectionWord(line) {
		return "", false
	}
	return personName(line, 4)
}

// isSectionWord reports whether a short line names a part of a document
// rather than a person.
func isSectionWord(t string) bool {
	switch t {
	case "前言", "序言", "引言", "目录", "附件", "说明", "总则", "附则", "摘要", "正文", "概述", "背景", "结语", "附录":
		return true
	}
	return false
}

// unparen returns s without one pair of enclosing parentheses.
func unparen(s string) string {
	for _, p := range [][2]string{{"（", "）"}, {"(", ")"}} {
		if inner, ok := strings.CutPrefix(s, p[0]); ok {
			if inner, ok := strings.CutSuffix(inner, p[1]); ok {
				return trimSpace(inner)
			}
		}
	}
	return s
}

func allHan(s string, extra func(rune) bool) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !unicode.Is(unicode.Han, r) && (extra == nil || !extra(r)) {
			return false
		}
	}
	return true
}

// speakerFromTitle returns who gave a speech whose title reads
// "<who>在<occasion>上的讲话" (or 致辞, 报告, 发言, 演讲).
func speakerFromTitle(title string) string {
	i := strings.Index(title, "在")
	if i <= 0 {
		return ""
	}
	who := strings.TrimRightFunc(title[:i], func(r rune) bool { return isSpace(r) || r == '：' || r == ':' })
	rest := title[i:]
	j := strings.LastIndex(rest, "上的")
	if who == "" || j < 0 || !runesAtMost(who, 20) || hasPunct(who) {
		return ""
	}
	kind := rest[j+len("上的"):]
	for _, s := range []string{"讲话", "致辞", "报告", "发言", "演讲"} {
		if strings.HasSuffix(kind, s) && runesAtMost(kind, 8) {
			return who
		}
	}
	return ""
}

// titleYear returns the year a title names ("1956年中华人民共和国国务院政府工作报告").
func titleYear(title string) string {
	for i, r := range title {
		if _, ok := digitValue(r); !ok {
			continue
		}
		year, n := 0, 0
		rest := title[i:]
		for n < len(rest) {
			r, size := utf8.DecodeRuneInString(rest[n:])
			d, ok := digitValue(r)
			if !ok {
				break
			}
			year = year*10 + d
			n += size
			if n > 4*utf8.UTFMax {
				break
			}
		}
		if utf8.RuneCountInString(rest[:n]) == 4 && strings.HasPrefix(rest[n:], "年") {
			return fmt.Sprintf("%04d", year)
		}
	}
	return ""
}

// baseTitle is the title of a document that states none: its file name
// without directory and extension.
func baseTitle(name string) string {
	base := path.Base(strings.ReplaceAll(name, `\`, "/"))
	if base == "." || base == "/" {
		return ""
	}
	if ext := path.Ext(base); ext != "" && ext != base && runesAtMost(ext, 6) {
		base = strings.TrimSuffix(base, ext)
	}
	return base
}
