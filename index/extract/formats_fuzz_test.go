package extract

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// checkFormatResult is what every format reader promises: a bad file is
// one of the errors callers tell apart, never a panic; a document's
// paragraphs are numbered from 1, non-empty, valid UTF-8 on one line.
func checkFormatResult(t *testing.T, doc *Document, err error) {
	t.Helper()
	if err != nil {
		var te *ToolError
		if !errors.Is(err, ErrBadFile) && !errors.Is(err, ErrUnreadable) && !errors.Is(err, ErrUnknownEncoding) &&
			!errors.Is(err, ErrBinary) && !errors.As(err, &te) {
			t.Fatalf("unexpected error: %v", err)
		}
		return
	}
	for i, p := range doc.Paragraphs {
		if p.N != i+1 || p.Text == "" || !utf8.ValidString(p.Text) || strings.ContainsAny(p.Text, "\r\n") {
			t.Fatalf("paragraph %d: %+v", i+1, p)
		}
	}
	if !utf8.ValidString(doc.Title) {
		t.Fatalf("title %q is not UTF-8", doc.Title)
	}
}

// FuzzHTML reads arbitrary bytes as a web page.
func FuzzHTML(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join(sharedCorpus, "formats", "html", "*"))
	for _, file := range files {
		if data, err := os.ReadFile(file); err == nil {
			f.Add(data[:min(len(data), seedBytes)])
		}
	}
	for _, s := range []string{
		"",
		`<meta charset="gbk"><div id="zoom"><p>正文<br>第二行</p><table><tr><td>甲</td><td>乙</td></tr></table></div>`,
		`<table><tr><td><b>发文字号：</b></td><td>国发〔2019〕5号</td></tr></table><h1>标题</h1><p>正文。</p>`,
		"\xEF\xBB\xBF<p>\xB9\xD8\xD3\xDA</p><script>x</script><p style='display:none'>隐藏</p>",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := Parse("page.html", data)
		checkFormatResult(t, doc, err)
	})
}

// FuzzDOCX reads arbitrary XML as a DOCX's document.xml, styles and
// numbering in place.
func FuzzDOCX(f *testing.F) {
	f.Add([]byte(wp("a3", "", "标题") + wp("1", "", "总体要求") + wp("", "0/1", "甲") + wp("", "1/1", "乙")))
	f.Add([]byte(`<w:tbl><w:tr><w:tc><w:tbl><w:tr><w:tc><w:p><w:r><w:t>嵌套</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:tc></w:tr></w:tbl>`))
	f.Add([]byte(`<w:p><w:ins><w:r><w:t>留</w:t></w:r></w:ins><w:del><w:r><w:delText>删</w:delText></w:r></w:del></w:p>`))
	f.Add([]byte(`<w:p><w:pPr><w:numPr><w:ilvl w:val="8"/><w:numId w:val="1"/></w:numPr><w:outlineLvl w:val="9"/></w:pPr><w:r><w:t>x</w:t></w:r></w:p>`))
	f.Fuzz(func(t *testing.T, body []byte) {
		doc, err := Parse("a.docx", docxFixture(t, string(body)))
		checkFormatResult(t, doc, err)
	})
}

// FuzzOFD reads arbitrary XML as the layer of an OFD page.
func FuzzOFD(f *testing.F) {
	f.Add([]byte(ofdTextObject(1, 40, 30, "标题") + ofdTextObject(2, 28, 50, "正文。")))
	f.Add([]byte(`<ofd:TextObject Boundary="NaN 1e400 x" CTM="0 0 0 0 0 0" Size="-1"><ofd:TextCode DeltaX="g 99999999 1e308">溢出</ofd:TextCode></ofd:TextObject>`))
	f.Add([]byte(`<ofd:CompositeObject ResourceID="90" Boundary="0 0 1 1" CTM="2 0 0 2 5 5"/><ofd:TextCode>无对象</ofd:TextCode>`))
	f.Fuzz(func(t *testing.T, layer []byte) {
		doc, err := Parse("a.ofd", ofdFixture(t, string(layer), ofdTextObject(9, 28, 30, "第二页")))
		checkFormatResult(t, doc, err)
	})
}

// FuzzPDFParagraphs joins arbitrary pdftotext output into paragraphs: never
// a panic, every paragraph non-empty, valid UTF-8 on one line.
func FuzzPDFParagraphs(f *testing.F) {
	f.Add("标题\n— 1 —\f正文第一行很长很长很长很长很长很长很长\n第二行。\n\f")
	f.Add("前 言\n第 3\n条\n–– 2 ––\n\f\f\f")
	f.Fuzz(func(t *testing.T, text string) {
		if !utf8.ValidString(text) {
			return // readPDF makes pdftotext's output valid first
		}
		for _, p := range pdfParagraphs(text) {
			if p == "" || !utf8.ValidString(p) || strings.ContainsRune(p, '\n') {
				t.Fatalf("paragraph %q", p)
			}
		}
	})
}
