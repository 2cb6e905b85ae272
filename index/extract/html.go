package extract

import (
	"bytes"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html/atom"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/zhsearch/zhsearch/index/extract/internal/html"
	"github.com/zhsearch/zhsearch/index/extract/internal/html/charset"
)

// readHTML reads a saved web page: its charset, the metadata in its <meta>
// tags and gov.cn's 索引号/发文机关/… table, and the lines of its main text.
func readHTML(data []byte) (*reading, error) {
	text, enc, err := decodeHTML(data)
	if err != nil {
		return nil, err
	}
	root, err := html.Parse(strings.NewReader(text))
	if err != nil { // html.Parse fails only on reader errors
		return nil, fmt.Errorf("html: %w", err)
	}
	r := &reading{encoding: enc}
	page := htmlMeta(root)
	r.fields = page.fields
	r.title, r.date, r.source = page.title, page.date, page.source
	body, stats := mainContent(root)
	w := htmlWriter{r: r, stats: stats, title: page.articleTitle}
	w.block(body)
	w.flush()
	joinBrokenTitle(r, r.title)
	if t := page.articleTitle; t != "" {
		// The title the page states heads the text, unless the text
		// starts with it (the title is often outside the text element).
		at := -1
		for i, l := range r.lines[:min(len(r.lines), 5)] {
			if l.text == t {
				at = i
				break
			}
		}
		if at >= 0 {
			r.lines[at].heading = 1
		} else {
			r.lines = append([]line{{text: t, heading: 1}}, r.lines...)
		}
	}
	return r, nil
}

// joinBrokenTitle joins the two lines a title was broken into by <br> at
// the top of the text ("国务院关于在市场监管领域全面推行<br>部门联合……的意见"),
// found by the title the page states in its metas or <title>.
func joinBrokenTitle(r *reading, title string) {
	if title == "" {
		return
	}
	for i := 0; i+1 < len(r.lines) && i < 10; i++ {
		a, b := r.lines[i].text, r.lines[i+1].text
		if strings.Contains(a, title) || strings.Contains(b, title) || !runesAtMost(a+b, 2*shortLineRunes) {
			continue
		}
		if joined := a + b; strings.Contains(joined, title) || strings.Contains(title, joined) && runesAtMost(title, utf8.RuneCountInString(joined)*5/4) {
			r.lines[i].text = joined
			r.lines = append(r.lines[:i+1], r.lines[i+2:]...)
			return
		}
	}
}

// decodeHTML returns a page's text as UTF-8. A byte order mark decides; then
// bytes that are valid UTF-8 are UTF-8 whatever the page declares (a page
// declaring GB2312 whose bytes are UTF-8 is common: the declaration was
// copied from an older template); then the charset the page declares in a
// <meta> tag; then GB18030, which covers GBK and GB2312, as [Decode] checks
// it or with at most 1% of bytes that are not; then windows-1252, as
// browsers do.
func decodeHTML(data []byte) (string, Encoding, error) {
	if bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}) || bytes.HasPrefix(data, []byte{0xFF, 0xFE}) || bytes.HasPrefix(data, []byte{0xFE, 0xFF}) {
		return Decode(data)
	}
	if utf8.Valid(data) {
		return string(data), UTF8, nil
	}
	_, name, _ := charset.DetermineEncoding(data, "text/html")
	if declared := declaredCharset(name); declared != nil {
		if text, err := declared.NewDecoder().String(string(data)); err == nil {
			if name == "gbk" || name == "gb18030" {
				return text, GB18030, nil
			}
			return text, Encoding(name), nil
		}
	}
	if text, enc, err := Decode(data); err == nil {
		return text, enc, nil
	}
	// A GBK page with a few broken bytes (a truncated save, a bad
	// character pasted in) is still a GBK page.
	if text, err := simplifiedchinese.GB18030.NewDecoder().String(string(data)); err == nil &&
		strings.Count(text, "\uFFFD")*100 <= utf8.RuneCountInString(text) {
		return text, GB18030, nil
	}
	text, err := charmap.Windows1252.NewDecoder().String(string(data))
	if err != nil {
		return "", "", fmt.Errorf("html: %w", ErrUnknownEncoding)
	}
	return text, Encoding("windows-1252"), nil
}

// declaredCharset returns the encoding a page declares, or nil when it
// declares none that helps: DetermineEncoding reports windows-1252 both for a
// page that declares nothing and for one that declares Latin-1, and neither
// is right for the Chinese pages zhsearch reads.
func declaredCharset(name string) encoding.Encoding {
	if name == "" || name == "windows-1252" || name == "utf-8" {
		return nil
	}
	e, err := htmlindex.Get(name)
	if err != nil {
		return nil
	}
	return e
}

// pageMeta is what a page says about itself.
type pageMeta struct {
	fields              []Field
	articleTitle        string // from ArticleTitle or the 标题 row: the document's own title
	title, date, source string
}

// Metas worth keeping as fields: Hanweb/TRS content systems' ArticleTitle,
// PubDate, ContentSource, and the common ones.
var htmlMetaNames = map[string]string{
	"articletitle":  "ArticleTitle",
	"pubdate":       "PubDate",
	"contentsource": "ContentSource",
	"columnname":    "ColumnName",
	"sitename":      "SiteName",
	"author":        "Author",
	"keywords":      "Keywords",
	"description":   "Description",
	"firstpubdate":  "FirstPubDate",
	"publishdate":   "PubDate",
	"source":        "Source",
}

// Labels of the table gov.cn and provincial 信息公开 pages show above a
// policy document.
var govLabels = map[string]bool{
	"索引号": true, "主题分类": true, "发文机关": true, "成文日期": true, "标题": true,
	"发文字号": true, "发布日期": true, "主题词": true, "发布机构": true, "公开方式": true,
	"有效性": true, "文号": true, "生效日期": true, "废止日期": true, "信息来源": true,
}

func htmlMeta(root *html.Node) pageMeta {
	var m pageMeta
	values := map[string]string{}
	set := func(name, value string) {
		value = collapseSpace(value)
		if value == "" || values[name] != "" {
			return
		}
		values[name] = value
		m.fields = append(m.fields, Field{Name: name, Value: value})
	}
	var docTitle string
	walk(root, func(n *html.Node) bool {
		switch n.DataAtom {
		case atom.Script, atom.Style:
			return false
		case atom.Title:
			if docTitle == "" {
				docTitle = collapseSpace(textOf(n))
			}
		case atom.Meta:
			if name, ok := htmlMetaNames[strings.ToLower(attr(n, "name"))]; ok {
				set(name, attr(n, "content"))
			}
		case atom.Td, atom.Th:
			label := strings.TrimRight(strings.Join(strings.FieldsFunc(textOf(n), isSpace), ""), "：:")
			if govLabels[label] {
				if v := nextCell(n); v != nil {
					set(label, textOf(v))
				}
			}
		}
		return true
	})
	m.articleTitle = values["ArticleTitle"]
	if m.articleTitle == "" {
		m.articleTitle = values["标题"]
	}
	if m.articleTitle == "" {
		m.articleTitle = headingTitle(root, pageTitle(docTitle))
	}
	m.title = m.articleTitle
	if m.title == "" {
		m.title = pageTitle(docTitle)
	}
	for _, k := range []string{"成文日期", "发布日期", "PubDate", "FirstPubDate"} {
		if d, ok := findDate(values[k]); ok {
			m.date = d
			break
		}
	}
	for _, k := range []string{"ContentSource", "发文机关", "发布机构", "信息来源", "Source"} {
		v := values[k]
		if kind, value, ok := labelLine(v); ok && kind == labelSource {
			v = value // "来源：人民日报"
		}
		if v != "" && runesAtMost(v, 30) {
			m.source = v
			break
		}
	}
	return m
}

// headingTitle returns the text of the first <h1>…<h3> that is the page's
// <title> (less the site's name), which pages without an ArticleTitle meta
// set above their text.
func headingTitle(root *html.Node, title string) string {
	if title == "" {
		return ""
	}
	var found string
	walk(root, func(n *html.Node) bool {
		if found != "" || skipped(n) {
			return false
		}
		if n.DataAtom == atom.H1 || n.DataAtom == atom.H2 || n.DataAtom == atom.H3 {
			if t := collapseSpace(textOf(n)); t == title {
				found = t
			}
			return false
		}
		return true
	})
	return found
}

// pageTitle is the document's part of a <title>: "标题_丽水市人民政府",
// "标题--财经--人民网", "标题 - 中国政府网" → 标题. A bare hyphen or dash
// is not a separator: titles use them ("2023-2025年", "——在……上的讲话").
func pageTitle(t string) string {
	for _, sep := range []string{"_", "--", " - ", " – ", " — ", " | ", "｜"} {
		if i := strings.Index(t, sep); i > 0 {
			t = t[:i]
		}
	}
	return trimSpace(t)
}

func nextCell(n *html.Node) *html.Node {
	for c := n.NextSibling; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && (c.DataAtom == atom.Td || c.DataAtom == atom.Th) {
			return c
		}
	}
	return nil
}

// walk visits n and its descendants in document order; f returns false to
// skip a node's children.
func walk(n *html.Node, f func(*html.Node) bool) {
	if !f(n) {
		return
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		walk(c, f)
	}
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func textOf(n *html.Node) string {
	var b strings.Builder
	walk(n, func(c *html.Node) bool {
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
		}
		return !skipped(c)
	})
	return b.String()
}

// collapseSpace turns each run of white space into one space, as a browser
// shows it, except a run with a line break between two Chinese characters,
// which goes: the page's source was wrapped there ("国务院关于\n加强监管"),
// and a space would split the words for search.
func collapseSpace(s string) string {
	return joinLines(s, isSpaceOrBreak)
}

// joinLines joins the fields of s separated by runs of sep, with a space,
// or with nothing where the run holds a line break between wide characters.
func joinLines(s string, sep func(rune) bool) string {
	var b strings.Builder
	b.Grow(len(s))
	pending, brk := false, false // a separator run is waiting; it holds a line break
	for _, r := range s {
		if sep(r) {
			pending = pending || b.Len() > 0
			brk = brk || isLineBreak(r)
			continue
		}
		if pending {
			last, _ := utf8.DecodeLastRuneInString(b.String())
			if !brk || !isWide(last) || !isWide(r) {
				b.WriteByte(' ')
			}
		}
		pending, brk = false, false
		b.WriteRune(r)
	}
	return b.String()
}

func isSpaceOrBreak(r rune) bool { return isSpace(r) || isLineBreak(r) }

// skipped reports whether an element never holds the page's text.
func skipped(n *html.Node) bool {
	if n.Type == html.CommentNode {
		return true
	}
	if n.Type != html.ElementNode {
		return false
	}
	switch n.DataAtom {
	case atom.Script, atom.Style, atom.Noscript, atom.Iframe, atom.Nav, atom.Footer, atom.Form,
		atom.Button, atom.Select, atom.Textarea, atom.Input, atom.Svg, atom.Template, atom.Object,
		atom.Embed, atom.Head, atom.Map, atom.Audio, atom.Video, atom.Canvas:
		return true
	}
	if _, ok := attrOK(n, "hidden"); ok {
		return true
	}
	for _, c := range strings.Fields(strings.ToLower(attr(n, "class") + " " + attr(n, "id"))) {
		if chromeNames[c] || strings.Contains(c, "share") || strings.Contains(c, "qrcode") {
			return true
		}
	}
	style := strings.ReplaceAll(strings.ToLower(attr(n, "style")), " ", "")
	return strings.Contains(style, "display:none") || strings.Contains(style, "visibility:hidden")
}

func attrOK(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

// Classes and ids of the bars and boxes inside a page's text container
// that are not its text: editor's name, print and font-size buttons, QR
// codes, related links.
var chromeNames = map[string]bool{
	"edit": true, "editor": true, "print": true, "fontsize": true, "font-size": true, "ewm": true,
	"tjewm": true, "related": true, "xgwz": true, "xglj": true, "xgxw": true, "pages-date": true,
}

// Containers the content systems of Chinese government and news sites put
// the text in (Hanweb's zoom, gov.cn's UCAP-CONTENT, TRS's TRS_Editor,
// people.com.cn's rm_txt_con, …), by id or class.
var contentNames = map[string]bool{
	"zoom": true, "ucap-content": true, "trs_editor": true, "rm_txt_con": true, "pages_content": true,
	"article-content": true, "article_content": true, "art_con": true, "artcon": true, "xxgk_content": true,
	"view": true, "content_text": true, "conttext": true, "bt_content": true, "detail-content": true,
	"article": true, "ccontent": true, "tyxl_nr": true, "wzy_nr": true, "con_con": true, "main-text": true,
}

// textStats counts a subtree's letters and digits, those inside links, and
// its links.
type textStats struct{ all, link, links int }

func (s textStats) plain() int { return s.all - s.link }

// mainContent finds the element that holds a page's text: the known
// content container holding most of the page's text (outside links) when
// one holds a fair share of it, or the innermost known container inside
// that one that holds nearly all of its text; else, descending from
// <body>, the child that holds most of its parent's text for as long as
// one does. Chrome (navigation, link lists, footers) is either outside that
// element or mostly links. It returns the text counts too.
func mainContent(root *html.Node) (*html.Node, map[*html.Node]textStats) {
	stats := textCounts(root)
	total := stats[root].plain()

	var best *html.Node
	walk(root, func(n *html.Node) bool {
		if n.Type != html.ElementNode {
			return !skipped(n)
		}
		if isContentContainer(n) && stats[n].plain()*10 >= total*3 && (best == nil || stats[n].plain() > stats[best].plain()) {
			best = n
		}
		return !skipped(n)
	})
	if best == nil {
		return descend(root, stats), stats
	}
	inner := best
	walk(best, func(n *html.Node) bool {
		if n != best && n.Type == html.ElementNode && isContentContainer(n) && stats[n].plain()*10 >= stats[best].plain()*8 {
			inner = n
		}
		return !skipped(n)
	})
	return inner, stats
}

// textCounts counts the letters and digits of every element's subtree.
func textCounts(root *html.Node) map[*html.Node]textStats {
	stats := map[*html.Node]textStats{}
	var count func(n *html.Node) textStats
	count = func(n *html.Node) textStats {
		var s textStats
		if skipped(n) {
			return s
		}
		if n.Type == html.TextNode {
			for _, r := range n.Data {
				if unicode.IsLetter(r) || unicode.IsDigit(r) {
					s.all++
				}
			}
			return s
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			cs := count(c)
			s.all += cs.all
			s.link += cs.link
			s.links += cs.links
		}
		if n.DataAtom == atom.A && s.all > 0 {
			s.link = s.all
			s.links++
		}
		stats[n] = s
		return s
	}
	count(root)
	return stats
}

// descend goes down from n to the child that holds most of its parent's
// text outside links, for as long as one does.
func descend(n *html.Node, stats map[*html.Node]textStats) *html.Node {
	for {
		var next *html.Node
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.ElementNode && stats[c].plain()*10 >= stats[n].plain()*8 {
				next = c
			}
		}
		if next == nil || stats[next].plain() == 0 {
			return n
		}
		n = next
	}
}

func isContentContainer(n *html.Node) bool {
	if contentNames[strings.ToLower(attr(n, "id"))] {
		return true
	}
	for _, c := range strings.Fields(attr(n, "class")) {
		if contentNames[strings.ToLower(c)] {
			return true
		}
	}
	return false
}

// htmlWriter renders an element's text as lines: block elements and <br>
// end a line, a table row of plain cells is one line of cells joined by
// " | ", a cell that holds blocks (a layout table) is read as blocks.
type htmlWriter struct {
	r     *reading
	stats map[*html.Node]textStats // nil: keep link lists
	title string                   // the title already written, which a heading does not repeat
	buf   strings.Builder
	lvl   int // heading level of the line being written
}

// linkList reports a list, table or box of three links or more and little
// else: related articles, a site map, a pager.
func (w *htmlWriter) linkList(n *html.Node) bool {
	switch n.DataAtom {
	case atom.Ul, atom.Ol, atom.Dl, atom.Div, atom.Table, atom.Section, atom.Aside, atom.Span:
	default:
		return false
	}
	s, ok := w.stats[n]
	return ok && s.links >= 3 && s.link*10 >= s.all*8
}

func (w *htmlWriter) flush() {
	w.r.add(collapseSpace(w.buf.String()), w.lvl)
	w.buf.Reset()
	w.lvl = 0
}

func (w *htmlWriter) block(n *html.Node) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		w.node(c)
	}
}

func (w *htmlWriter) node(n *html.Node) {
	if skipped(n) || w.linkList(n) {
		return
	}
	switch n.Type {
	case html.TextNode:
		w.buf.WriteString(n.Data)
		return
	case html.ElementNode:
	default:
		w.block(n)
		return
	}
	switch n.DataAtom {
	case atom.Br, atom.Hr:
		w.flush()
	case atom.Tr:
		w.flush()
		w.row(n)
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
		w.flush()
		if w.title != "" && collapseSpace(textOf(n)) == w.title {
			return
		}
		w.block(n)
		w.lvl = int(n.Data[1]-'0') + 1
		w.flush()
	case atom.Img:
		// An image's alt text is not the page's text.
	default:
		if isBlock(n.DataAtom) {
			w.flush()
			w.block(n)
			w.flush()
			return
		}
		w.block(n)
	}
}

// row writes a table row: one line of its cells, or each cell as blocks
// when any cell holds block elements.
func (w *htmlWriter) row(tr *html.Node) {
	var cells []*html.Node
	layout := false
	for c := tr.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && (c.DataAtom == atom.Td || c.DataAtom == atom.Th) && !skipped(c) {
			cells = append(cells, c)
			walk(c, func(d *html.Node) bool {
				if d != c && d.Type == html.ElementNode && (isBlock(d.DataAtom) || d.DataAtom == atom.Br) {
					// A cell of a few short <p> lines is still a cell.
					if d.DataAtom == atom.Table || len(textOf(c)) > 300 {
						layout = true
					}
				}
				return !layout
			})
		}
	}
	if layout {
		for _, c := range cells {
			w.block(c)
			w.flush()
		}
		return
	}
	var parts []string
	for _, c := range cells {
		if t := collapseSpace(textOf(c)); t != "" {
			parts = append(parts, t)
		}
	}
	w.buf.WriteString(strings.Join(parts, " | "))
	w.flush()
}

func isBlock(a atom.Atom) bool {
	switch a {
	case atom.P, atom.Div, atom.Section, atom.Article, atom.Main, atom.Aside, atom.Header,
		atom.Ul, atom.Ol, atom.Li, atom.Dl, atom.Dt, atom.Dd, atom.Table, atom.Tbody, atom.Thead,
		atom.Tfoot, atom.Caption, atom.Td, atom.Th, atom.Blockquote, atom.Pre, atom.Center,
		atom.Address, atom.Figure, atom.Figcaption, atom.Body, atom.Html, atom.Title:
		return true
	}
	return false
}
