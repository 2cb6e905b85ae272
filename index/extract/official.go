package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// official fills the fields researchers filter by: issuer, document number,
// kind, legal force, region and status, and makes a generic title
// specific. It runs after every line is read.
func (p *parser) official() {
	d := p.doc
	if d.Type == "" {
		d.Type = docType(d.Title)
	}
	if d.Type == "" && p.labelTitle != "" {
		d.Type = docType(p.labelTitle)
	}
	if d.Type == "" {
		d.Type = subtitleType(p.subtitle)
	}
	if d.Type == "" && p.onBehalf != "" && p.reported {
		d.Type = "报告" // "现在，我代表国务院，向大会报告工作"
	}
	if d.Number == "" {
		d.Number = numberFromInfo(p.info)
	}
	if d.Status == "" {
		d.Status = statusWord(bracketedTail(d.Title))
	}
	d.Issuer = p.issuer()
	folderForce, folderRegion := folders(p.name)
	d.Region = p.region(folderRegion)
	d.Issuer = qualify(d.Issuer, d.Region)
	if d.Force == "" {
		d.Force = folderForce
	}
	if d.Force == "" {
		d.Force = p.forceFromText()
	}
	if d.Force == "案例" {
		d.Type = "案例"
	}
	if d.Region == "" && isCentral(d.Issuer, d.Force) {
		d.Region = "全国"
	}
	if p.labelTitle != "" && !p.titled {
		d.Title = p.labelTitle // a 标题 label, and no title line
	}
	d.Title = specificTitle(d.Title, d.Date, d.Region)
}

// issuer returns the issuing body, from the first that names one of: a
// 发文机关 label, the signature, a law's adoption line, the title
// ("国务院关于……的通知"), a government work report's author, an organ given
// as the source.
func (p *parser) issuer() string {
	if p.labelIssuer != "" {
		return p.labelIssuer
	}
	if p.signIssuer != "" {
		return p.signIssuer
	}
	title := p.doc.Title
	if p.labelTitle != "" {
		title = p.labelTitle
	}
	fromTitle := issuerFromTitle(title)
	if s := issuerFromInfo(p.info); s != "" {
		if strings.Contains(fromTitle, "、") && strings.Contains(fromTitle, s) {
			return fromTitle // "最高人民法院、最高人民检察院关于……的解释"
		}
		return s
	}
	if fromTitle != "" {
		return fromTitle
	}
	if p.onBehalf == "中央委员会" {
		return "中国共产党中央委员会"
	}
	if strings.Contains(title, "政府工作报告") {
		if strings.Contains(title, "国务院") {
			return "国务院"
		}
		if prov, _ := provinceAt(p.role); prov != "" {
			if i := strings.Index(p.role, "人民政府"); i > 0 {
				return p.role[:i+len("人民政府")]
			}
		}
		if prov, _ := provinceAt(trimYear(title)); prov != "" {
			return prov + "人民政府"
		}
		if prov, _ := provinceAt(strings.TrimPrefix(subtitleText(p.subtitle), "在")); prov != "" {
			return prov + "人民政府"
		}
	}
	if isOrganName(p.doc.Source) {
		return p.doc.Source
	}
	return ""
}

// issuerFromInfo returns the body a law's first adoption line names:
// "1999年3月26日 河南省第九届人民代表大会常务委员会第八次会议通过" gives
// "河南省人民代表大会常务委员会", "2008年1月31日 中华人民共和国国务院令第517号公布"
// gives "国务院".
func issuerFromInfo(lines []string) string {
	// A line saying who approved ("国务院批准") names the issuer only when
	// no line says who adopted or promulgated.
	if s := issuerFromLines(lines, false); s != "" {
		return s
	}
	return issuerFromLines(lines, true)
}

func issuerFromLines(lines []string, approvals bool) string {
	for _, l := range lines {
		if strings.Contains(l, "批准") != approvals {
			continue
		}
		s := l
		if _, n, ok := parseDate(s); ok {
			s = trimSpace(s[n:])
		}
		s = strings.TrimPrefix(s, "经")
		if s == "" || strings.HasPrefix(s, "《") || isEffectiveLine(l) {
			continue
		}
		if strings.Contains(s, "国务院令") {
			return "国务院"
		}
		cut := len(s)
		for _, w := range []string{"会议", "公告", "令第", "批准", "通过", "公布", "发布", "修正", "修订", "施行", "《", " ", "　"} {
			if i := strings.Index(s, w); i >= 0 && i < cut {
				cut = i
			}
		}
		s = dropOrdinals(s[:cut])
		for _, suffix := range []string{"审判委员会", "检察委员会", "部务", "局务", "委务", "署务", "常务", "主任"} {
			s = strings.TrimSuffix(s, suffix)
		}
		s = dropCountry(s)
		if isOrganName(s) {
			return s
		}
	}
	return ""
}

// dropCountry removes "中华人民共和国" from the front of each organ's name:
// "中华人民共和国国务院、中华人民共和国中央军事委员会" gives "国务院、中央军事委员会".
func dropCountry(s string) string {
	parts := strings.Split(s, "、")
	for i, p := range parts {
		if q := strings.TrimPrefix(p, "中华人民共和国"); q != "" {
			parts[i] = q
		}
	}
	return strings.Join(parts, "、")
}

// latestDate returns the latest date s holds.
func latestDate(s string) string {
	latest := ""
	for i, r := range s {
		if _, ok := digitValue(r); !ok {
			continue
		}
		if i > 0 {
			if _, ok := digitValue(lastRune(s[:i])); ok {
				continue // inside a number
			}
		}
		if d, _, ok := parseDate(s[i:]); ok && d > latest {
			latest = d
		}
	}
	return latest
}

// adoptionNote recognises the note under a resolution's title saying when
// and by whom it was adopted: "（2020年5月28日第十三届全国人民代表大会第三次会议通过）".
func adoptionNote(t string) (string, bool) {
	s := unparen(t)
	if s == t || !runesAtMost(s, 80) {
		return "", false
	}
	d, n, ok := parseDate(s)
	if !ok {
		return "", false
	}
	rest := s[n:]
	for _, w := range []string{"通过", "批准", "公布", "发布", "印发"} {
		if strings.HasSuffix(rest, w) {
			return d, true
		}
	}
	return "", false
}

// onBehalfOf returns who a report is made for: "中央委员会" in
// "现在，我代表第十八届中央委员会向大会作报告。", "国务院" in "我代表国务院，向大会报告工作".
func onBehalfOf(t string) string {
	i := strings.Index(prefixRunes(t, 40), "我代表")
	if i < 0 {
		return ""
	}
	s := dropOrdinals(t[i+len("我代表"):])
	s = strings.TrimPrefix(s, "中国共产党")
	end := strings.IndexAny(s, "，,向")
	if end <= 0 {
		return ""
	}
	s = s[:end]
	if !isOrganName(s) {
		return ""
	}
	return s
}

// dropOrdinals removes "第九届" and, at the end, "第八次" from an organ's name.
func dropOrdinals(s string) string {
	var b strings.Builder
	for {
		i := strings.Index(s, "第")
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		rest := s[i+len("第"):]
		n, c := prefixRun(rest, func(r rune) bool { return isCNDigit(r) || isDigit(r) })
		tail := rest[n:]
		switch {
		case c > 0 && strings.HasPrefix(tail, "届"):
			b.WriteString(s[:i])
			s = tail[len("届"):]
		case c > 0 && strings.HasPrefix(tail, "次"):
			b.WriteString(s[:i])
			return b.String()
		default:
			b.WriteString(s[:i+len("第")])
			s = rest
		}
	}
}

// issuerFromTitle returns the organ a title starts with: "国务院关于……的意见",
// "最高人民法院、最高人民检察院关于……的解释".
func issuerFromTitle(title string) string {
	i := strings.Index(title, "关于")
	if i <= 0 {
		return ""
	}
	s := dropCountry(dropOrdinals(title[:i]))
	s = strings.TrimSuffix(s, "会议")
	if isOrganName(s) {
		return s
	}
	return ""
}

// organSuffixes end the names of state and party organs.
var organSuffixes = []string{
	"国务院", "人民政府", "政府", "办公厅", "办公室", "委员会", "人民代表大会", "人民法院", "人民检察院",
	"部", "局", "署", "厅", "委", "院", "会", "中心", "党委", "中央", "银行", "公署", "常委会", "人大",
}

// isOrganName reports whether s is the name of an organ, or several joined
// by 、 ("最高人民法院、最高人民检察院").
func isOrganName(s string) bool {
	if s == "" || !runesAtMost(s, 60) {
		return false
	}
	for _, part := range strings.Split(s, "、") {
		if !allHan(part, nil) || !runesAtMost(part, 30) || utf8.RuneCountInString(part) < 2 {
			return false
		}
		ok := false
		for _, suffix := range organSuffixes {
			if strings.HasSuffix(part, suffix) {
				ok = true
				break
			}
		}
		if !ok {
			return false
		}
	}
	return true
}

// isOrganLine reports whether a line of a signature names an organ.
func isOrganLine(t string) bool {
	t = strings.Map(func(r rune) rune {
		if isSpace(r) {
			return -1
		}
		return r
	}, t)
	return isOrganName(t) && !isSalutation(t)
}

// isPublicityNote recognises "（此件公开发布）" and its relatives under a
// signature.
func isPublicityNote(t string) bool {
	s := unparen(t)
	return s != t && strings.HasPrefix(s, "此件") && runesAtMost(s, 12)
}

// numberLine recognises a line that is a document number (发文字号), perhaps
// in parentheses: "国发〔2019〕5号", "（国办发[2023]12号）", "中华人民共和国国务院令第
// 517号".
func numberLine(t string) (string, bool) {
	s := unparen(t)
	if !runesAtMost(s, 40) {
		return "", false
	}
	n, i, ok := findNumber(s)
	return n, ok && i == 0 && len(n) == len(s)
}

// findNumber returns the first document number in s and where it starts:
// a 机关代字 of one to twelve Han characters, a year in 〔〕, [], ［］, （）,
// () or 【】, a serial number and 号 ("京政发〔2022〕1号"), or an order's
// number ("国务院令第517号").
func findNumber(s string) (number string, at int, ok bool) {
	for i, open := range s {
		var end int
		switch open {
		case '〔', '[', '［', '(', '（', '【':
			end = yearNumberEnd(s[i:])
		case '令':
			end = orderNumberEnd(s[i:])
		default:
			continue
		}
		if end == 0 {
			continue
		}
		start := i
		count := 0
		for start > 0 && count < 40 {
			r, size := utf8.DecodeLastRuneInString(s[:start])
			// An order may be joint: "中华人民共和国国务院、中华人民共和国中央军事委员会令第234号".
			if !unicode.Is(unicode.Han, r) && !(r == '、' && open == '令') {
				break
			}
			start -= size
			count++
		}
		if count == 0 || open == '令' && count < 2 {
			continue
		}
		return s[start : i+end], start, true
	}
	return "", 0, false
}

// yearNumberEnd reads "〔2019〕5号" at the start of s and returns its length,
// or 0.
func yearNumberEnd(s string) int {
	_, size := utf8.DecodeRuneInString(s)
	i := size
	n, c := prefixRun(s[i:], isDigit)
	if c != 4 {
		return 0
	}
	i += n
	r, size := utf8.DecodeRuneInString(s[i:])
	if !strings.ContainsRune("〕]］)）】", r) {
		return 0
	}
	i += size
	if strings.HasPrefix(s[i:], "第") {
		i += len("第")
	}
	n, c = prefixRun(s[i:], isDigit)
	if c == 0 || c > 6 || !strings.HasPrefix(s[i+n:], "号") {
		return 0
	}
	return i + n + len("号")
}

// orderNumberEnd reads "令第517号" at the start of s and returns its length,
// or 0.
func orderNumberEnd(s string) int {
	rest, ok := strings.CutPrefix(s, "令第")
	if !ok {
		return 0
	}
	n, c := prefixRun(rest, func(r rune) bool { return isDigit(r) || isCNDigit(r) })
	if c == 0 || c > 8 || !strings.HasPrefix(rest[n:], "号") {
		return 0
	}
	return len("令第") + n + len("号")
}

// numberFromInfo returns a document number a law's adoption lines give.
func numberFromInfo(lines []string) string {
	for _, l := range lines {
		if n, _, ok := findNumber(l); ok {
			return n
		}
	}
	return ""
}

// isEffectiveLine reports whether a law's info line says when it takes
// effect ("2021年3月1日 施行") rather than when it was adopted.
func isEffectiveLine(t string) bool {
	if !strings.Contains(t, "施行") && !strings.Contains(t, "生效") {
		return false
	}
	for _, w := range []string{"通过", "修正", "修订", "公布", "发布", "批准", "修改"} {
		if strings.Contains(t, w) {
			return false
		}
	}
	return true
}

// effectiveDate finds when a document takes effect in a paragraph that says
// so of itself: "第六百五十五条 本解释自2021年3月1日起施行。", "本办法自2024年1月1日起实施。".
// ok is true, with no date, for "本决定自公布之日起施行".
func effectiveDate(t string) (string, bool) {
	if r, article, ok := structural(t); ok && article && r == rankNone {
		if i := strings.IndexFunc(t, isSpace); i > 0 {
			t = trimSpace(t[i:])
		} else if i := strings.Index(t, "条"); i > 0 {
			t = t[i+len("条"):]
		}
	} else if r, marker := numbered(t); r != rankNone {
		t = t[marker:] // "五十二、本修正案自2015年11月1日起施行。"
	}
	if !strings.HasPrefix(t, "本") {
		return "", false
	}
	head := strings.Map(func(r rune) rune {
		if isSpace(r) {
			return -1
		}
		return r
	}, prefixRunes(t, 40))
	i := strings.Index(head, "自")
	if i < 0 {
		return "", false
	}
	rest := head[i+len("自"):]
	d, n, ok := parseDate(rest)
	if !ok {
		// "本决定自公布之日起施行": in effect when published. A later
		// paragraph's date is that of a text it quotes.
		return "", strings.Contains(rest, "之日起")
	}
	for _, w := range []string{"起施行", "起实施", "起生效", "起执行", "起试行"} {
		if strings.HasPrefix(rest[n:], w) {
			return d, true
		}
	}
	return "", false
}

// statusWord returns the status a word or a title's bracketed tail states.
func statusWord(s string) string {
	switch {
	case s == "":
		return ""
	case strings.Contains(s, "现行有效"), s == "有效":
		return "现行有效"
	case strings.Contains(s, "已修改"), strings.Contains(s, "已被修改"), strings.Contains(s, "已修订"):
		return "已修改"
	case strings.Contains(s, "废止"):
		return "已废止"
	case strings.Contains(s, "失效"):
		return "失效"
	case strings.Contains(s, "尚未生效"), strings.Contains(s, "未生效"):
		return "尚未生效"
	}
	return ""
}

// bracketedTail returns the text of the parentheses that end s, or "".
func bracketedTail(s string) string {
	if i, n := bracketedTailAt(s); i >= 0 {
		return s[i : len(s)-n]
	}
	return ""
}

// bracketedTailAt returns where the text of the parentheses that end s
// starts and the length of the closing one; -1 when s ends with none.
func bracketedTailAt(s string) (start, closeLen int) {
	for _, p := range [][2]string{{"（", "）"}, {"(", ")"}, {"【", "】"}, {"[", "]"}} {
		if inner, ok := strings.CutSuffix(s, p[1]); ok {
			if i := strings.LastIndex(inner, p[0]); i >= 0 {
				return i + len(p[0]), len(p[1])
			}
			return -1, 0
		}
	}
	return -1, 0
}

// trimBracketedTail removes the parenthesised notes that end a title
// ("（试行）", "（2004年）", "（草案）").
func trimBracketedTail(s string) string {
	for range 3 {
		i, _ := bracketedTailAt(s)
		if i < 0 {
			return s
		}
		_, open := utf8.DecodeLastRuneInString(s[:i])
		s = trimSpace(s[:i-open])
	}
	return s
}

// docTypes are the kinds of document (文种) a title ends with, longest
// first where one ends another; each maps to the kind it counts as.
var docTypes = []struct{ suffix, kind string }{
	{"修正案", "修正案"}, {"法典", "法"}, {"宪法", "法"}, {"条例", "条例"}, {"规定", "规定"}, {"办法", "办法"},
	{"细则", "细则"}, {"规则", "规则"}, {"决定", "决定"}, {"决议", "决议"}, {"意见", "意见"},
	{"通知", "通知"}, {"通报", "通报"}, {"通告", "通告"}, {"公告", "公告"}, {"报告", "报告"},
	{"讲话", "讲话"}, {"致辞", "讲话"}, {"发言", "讲话"}, {"演讲", "讲话"}, {"批复", "批复"},
	{"复函", "函"}, {"函", "函"}, {"答复", "答复"}, {"解释", "解释"}, {"纲要", "纲要"},
	{"规划", "规划"}, {"方案", "方案"}, {"计划", "计划"}, {"命令", "命令"}, {"请示", "请示"},
	{"纪要", "纪要"}, {"议案", "议案"}, {"章程", "章程"}, {"准则", "准则"}, {"守则", "守则"},
	{"标准", "标准"}, {"规范", "规范"}, {"安排", "安排"}, {"公约", "公约"}, {"协定", "协定"}, {"纠纷案", "案例"}, {"法", "法"},
}

// docType returns the kind of document a title names by its last words:
// "国务院关于……的通知" is a 通知, "中华人民共和国安全生产法" a 法,
// "刑法修正案（七）" a 修正案.
func docType(title string) string {
	s := trimBracketedTail(title)
	s = strings.TrimRight(s, "。 ")
	if strings.HasSuffix(s, "案") && strings.Contains(s, "诉") {
		return "案例" // "张某诉某公司买卖合同纠纷案"
	}
	if strings.HasSuffix(s, "协议案") {
		return ""
	}
	for _, t := range docTypes {
		if strings.HasSuffix(s, t.suffix) {
			if t.suffix == "法" {
				before := strings.TrimSuffix(s, "法")
				for _, w := range []string{"方", "做", "说", "想", "看", "司", "执", "违", "立", "守", "用", "算", "书"} {
					if strings.HasSuffix(before, w) {
						return ""
					}
				}
			}
			return t.kind
		}
	}
	return ""
}

// subtitleType returns the kind a speech's subtitle ends with:
// "——在中国共产党第十九次全国代表大会上的报告" is a 报告.
func subtitleType(sub string) string {
	s := subtitleText(sub)
	if i := strings.LastIndex(s, "上的"); i >= 0 {
		return docType(s[i+len("上的"):])
	}
	return ""
}

// subtitleText returns a subtitle without its dashes, brackets and date.
func subtitleText(sub string) string {
	s := strings.TrimLeft(sub, "—─－-–― ")
	s = trimSpace(strings.Trim(s, "（）()"))
	if _, n, ok := parseDate(s); ok {
		s = trimSpace(s[n:])
	}
	return s
}

// folderForces maps the names of the folders laws are kept in (as in
// LawRefBook's collection) to the legal force of what they hold.
var folderForces = map[string]string{
	"宪法": "宪法", "法律": "法律", "宪法相关法": "法律", "民法典": "法律", "民法商法": "法律", "行政法": "法律",
	"经济法": "法律", "社会法": "法律", "刑法": "法律", "诉讼与非诉讼程序法": "法律",
	"行政法规": "行政法规", "监察法规": "监察法规", "司法解释": "司法解释", "部门规章": "部门规章",
	"地方性法规": "地方性法规", "地方政府规章": "地方政府规章", "自治条例和单行条例": "自治条例和单行条例",
	"案例": "案例", "党内法规": "党内法规",
}

// folders returns what the folders of a path say: the legal force of the
// nearest folder named for one, and the province a folder or the file's
// base name names ("河南地方法规", "山东", "福建省.txt").
func folders(name string) (force, region string) {
	parts := strings.Split(strings.ReplaceAll(name, `\`, "/"), "/")
	base := baseTitle(name)
	if prov, n := provinceAt(base); prov != "" && n == len(base) {
		region = prov
	}
	for i := len(parts) - 2; i >= 0 && i >= len(parts)-5; i-- {
		dir := parts[i]
		if dir == "案例" {
			force = "案例" // cases are filed under the law they apply
		}
		if force == "" {
			force = folderForces[dir]
		}
		if region == "" {
			if prov, n := provinceAt(dir); prov != "" && (n == len(dir) || strings.HasPrefix(dir[n:], "地方法规")) {
				region = prov
			}
		}
	}
	return force, region
}

// forceFromText infers a law's legal force from its title, issuer and
// number when no folder says.
func (p *parser) forceFromText() string {
	d := p.doc
	title := trimBracketedTail(d.Title)
	issuer := d.Issuer
	switch {
	case title == "中华人民共和国宪法" || strings.Contains(title, "宪法修正案"):
		return "宪法"
	case strings.HasPrefix(issuer, "最高人民法院") || strings.HasPrefix(issuer, "最高人民检察院"):
		switch d.Type {
		case "解释", "规定", "批复", "决定":
			return "司法解释"
		}
	case strings.HasPrefix(issuer, "全国人民代表大会"):
		switch d.Type {
		case "法", "决定", "修正案":
			return "法律"
		}
	case strings.Contains(d.Number, "国务院令") || issuer == "国务院" && (d.Type == "条例" || d.Type == "规定" || d.Type == "办法" || d.Type == "细则"):
		return "行政法规"
	case strings.HasSuffix(issuer, "人民代表大会常务委员会") || strings.HasSuffix(issuer, "人民代表大会"):
		switch d.Type {
		case "条例", "规定", "办法", "细则", "决定", "规则":
			return "地方性法规"
		}
	case strings.Contains(d.Number, "政府令"):
		return "地方政府规章"
	case strings.HasSuffix(d.Number, "号") && strings.Contains(d.Number, "令第") || strings.Contains(strings.Join(p.info, ""), "部务会议"):
		return "部门规章"
	}
	if d.Type == "法" && strings.HasPrefix(title, "中华人民共和国") {
		return "法律"
	}
	return ""
}

// isCentral reports whether an issuer is a central organ, or a legal force
// one only central organs give.
func isCentral(issuer, force string) bool {
	switch force {
	case "宪法", "法律", "行政法规", "监察法规", "司法解释", "部门规章":
		return true
	}
	for _, s := range []string{"全国人民代表大会", "国务院", "最高人民法院", "最高人民检察院", "中共中央", "中国共产党中央", "国家监察委员会"} {
		if strings.HasPrefix(issuer, s) {
			return true
		}
	}
	return false
}

// region returns the province, and perhaps city, a document is of: from the
// title, the issuer, the subtitle, the speaker's role or the path, in that
// order; the city only from an issuer that names it.
func (p *parser) region(fromPath string) string {
	d := p.doc
	var prov string
	for _, s := range []string{trimYear(d.Title), trimYear(p.labelTitle), d.Issuer, strings.TrimPrefix(subtitleText(p.subtitle), "在"), p.role, p.signIssuer} {
		if prov, _ = provinceAt(s); prov != "" {
			break
		}
	}
	if prov == "" {
		for _, l := range p.info {
			if _, n, ok := parseDate(l); ok {
				if prov, _ = provinceAt(trimSpace(l[n:])); prov != "" {
					break
				}
			}
		}
	}
	if prov == "" {
		prov = fromPath
	}
	city := cityAt(d.Issuer)
	if city == "" {
		for _, l := range p.info {
			if _, n, ok := parseDate(l); ok {
				if city = cityAt(trimSpace(l[n:])); city != "" {
					break
				}
			}
		}
	}
	if city != "" && !strings.HasPrefix(d.Title, city) && !strings.HasPrefix(trimYear(d.Title), city) && !strings.HasPrefix(d.Title, strings.TrimSuffix(city, "市")) {
		city = ""
	}
	switch {
	case city == "" || city == prov:
		return prov
	case prov == "" || strings.HasPrefix(city, prov):
		return city
	}
	return prov + city
}

// trimYear removes a leading "2026年" from a title.
func trimYear(s string) string {
	if y := titleYear(s); y != "" {
		for i, r := range s {
			if r == '年' {
				if i <= 4*utf8.UTFMax && titleYear(s[:i+len("年")]) == y {
					return s[i+len("年"):]
				}
				break
			}
		}
	}
	return s
}

// provinces are the province-level divisions, by full name and short
// name.
var provinces = [][2]string{
	{"北京市", "北京"}, {"天津市", "天津"}, {"上海市", "上海"}, {"重庆市", "重庆"}, {"河北省", "河北"},
	{"山西省", "山西"}, {"辽宁省", "辽宁"}, {"吉林省", "吉林"}, {"黑龙江省", "黑龙江"}, {"江苏省", "江苏"},
	{"浙江省", "浙江"}, {"安徽省", "安徽"}, {"福建省", "福建"}, {"江西省", "江西"}, {"山东省", "山东"},
	{"河南省", "河南"}, {"湖北省", "湖北"}, {"湖南省", "湖南"}, {"广东省", "广东"}, {"海南省", "海南"},
	{"四川省", "四川"}, {"贵州省", "贵州"}, {"云南省", "云南"}, {"陕西省", "陕西"}, {"甘肃省", "甘肃"},
	{"青海省", "青海"}, {"台湾省", "台湾"}, {"内蒙古自治区", "内蒙古"}, {"广西壮族自治区", "广西"},
	{"西藏自治区", "西藏"}, {"宁夏回族自治区", "宁夏"}, {"新疆维吾尔自治区", "新疆"},
	{"香港特别行政区", "香港"}, {"澳门特别行政区", "澳门"},
}

// specialZones maps the special economic zones laws are made for to their
// cities.
var specialZones = map[string][2]string{
	"深圳经济特区": {"广东省", "深圳市"}, "珠海经济特区": {"广东省", "珠海市"},
	"汕头经济特区": {"广东省", "汕头市"}, "厦门经济特区": {"福建省", "厦门市"},
}

// provinceAt returns the province whose name (full or short) starts s, and
// the length of that name in s.
func provinceAt(s string) (string, int) {
	for zone, pc := range specialZones {
		if strings.HasPrefix(s, zone) {
			return pc[0], len(zone)
		}
	}
	for _, p := range provinces {
		if strings.HasPrefix(s, p[0]) {
			return p[0], len(p[0])
		}
	}
	for _, p := range provinces {
		if strings.HasPrefix(s, p[1]) {
			return p[0], len(p[1])
		}
	}
	return "", 0
}

// cityAt returns the city an organ's name starts with ("洛阳市人民代表大会常务
// 委员会" gives "洛阳市"), after its province if it names one.
func cityAt(s string) string {
	for zone, pc := range specialZones {
		if strings.HasPrefix(s, zone) {
			return pc[1]
		}
	}
	prov, n := provinceAt(s)
	rest := s[n:]
	i := strings.Index(rest, "市")
	if i < 0 {
		return ""
	}
	name := rest[:i]
	c := utf8.RuneCountInString(name)
	if c < 2 || c > 4 || !allHan(name, nil) || strings.ContainsAny(name, "省的全各本该城县区") {
		if c == 0 && prov != "" && strings.HasSuffix(prov, "市") {
			return prov
		}
		return ""
	}
	return name + "市"
}

// specificTitle makes a generic report title specific: "政府工作报告" or
// "2026年政府工作报告" of a province becomes "2026年贵州省政府工作报告".
func specificTitle(title, date, region string) string {
	rest := trimYear(title)
	if rest != "政府工作报告" && rest != "工作报告" {
		return title
	}
	prov, n := provinceAt(region)
	if prov == "" || n != len(region) {
		return title
	}
	year := titleYear(title)
	if year == "" {
		year = yearOf(date)
	}
	if year == "" {
		return prov + "政府工作报告"
	}
	return year + "年" + prov + "政府工作报告"
}

func yearOf(date string) string {
	if len(date) >= 4 {
		return date[:4]
	}
	return ""
}

// qualify names the place of an issuer that a signature leaves out:
// "省政府办公厅" of a document of 江西省 is "江西省人民政府办公厅".
func qualify(issuer, region string) string {
	prov, n := provinceAt(region)
	if prov == "" || n != len(region) {
		return issuer
	}
	for _, level := range []string{"省", "自治区", "市"} {
		rest, ok := strings.CutPrefix(issuer, level)
		if !ok || !strings.HasSuffix(prov, level) {
			continue
		}
		if r, ok := strings.CutPrefix(rest, "政府"); ok {
			rest = "人民政府" + r
		}
		if strings.HasPrefix(rest, "人民") || strings.HasPrefix(rest, "委") || strings.HasPrefix(rest, "人大") {
			return prov + rest
		}
	}
	return issuer
}
