package extract

import (
	"fmt"
	"strings"
)

// Kind says what part a paragraph plays in its document.
type Kind int

// Paragraph kinds. The zero Kind is not used, so a zero Paragraph is
// recognisably unset.
const (
	KindTitle   Kind = iota + 1 // the document's title
	KindHeading                 // a heading: Markdown, 第X章, 一、, （一）, 1. …
	KindBody                    // text
	// KindMeta is a line that describes the document rather than being part
	// of its text, and fills [Document] fields as well: a law's adoption and
	// amendment history (题注), a speech's subtitle and speaker, a web page's
	// source and date labels, a document number, a signature (落款) and its
	// date. It is searched and shown like text.
	KindMeta
)

func (k Kind) String() string {
	switch k {
	case KindTitle:
		return "title"
	case KindHeading:
		return "heading"
	case KindBody:
		return "body"
	case KindMeta:
		return "meta"
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// Paragraph is one paragraph of a document: a line, or consecutive lines
// that break inside a sentence joined (see [JoinLines]), that is not
// web-page chrome.
type Paragraph struct {
	N       int // 1-based paragraph number within the document (only metadata comes before the title)
	Line    int // 1-based line in the decoded text where the paragraph starts
	EndLine int // the line where it ends: Line unless lines were joined

	// Text is the paragraph's lines, each trimmed of white space (ASCII,
	// U+3000, no-break space, BOM, zero-width characters), joined as
	// [JoinLines] joins them, with a Markdown heading's # markers removed.
	// Each of its lines is otherwise exactly as in the source.
	Text  string
	Kind  Kind
	Level int // heading depth (1 = outermost) for headings, 0 otherwise

	// Section names the headings above this paragraph, outermost first,
	// not including the paragraph itself: each heading's text, or for a
	// run-in heading only its first sentence or clause. Paragraphs under
	// the same headings share one slice, so treat it as read-only.
	Section []string
}

// Document is the structure of one policy document and what it says about
// itself. Every field but Title and Encoding is empty when the document
// does not say.
type Document struct {
	// Title is the title line (lines, when the title is broken over two),
	// made specific when it is generic: a provincial report titled
	// "政府工作报告" whose subtitle names 贵州省 and 2026 is
	// "2026年贵州省政府工作报告". Without a title line it is the file's
	// base name without extension.
	Title string

	// Date is when the document was given, adopted, last amended or signed,
	// as "YYYY-MM-DD", "YYYY-MM" or "YYYY".
	Date string
	// Effective is when it takes effect ("自2024年1月1日起施行"), in the
	// same form.
	Effective string

	Source  string // the publisher a web page names ("来源：解放日报")
	Speaker string // who gave a speech or report

	Issuer string // the issuing body (发文机关): "国务院", "河南省人民代表大会常务委员会"
	Number string // the document number (发文字号): "国发〔2019〕5号", "中华人民共和国国务院令第517号"
	Type   string // the kind of document (文种), from its title: "通知", "条例", "报告", "法" …
	Region string // "全国" for central bodies, else the province ("河南省") and perhaps city ("河南省洛阳市")
	Force  string // legal force (效力级别) of laws: "宪法", "法律", "行政法规", "地方性法规", "司法解释", "部门规章" …
	Status string // "现行有效", "已修改", "已废止" or "失效", where the text says so

	Encoding   Encoding
	Paragraphs []Paragraph
}

// Parse decodes data (see [Decode]) and extracts its structure (see
// [ParseText]). Its errors are those of Decode.
func Parse(name string, data []byte) (*Document, error) {
	text, enc, err := Decode(data)
	if err != nil {
		return nil, err
	}
	doc := ParseText(name, text)
	doc.Encoding = enc
	return doc, nil
}

// ParseText extracts the structure of an already decoded text. name is the
// file's path: its base name without extension is the title when the text
// has none, a date in it ("安全生产法(2021-06-10).md") is the date when the
// text states none, and the folders it names may give the region
// ("河南地方法规") and a law's legal force ("行政法规", "司法解释"). The
// Encoding of the result is [UTF8].
func ParseText(name, text string) *Document {
	p := parser{
		name:    name,
		doc:     &Document{Encoding: UTF8},
		infoEnd: infoEndLine(text),
		pieces:  joinPieces(splitLines(text)),
	}
	p.prescan()
	for i := range p.pieces {
		p.i = i
		p.line(p.pieces[i])
	}
	return p.finish()
}

// How far from the top a law's "<!-- INFO END -->" may be.
const (
	infoLines = 64
	infoBytes = 16 << 10
)

// infoEndLine returns the number of the line that ends a law's adoption and
// amendment lines, or 0.
func infoEndLine(text string) int {
	lines := lineScanner{text: text[:min(len(text), infoBytes)]}
	for {
		line, num, ok := lines.next()
		if !ok || num > infoLines {
			return 0
		}
		if t := trimSpace(line); strings.HasPrefix(t, "<!--") && strings.Contains(t, "INFO END") {
			return num
		}
	}
}

// Where the parser is in a document.
type state int

const (
	stateHead     state = iota // before the title: chrome and metadata
	statePreamble              // after the title, before the text proper: metadata, subtitle, speaker
	stateBody                  // the text proper
)

type openHeading struct {
	rank rank
	text string
}

type parser struct {
	name    string
	doc     *Document
	infoEnd int
	pieces  []piece
	i       int // the piece being read

	// From prescan: the value of each piece's 一、 number (0 if none), and
	// the last piece that may be a heading.
	cnValue     []int
	lastTwo     int // the last piece numbered 二、, or -1
	lastHeading int

	state        state
	footer       bool // a footer marker was seen: ignore the rest
	bodySeen     bool // a paragraph other than the title was kept
	fontGroup    int  // lines a 【字号： … 】 button group may still take
	crumbNext    bool // the next line is a breadcrumb link
	lastCrumb    string
	pending      label // the label line before gave no value: it is on this line
	subtitleOpen bool  // the subtitle broke off before its final 上
	prevMeta     bool  // the line before was metadata
	titleOpen    bool  // the title line before may go on on this line
	titled       bool  // a title line was found
	signature    bool  // a signature (落款) has started

	subtitleDate, infoDate, issuedDate, signDate, statedDate string
	subtitle                                                 string
	info                                                     []string // a law's adoption and amendment lines
	labelTitle, labelIssuer, signIssuer                      string
	role                                                     string // the speaker's role, "福建省人民政府省长"
	onBehalf                                                 string // "中央委员会" of "我代表第十八届中央委员会向大会作报告"
	reported                                                 bool   // and the line says it reports
	effectiveSaid                                            bool   // a paragraph said when the document takes effect

	stack     []openHeading
	section   []string // the texts of stack, shared by paragraphs; nil when stale
	inArticle bool     // a 第X条 is open: numbered lines are its list items
	listRank  rank     // the rank of the list being read, or rankNone
	lastCN    int      // the number of the last 一、 heading
}

// prescan notes what the parser must know ahead: which pieces are numbered
// 一、, 二、 … (to tell "一、一年来工作回顾" from "一、二级海塘") and where the
// last heading may be (to tell closing remarks from the last section).
func (p *parser) prescan() {
	p.cnValue = make([]int, len(p.pieces))
	p.lastHeading, p.lastTwo = -1, -1
	for i, pc := range p.pieces {
		if v, ok := cnCommaValue(pc.text); ok {
			p.cnValue[i] = v
			if v == 2 {
				p.lastTwo = i
			}
		}
		if headingStart(pc.text) {
			p.lastHeading = i
		} else if level, _, ok := markdownHeading(pc.text); ok && level > 1 {
			p.lastHeading = i
		}
	}
}

func (p *parser) line(pc piece) {
	if p.footer {
		return
	}
	t := pc.text
	if strings.HasPrefix(t, "<!--") || isMarkup(t) {
		return
	}
	if _, text, ok := markdownHeading(t); ok && text == "" {
		return
	}
	if p.fontGroup > 0 {
		p.fontGroup--
		if strings.HasSuffix(t, "】") || strings.HasSuffix(t, "]") {
			p.fontGroup = 0
			return
		}
		if runesAtMost(t, 4) {
			return
		}
		p.fontGroup = 0
	}
	if closed, ok := fontSizeGroup(t); ok {
		if !closed {
			p.fontGroup = 8
		}
		return
	}
	if isButton(t) || isPromo(t) {
		return
	}
	if isFooterMarker(t) {
		p.footer = p.bodySeen
		return
	}
	if p.state != stateBody && p.chrome(t) {
		return
	}
	if p.state != stateBody && p.infoEnd > 0 && pc.line < p.infoEnd {
		p.infoLine(pc)
		return
	}
	if p.titleOpen {
		p.titleOpen = false
		if p.titleGoesOn(t) {
			p.extend(pc)
			p.doc.Title = p.doc.Paragraphs[len(p.doc.Paragraphs)-1].Text
			return
		}
	}
	if p.state != stateBody {
		switch p.metadata(pc) {
		case metaKeep:
			p.meta(pc)
			p.prevMeta = true
			return
		case metaExtend:
			p.extend(pc)
			p.prevMeta = true
			return
		case metaDrop:
			return
		}
	}
	if src, ok := parenSource(t); ok {
		p.setSource(src)
		p.meta(pc)
		return
	}
	if p.state == stateBody && p.tail(pc) {
		return
	}
	p.content(pc)
	p.prevMeta = false
}

// chrome recognises site navigation and breadcrumbs before the text proper.
func (p *parser) chrome(t string) bool {
	if isBreadcrumbArrow(t) {
		p.crumbNext = true
		return true
	}
	if p.crumbNext {
		p.crumbNext = false
		if runesAtMost(t, 20) && !endsSentence(t) {
			p.lastCrumb = t
			return true
		}
	}
	if p.lastCrumb != "" {
		last := p.lastCrumb
		p.lastCrumb = ""
		if t == last { // a page repeats its section's name under the breadcrumbs
			return true
		}
	}
	if crumbs, ok := isNav(t); ok {
		p.crumbNext = crumbs
		return true
	}
	return false
}

// infoLine reads a law's adoption and amendment lines, between its title
// and "<!-- INFO END -->": the latest date among them is the document's
// date, a 施行 line's date is when it takes effect.
func (p *parser) infoLine(pc piece) {
	t := pc.text
	if p.state == stateHead {
		if level, text, ok := markdownHeading(t); ok && level == 1 {
			p.title(pc, text)
			return
		}
	}
	if d, ok := findDate(t); ok {
		if isEffectiveLine(t) || strings.HasSuffix(t, "公布施行") || strings.HasSuffix(t, "发布施行") {
			if p.doc.Effective == "" {
				p.doc.Effective = d
			}
		}
		if !isEffectiveLine(t) {
			// "2012年7月9日 最高人民法院……、2012年9月12日最高人民检察院……通过":
			// adopted when the last of them did.
			if d := latestDate(t); d > p.infoDate {
				p.infoDate = d
			}
		}
	}
	p.info = append(p.info, t)
	p.meta(pc)
}

// A metaAction says what to do with a line metadata looked at.
type metaAction int

const (
	metaNone   metaAction = iota // not metadata: text
	metaKeep                     // a metadata paragraph of its own
	metaExtend                   // the rest of the metadata paragraph before
	metaDrop                     // chrome: a page counter and its value
)

// metadata recognises the lines around a title that describe the document
// rather than being part of it, and records what they say.
func (p *parser) metadata(pc piece) metaAction {
	t := pc.text
	if pending := p.pending; pending != labelNone {
		p.pending = labelNone
		if a := p.labelValue(pending, t); a != metaNone {
			return a
		}
	}
	if kind, value, ok := labelLine(t); ok {
		if kind == labelDropped {
			if value == "" {
				p.pending = kind
			}
			return metaDrop
		}
		if value == "" {
			p.pending = kind
		} else {
			p.labelValue(kind, value)
		}
		return metaKeep
	}
	if d, src, ok := dateLine(unparen(t)); ok {
		p.setStatedDate(d)
		p.setSource(src)
		return metaKeep
	}
	if n, ok := numberLine(t); ok {
		if p.doc.Number == "" {
			p.doc.Number = n
		}
		return metaKeep
	}
	if d, ok := adoptionNote(t); ok && p.state == statePreamble {
		if p.issuedDate == "" {
			p.issuedDate = d
		}
		return metaKeep
	}
	if d, complete, ok := subtitle(t); ok && p.state == statePreamble {
		if p.subtitleDate == "" {
			p.subtitleDate = d
		}
		p.subtitle = t
		p.subtitleOpen = !complete
		return metaKeep
	}
	if p.subtitleOpen {
		p.subtitleOpen = false
		s := strings.TrimRight(t, "）)")
		if runesAtMost(t, 40) && !hasSentenceEnd(t) && strings.HasSuffix(s, "上") {
			p.subtitle += t
			return metaExtend
		}
	}
	if isCaption(t) {
		return metaKeep
	}
	if p.state != statePreamble {
		return metaNone
	}
	if runesAtMost(t, shortLineRunes) && !runesAtMost(t, 1) && strings.Contains(p.doc.Title, t) {
		// The title again, or its short form ("政府工作报告" under
		// "2026年宁夏回族自治区政府工作报告").
		return metaKeep
	}
	if sub, speaker, ok := subtitleSpeaker(t); ok {
		if p.subtitleDate == "" {
			p.subtitleDate = sub
		}
		p.subtitle = t
		p.setSpeaker(speaker)
		return metaKeep
	}
	speaker, ok := speakerLine(t)
	if !ok && p.prevMeta {
		speaker, ok = bareName(t)
	}
	if ok {
		p.setSpeaker(speaker)
		return metaKeep
	}
	return metaNone
}

// labelValue records the value of a label, given on the label's line or
// on the next; it says what to do with a next line, metaNone when the line
// is not the value.
func (p *parser) labelValue(kind label, v string) metaAction {
	switch kind {
	case labelDate, labelIssued, labelEffective:
		d, _, ok := dateLine(v)
		if !ok {
			return metaNone
		}
		switch kind {
		case labelIssued:
			if p.issuedDate == "" {
				p.issuedDate = d
			}
		case labelEffective:
			if p.doc.Effective == "" {
				p.doc.Effective = d
			}
		default:
			p.setStatedDate(d)
		}
	case labelSource:
		if !runesAtMost(v, 30) || endsSentence(v) {
			return metaNone
		}
		p.setSource(v)
	case labelIssuer:
		if !runesAtMost(v, 60) || endsSentence(v) {
			return metaNone
		}
		if p.labelIssuer == "" {
			p.labelIssuer = v
		}
	case labelNumber:
		n, ok := numberLine(v)
		if !ok {
			return metaNone
		}
		if p.doc.Number == "" || p.labelIssuer != "" {
			p.doc.Number = n
		}
	case labelTitle:
		if !runesAtMost(v, 2*shortLineRunes) || hasSentenceEnd(v) {
			return metaNone
		}
		if p.labelTitle == "" {
			p.labelTitle = v
		}
	case labelStatus:
		if s := statusWord(v); s != "" && p.doc.Status == "" {
			p.doc.Status = s
		} else if !runesAtMost(v, 10) {
			return metaNone
		}
	case labelForce:
		if !runesAtMost(v, 10) {
			return metaNone
		}
		if p.doc.Force == "" {
			p.doc.Force = v
		}
	case labelDropped:
		if runesAtMost(v, 20) {
			return metaDrop
		}
		return metaNone
	case labelOther:
		// An empty label ("主 题 词：") may be followed by the title.
		if !runesAtMost(v, 30) || p.labelTitle != "" && strings.HasPrefix(p.labelTitle, v) || docType(v) != "" {
			return metaNone
		}
	}
	return metaExtend
}

// parenSource recognises "（来源：青海日报）" on a line of its own.
func parenSource(t string) (string, bool) {
	inner := unparen(t)
	if inner == t {
		return "", false
	}
	kind, value, ok := labelLine(inner)
	return value, ok && kind == labelSource && value != ""
}

func (p *parser) setStatedDate(d string) {
	if p.statedDate == "" {
		p.statedDate = d
	}
}

func (p *parser) setSource(s string) {
	if p.doc.Source == "" && s != "" {
		p.doc.Source = s
	}
}

// setSpeaker records a speaker line "福建省人民政府省长 赵龙".
func (p *parser) setSpeaker(s string) {
	if p.doc.Speaker != "" {
		return
	}
	p.doc.Speaker = s
	if role, _, ok := strings.Cut(s, " "); ok {
		p.role = role
	}
}

// titleGoesOn reports whether a line goes on the title above it: the title
// a label gave ("标　　题：") is the two joined, or the title names no kind of
// document and this short line ends with one ("国务院关于……全面推行" "部门联合……
// 监管的意见").
func (p *parser) titleGoesOn(t string) bool {
	title := p.doc.Title
	if p.labelTitle != "" {
		return strings.HasPrefix(p.labelTitle, title+t)
	}
	if docType(title) != "" || !runesAtMost(title+t, 2*shortLineRunes) || !p.titleLike(t) {
		return false
	}
	return docType(t) != "" && strings.Contains(title, "关于")
}

// tail recognises the metadata that follows a document's text: its
// signature (落款), the issuing body's name and a date, each on a line of
// its own ("国务院" "2019年1月27日"), and notes such as "（此件公开发布）".
func (p *parser) tail(pc piece) bool {
	t := pc.text
	if isPublicityNote(t) {
		p.meta(pc)
		return true
	}
	if n, ok := numberLine(t); ok {
		if p.doc.Number == "" {
			p.doc.Number = n
		}
		p.meta(pc)
		return true
	}
	if d, src, ok := dateLine(t); ok && src == "" && (p.signature || p.textEnds(p.i+1)) {
		if p.signDate == "" || p.signature {
			p.signDate = d
		}
		p.signature = false
		p.meta(pc)
		return true
	}
	if !isOrganLine(t) {
		return false
	}
	// Organ names, then a date that ends the text.
	for j := p.i + 1; j < len(p.pieces) && j <= p.i+4; j++ {
		next := p.pieces[j].text
		if _, src, ok := dateLine(next); ok && src == "" {
			if !p.textEnds(j + 1) {
				return false
			}
			if !p.signature && p.signIssuer == "" {
				p.signIssuer = t
			}
			p.signature = true
			p.meta(pc)
			return true
		}
		if !isOrganLine(next) {
			return false
		}
	}
	return false
}

// textEnds reports whether piece j and those after it hold no more text:
// it is past the end, or a footer, a note such as "（此件公开发布）", a
// document number or a signature follows.
func (p *parser) textEnds(j int) bool {
	for ; j < len(p.pieces) && j < p.i+8; j++ {
		t := p.pieces[j].text
		switch {
		case isFooterMarker(t) || neverJoined(t):
			return true
		case strings.HasPrefix(t, "附件") && runesAtMost(t, 40):
			return true // the attachments follow the signature
		case isPublicityNote(t), isOrganLine(t):
			continue
		}
		if _, ok := numberLine(t); ok {
			continue
		}
		if _, src, ok := dateLine(t); ok && src == "" {
			continue
		}
		if _, ok := parenSource(t); ok {
			continue
		}
		return false
	}
	return j >= len(p.pieces) || j >= p.i+8
}

// content keeps a line as a paragraph.
func (p *parser) content(pc piece) {
	t := pc.text
	if p.state == stateHead {
		if level, text, ok := markdownHeading(t); ok && level == 1 {
			p.title(pc, text)
			return
		}
		if p.titleLike(t) {
			p.title(pc, t)
			p.titleOpen = true
			return
		}
		p.state = stateBody
	}
	p.bodySeen = true
	kind := p.structure(pc)
	if p.state == statePreamble && (kind == KindHeading || endsSentence(t) || !runesAtMost(t, shortLineRunes)) {
		p.state = stateBody
	}
}

// titleLike reports whether a line at the top of a document can be its
// title: short, not a sentence and not a numbered heading.
func (p *parser) titleLike(t string) bool {
	if !runesAtMost(t, shortLineRunes) || endsSentence(t) {
		return false
	}
	if _, _, ok := structural(t); ok {
		return false
	}
	if r, _ := numbered(t); r != rankNone {
		return false
	}
	_, _, md := markdownHeading(t)
	return !md
}

func (p *parser) title(pc piece, text string) {
	p.doc.Title, p.titled = text, true
	p.emit(pc, Paragraph{Text: text, Kind: KindTitle})
	p.state = statePreamble
}

// structure keeps a line below the title as a heading or body paragraph and
// returns which it was.
func (p *parser) structure(pc piece) Kind {
	t := pc.text
	if level, text, ok := markdownHeading(t); ok {
		p.inArticle, p.listRank = false, rankNone
		p.heading(pc, rank(level), text, text)
		return KindHeading
	}
	if r, article, ok := structural(t); ok {
		p.listRank = rankNone
		if article {
			p.inArticle = true
			p.body(pc)
			return KindBody
		}
		p.inArticle = false
		p.heading(pc, r, t, t)
		return KindHeading
	}
	if r, marker := numbered(t); r != rankNone {
		var list bool
		switch {
		case isAmendment(t[marker:]):
			list = true
		case p.inArticle:
			list = !p.sectionHeading(r, t)
		default:
			list = listItem(t) || p.listRank != rankNone && r >= p.listRank
		}
		if !list && r == rankCNComma && cnEnumeration(t) && !p.sequenceHeading(t) {
			// "一、二级海塘……" counts; it does not number.
			p.listRank = rankNone
			p.body(pc)
			return KindBody
		}
		if list {
			if p.listRank == rankNone || r < p.listRank {
				p.listRank = r
			}
			p.body(pc)
			return KindBody
		}
		p.listRank = rankNone
		p.heading(pc, r, t, headingText(t, marker))
		return KindHeading
	}
	p.listRank = rankNone
	if len(p.stack) > 0 && p.i > p.lastHeading && isSalutation(t) {
		// "各位代表！……" after the last section closes the report: it
		// belongs to no section.
		p.stack, p.section = nil, nil
	}
	p.body(pc)
	return KindBody
}

// sequenceHeading reports whether "一、一年来工作回顾", whose number is
// followed by another, is a heading all the same: it is short, not a
// sentence, and numbered next in sequence, after the heading numbered one
// less or as the first of a sequence that goes on ("二、…" follows later).
func (p *parser) sequenceHeading(t string) bool {
	if !runesAtMost(t, shortLineRunes) || hasSentenceEnd(t) {
		return false
	}
	v := p.cnValue[p.i]
	if v == 0 {
		return false
	}
	if v > 1 && p.lastCN == v-1 {
		return true
	}
	if v != 1 {
		return false
	}
	return p.lastTwo > p.i
}

// sectionHeading reports whether a numbered line inside a law article is
// nevertheless a heading: the next of the numbered headings that group the
// articles ("二、回避" after "一、管辖" and its articles), being of the same
// kind as or an outer kind than one of them, short and not a sentence.
func (p *parser) sectionHeading(r rank, t string) bool {
	if !runesAtMost(t, shortLineRunes) || hasSentenceEnd(t) || listItem(t) {
		return false
	}
	for _, h := range p.stack {
		if h.rank >= rankCNComma && h.rank >= r {
			return true
		}
	}
	return false
}

// close ends the open headings of rank r and deeper.
func (p *parser) close(r rank) {
	n := len(p.stack)
	for n > 0 && p.stack[n-1].rank >= r {
		n--
	}
	if n < len(p.stack) {
		p.stack = p.stack[:n]
		p.section = nil
	}
}

func (p *parser) heading(pc piece, r rank, text, sectionText string) {
	p.close(r)
	if r == rankCNComma {
		p.lastCN = p.cnValue[p.i]
	}
	section := p.sectionPath()
	p.stack = append(p.stack, openHeading{rank: r, text: sectionText})
	p.section = nil
	p.emit(pc, Paragraph{Text: text, Kind: KindHeading, Level: len(p.stack), Section: section})
}

func (p *parser) body(pc piece) {
	if p.doc.Effective == "" && !p.effectiveSaid {
		if d, ok := effectiveDate(pc.text); ok {
			p.doc.Effective, p.effectiveSaid = d, true
		}
	}
	if len(p.doc.Paragraphs) < 16 && p.onBehalf == "" {
		if who := onBehalfOf(pc.text); who != "" {
			p.onBehalf, p.reported = who, strings.Contains(pc.text, "报告")
		}
	}
	p.emit(pc, Paragraph{Text: pc.text, Kind: KindBody, Section: p.sectionPath()})
}

// meta keeps a line as a metadata paragraph.
func (p *parser) meta(pc piece) {
	var section []string
	if p.state == stateBody && !p.signature && !p.textEnds(p.i+1) {
		section = p.sectionPath()
	}
	p.emit(pc, Paragraph{Text: pc.text, Kind: KindMeta, Section: section})
}

// extend appends a line to the paragraph before: a label's value, the end
// of a subtitle or title broken over two lines.
func (p *parser) extend(pc piece) {
	n := len(p.doc.Paragraphs)
	if n == 0 {
		p.meta(pc)
		return
	}
	last := &p.doc.Paragraphs[n-1]
	last.Text += joinSeparator(last.Text, pc.text) + pc.text
	last.EndLine = pc.end
}

func (p *parser) sectionPath() []string {
	if len(p.stack) == 0 {
		return nil
	}
	if p.section == nil {
		p.section = make([]string, len(p.stack))
		for i, h := range p.stack {
			p.section[i] = h.text
		}
	}
	return p.section
}

func (p *parser) emit(pc piece, para Paragraph) {
	para.N = len(p.doc.Paragraphs) + 1
	para.Line, para.EndLine = pc.line, pc.end
	p.doc.Paragraphs = append(p.doc.Paragraphs, para)
}

func (p *parser) finish() *Document {
	d := p.doc
	if d.Title == "" {
		d.Title = baseTitle(p.name)
	}
	nameDate, _ := findDate(baseTitle(p.name))
	for _, date := range []string{p.subtitleDate, p.infoDate, p.issuedDate, p.signDate, p.statedDate, nameDate, titleYear(d.Title)} {
		if date != "" {
			d.Date = date
			break
		}
	}
	if d.Speaker == "" {
		d.Speaker = speakerFromTitle(d.Title)
	}
	p.official()
	return d
}
