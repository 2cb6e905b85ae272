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
	KindBody                    // everything else
)

func (k Kind) String() string {
	switch k {
	case KindTitle:
		return "title"
	case KindHeading:
		return "heading"
	case KindBody:
		return "body"
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// Paragraph is one non-empty line of a document that is neither web-page
// chrome nor metadata.
type Paragraph struct {
	N    int // 1-based paragraph number within the document (the title is ¶1 when present)
	Line int // 1-based line in the decoded text

	// Text is the line trimmed of white space (ASCII, U+3000, no-break
	// space, BOM, zero-width characters) with a Markdown heading's # markers
	// removed; otherwise exactly as in the source, so always a substring of
	// it.
	Text  string
	Kind  Kind
	Level int // heading depth (1 = outermost) for headings, 0 otherwise

	// Section names the headings above this paragraph, outermost first,
	// not including the paragraph itself: each heading's text, or for a
	// run-in heading only its first sentence or clause. Paragraphs under
	// the same headings share one slice, so treat it as read-only.
	Section []string
}

// Document is the structure of one policy document.
type Document struct {
	Title string // the title line, or the file's base name without extension when there is none

	// Date is when the document was given, adopted or published, as
	// "YYYY-MM-DD", "YYYY-MM" or "YYYY"; empty when neither the text nor the
	// file name states one.
	Date    string
	Source  string // the publisher a web page names ("来源：解放日报"), if any
	Speaker string // who gave a speech or report, if stated

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
// file name: its base name without extension is the title when the text has
// none, and a date in it ("安全生产法(2021-06-10).md") is the date when the
// text states none. The Encoding of the result is [UTF8].
func ParseText(name, text string) *Document {
	p := parser{
		name:    name,
		doc:     &Document{Encoding: UTF8},
		infoEnd: infoEndLine(text),
	}
	lines := lineScanner{text: text}
	for {
		line, num, ok := lines.next()
		if !ok {
			break
		}
		p.line(line, num)
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

// maxSectionRunes bounds a heading's text in the Section of the paragraphs
// under it; real headings are far shorter.
const maxSectionRunes = 200

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
	state   state

	footer       bool // a footer marker was seen: ignore the rest
	bodySeen     bool // a paragraph other than the title was kept
	fontGroup    int  // lines a 【字号： … 】 button group may still take
	crumbNext    bool // the next line is a breadcrumb link
	lastCrumb    string
	pending      label // the label line before gave no value: it is on this line
	subtitleOpen bool  // the subtitle broke off before its final 上
	prevMeta     bool  // the line before was metadata

	subtitleDate, infoDate, statedDate string

	stack     []openHeading
	section   []string // the texts of stack, shared by paragraphs; nil when stale
	inArticle bool     // a 第X条 is open: numbered lines are its list items
	listRank  rank     // the rank of the list being read, or rankNone
}

func (p *parser) line(raw string, num int) {
	if p.footer {
		return
	}
	t := trimSpace(raw)
	if t == "" || strings.HasPrefix(t, "<!--") || isMarkup(t) {
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
	if p.state != stateBody && p.infoEnd > 0 && num < p.infoEnd {
		p.info(t, num)
		return
	}
	if p.state != stateBody && p.metadata(t) {
		p.prevMeta = true
		return
	}
	if src, ok := parenSource(t); ok {
		if p.doc.Source == "" {
			p.doc.Source = src
		}
		return
	}
	p.content(t, num)
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

// info reads a law's adoption and amendment lines, between its title and
// "<!-- INFO END -->": the latest date among them is the document's date.
func (p *parser) info(t string, num int) {
	if p.state == stateHead {
		if level, text, ok := markdownHeading(t); ok && level == 1 {
			p.title(text, num)
			return
		}
	}
	if d, ok := findDate(t); ok && d > p.infoDate {
		p.infoDate = d
	}
}

// metadata recognises the lines around a title that describe the document
// rather than being part of it, and records what they say.
func (p *parser) metadata(t string) bool {
	if pending := p.pending; pending != labelNone {
		p.pending = labelNone
		switch pending {
		case labelDate:
			if d, _, ok := dateLine(t); ok {
				p.setStatedDate(d)
				return true
			}
		case labelSource:
			if runesAtMost(t, 30) && !endsSentence(t) {
				p.setSource(t)
				return true
			}
		case labelOther:
			if runesAtMost(t, 20) {
				return true
			}
		}
	}
	if kind, value, ok := labelLine(t); ok {
		switch {
		case value == "":
			p.pending = kind
		case kind == labelSource:
			p.setSource(value)
		case kind == labelDate:
			if d, _, ok := dateLine(value); ok {
				p.setStatedDate(d)
			}
		}
		return true
	}
	if d, src, ok := dateLine(unparen(t)); ok {
		p.setStatedDate(d)
		p.setSource(src)
		return true
	}
	if d, complete, ok := subtitle(t); ok && p.state == statePreamble {
		if p.subtitleDate == "" {
			p.subtitleDate = d
		}
		p.subtitleOpen = !complete
		return true
	}
	if p.subtitleOpen {
		p.subtitleOpen = false
		s := strings.TrimRight(t, "）)")
		if runesAtMost(t, 40) && !hasSentenceEnd(t) && strings.HasSuffix(s, "上") {
			return true
		}
	}
	if isCaption(t) {
		return true
	}
	if p.state != statePreamble {
		return false
	}
	if runesAtMost(t, shortLineRunes) && !runesAtMost(t, 1) && strings.Contains(p.doc.Title, t) {
		// The title again, or its short form ("政府工作报告" under
		// "2026年宁夏回族自治区政府工作报告").
		return true
	}
	if sub, speaker, ok := subtitleSpeaker(t); ok {
		if p.subtitleDate == "" {
			p.subtitleDate = sub
		}
		if p.doc.Speaker == "" {
			p.doc.Speaker = speaker
		}
		return true
	}
	speaker, ok := speakerLine(t)
	if !ok && p.prevMeta {
		speaker, ok = bareName(t)
	}
	if ok {
		if p.doc.Speaker == "" {
			p.doc.Speaker = speaker
		}
		return true
	}
	return false
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
	if p.doc.Source == "" {
		p.doc.Source = s
	}
}

// content keeps a line as a paragraph.
func (p *parser) content(t string, num int) {
	if p.state == stateHead {
		if level, text, ok := markdownHeading(t); ok && level == 1 {
			p.title(text, num)
			return
		}
		if p.titleLike(t) {
			p.title(t, num)
			return
		}
		p.state = stateBody
	}
	p.bodySeen = true
	kind := p.structure(t, num)
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

func (p *parser) title(text string, num int) {
	p.doc.Title = text
	p.emit(Paragraph{Line: num, Text: text, Kind: KindTitle})
	p.state = statePreamble
}

// structure keeps a line below the title as a heading or body paragraph and
// returns which it was.
func (p *parser) structure(t string, num int) Kind {
	if level, text, ok := markdownHeading(t); ok {
		p.inArticle, p.listRank = false, rankNone
		p.heading(rank(level), text, text, num)
		return KindHeading
	}
	if r, article, ok := structural(t); ok {
		p.listRank = rankNone
		if article {
			p.inArticle = true
			p.body(t, num)
			return KindBody
		}
		p.inArticle = false
		p.heading(r, t, t, num)
		return KindHeading
	}
	if r, marker := numbered(t); r != rankNone {
		var list bool
		if p.inArticle {
			list = !p.sectionHeading(r, t)
		} else {
			list = listItem(t) || p.listRank != rankNone && r >= p.listRank
		}
		if list {
			if p.listRank == rankNone || r < p.listRank {
				p.listRank = r
			}
			p.body(t, num)
			return KindBody
		}
		p.listRank = rankNone
		p.heading(r, t, headingText(t, marker), num)
		return KindHeading
	}
	p.listRank = rankNone
	p.body(t, num)
	return KindBody
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

func (p *parser) heading(r rank, text, sectionText string, num int) {
	p.close(r)
	section := p.sectionPath()
	// Every paragraph below is indexed with its section: a heading that is
	// one huge line (a web page's, a PDF's) must not be copied into each.
	sectionText = prefixRunes(sectionText, maxSectionRunes)
	p.stack = append(p.stack, openHeading{rank: r, text: sectionText})
	p.section = nil
	p.emit(Paragraph{Line: num, Text: text, Kind: KindHeading, Level: len(p.stack), Section: section})
}

func (p *parser) body(t string, num int) {
	p.emit(Paragraph{Line: num, Text: t, Kind: KindBody, Section: p.sectionPath()})
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

func (p *parser) emit(para Paragraph) {
	para.N = len(p.doc.Paragraphs) + 1
	p.doc.Paragraphs = append(p.doc.Paragraphs, para)
}

func (p *parser) finish() *Document {
	d := p.doc
	if d.Title == "" {
		d.Title = baseTitle(p.name)
	}
	nameDate, _ := findDate(baseTitle(p.name))
	for _, date := range []string{p.subtitleDate, p.infoDate, p.statedDate, nameDate, titleYear(d.Title)} {
		if date != "" {
			d.Date = date
			break
		}
	}
	if d.Speaker == "" {
		d.Speaker = speakerFromTitle(d.Title)
	}
	return d
}
