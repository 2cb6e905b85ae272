package extract

import (
	"errors"
	"fmt"
	"path"
	"slices"
	"strings"
	"unicode"
)

// Format names the kind of file a document was read from.
type Format string

// The formats [Parse] reads, chosen by the file name's extension.
const (
	FormatText Format = "text" // .txt, .md and anything else
	FormatHTML Format = "html" // .html, .htm, .shtml, .xhtml
	FormatDOCX Format = "docx" // .docx
	FormatPDF  Format = "pdf"  // .pdf, through Poppler's pdftotext
	FormatOFD  Format = "ofd"  // .ofd (GB/T 33190)
	FormatDOC  Format = "doc"  // .doc and .wps, through antiword, catdoc or LibreOffice
)

// FormatOf returns the format [Parse] reads a file of this name as.
func FormatOf(name string) Format {
	switch strings.ToLower(path.Ext(strings.ReplaceAll(name, `\`, "/"))) {
	case ".html", ".htm", ".shtml", ".xhtml":
		return FormatHTML
	case ".docx":
		return FormatDOCX
	case ".pdf":
		return FormatPDF
	case ".ofd":
		return FormatOFD
	case ".doc", ".wps":
		return FormatDOC
	}
	return FormatText
}

// Errors of the format readers that callers may need to tell apart.
var (
	// ErrUnreadable: the file is of its format but holds no text that can
	// be read: a scanned or garbled PDF, an empty page. It is not indexed
	// rather than indexed as garbage.
	ErrUnreadable = errors.New("no readable text")
	// ErrBadFile: the file is not a valid file of the format its name says
	// (a .docx that is not a zip, an OFD without OFD.xml).
	ErrBadFile = errors.New("not a valid file of its format")
)

// A ToolError says that reading a file needs a program that is not
// installed; Package names what to install.
type ToolError struct {
	Tool    string // the program looked for: "pdftotext"
	Package string // what provides it: "poppler-utils"
}

func (e *ToolError) Error() string {
	return fmt.Sprintf("%s is not installed (install %s)", e.Tool, e.Package)
}

// A Field is one item of metadata a file states about itself, named as the
// file names it: a web page's <meta name="PubDate">, a gov.cn page's
// 发文字号 row, a DOCX's core property "title".
type Field struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// reading is what a format reader hands the text pipeline: the document's
// lines in reading order, and what the file says about itself. The lines go
// through [ParseText] like the lines of a text file, so chrome, metadata and
// heading rules apply to every format alike.
type reading struct {
	format Format
	lines  []line
	// title, date and source stated by the file's metadata; they fill the
	// document's where its text states none (date: or states it less
	// precisely, "2023" against "2023-10-23").
	title, date, source string
	weakDate            bool // date is when the file was made, used only when the text states none
	fields              []Field
	encoding            Encoding
}

// line is one paragraph of a reading.
type line struct {
	text string
	// heading is the level the file gives the line: 0 for body text, 1 for
	// the title, 2… for headings (a DOCX "Heading 1" is 2). A numbered
	// heading (一、, 第一章) is left to the text rules, which rank it by its
	// number.
	heading int
}

func (r *reading) add(text string, heading int) {
	text = joinLines(text, isLineBreak)
	// Word and PDF text indents with em and en spaces as well.
	text = strings.TrimFunc(text, func(r rune) bool { return isSpace(r) || unicode.IsSpace(r) })
	if text == "" {
		return
	}
	r.lines = append(r.lines, line{text: text, heading: heading})
}

func isLineBreak(r rune) bool {
	return r == '\n' || r == '\r' || r == '\u2028' || r == '\u2029' || r == '\v' || r == '\f'
}

// text renders the lines as the text [ParseText] reads: one line each,
// headings the file states as Markdown headings.
func (r *reading) text() string {
	var b strings.Builder
	for _, l := range r.lines {
		t := trimSpace(l.text)
		if l.heading > 0 && !r.numberedHeading(t) {
			b.WriteString(strings.Repeat("#", min(l.heading, 6)))
			b.WriteByte(' ')
		} else if strings.HasPrefix(t, "#") {
			// Body text that would read as a Markdown heading.
			b.WriteByte(' ')
		}
		b.WriteString(t)
		b.WriteByte('\n')
	}
	return b.String()
}

// numberedHeading reports whether the text rules rank a heading by its own
// number, which keeps 一、 and （一） in their order whether or not the file
// styled them.
func (r *reading) numberedHeading(t string) bool {
	if _, _, ok := structural(t); ok {
		return true
	}
	rk, _ := numbered(t)
	return rk != rankNone
}

// document runs the reading through the text pipeline and fills in what
// the file's metadata states and the text does not.
func (r *reading) document(name string) *Document {
	doc := ParseText(name, r.text())
	doc.Format = r.format
	doc.Fields = r.fields
	if r.encoding != "" {
		doc.Encoding = r.encoding
	}
	if r.title != "" && !slices.ContainsFunc(doc.Paragraphs, func(p Paragraph) bool { return p.Kind == KindTitle }) {
		doc.Title = r.title
	}
	for _, f := range r.fields {
		switch {
		case doc.Issuer == "" && (f.Name == "发文机关" || f.Name == "发布机构"):
			doc.Issuer = f.Value
		case doc.Number == "" && (f.Name == "发文字号" || f.Name == "文号"):
			doc.Number = f.Value
		}
	}
	if r.date != "" && (doc.Date == "" || !r.weakDate && strings.HasPrefix(r.date, doc.Date) && len(r.date) > len(doc.Date)) {
		doc.Date = r.date
	}
	if doc.Source == "" {
		doc.Source = r.source
	}
	return doc
}

// parseFormat reads a file of a format other than text.
func parseFormat(f Format, name string, data []byte) (*Document, error) {
	var r *reading
	var err error
	switch f {
	case FormatHTML:
		r, err = readHTML(data)
	case FormatDOCX:
		r, err = readDOCX(data)
	case FormatPDF:
		r, err = readPDF(data)
	case FormatOFD:
		r, err = readOFD(data)
	case FormatDOC:
		r, err = readLegacy(name, data)
	default:
		return nil, fmt.Errorf("format %q: %w", f, ErrBadFile)
	}
	if err != nil {
		return nil, err
	}
	r.format = f
	if len(r.lines) == 0 {
		return nil, fmt.Errorf("%s: %w", f, ErrUnreadable)
	}
	return r.document(name), nil
}
