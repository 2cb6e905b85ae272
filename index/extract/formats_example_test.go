package extract_test

import (
	"fmt"

	"github.com/zhsearch/zhsearch/index/extract"
)

// A saved web page is read like a text file: its main text, its title
// broken by <br> joined again, its metadata from the page's tags.
func ExampleParse_webPage() {
	page := `<html><head><meta charset="utf-8"><meta name="PubDate" content="2019-02-15 10:00">
<title>国务院关于加强监管的意见_中国政府网</title></head><body>
<div class="nav"><a href="/">首页</a> <a href="/zhengce">政策</a></div>
<div id="UCAP-CONTENT"><p>国务院关于<br>加强监管的意见</p><p>一、总体要求</p><p>坚持全面覆盖。</p></div>
<div class="footer">版权所有 中国政府网</div></body></html>`
	doc, err := extract.Parse("content_5365945.htm", []byte(page))
	if err != nil {
		panic(err)
	}
	fmt.Println(doc.Format, doc.Title, doc.Date)
	for _, p := range doc.Paragraphs {
		fmt.Printf("¶%d %s %s\n", p.N, p.Kind, p.Text)
	}
	// Output:
	// html 国务院关于加强监管的意见 2019-02-15
	// ¶1 title 国务院关于加强监管的意见
	// ¶2 heading 一、总体要求
	// ¶3 body 坚持全面覆盖。
}

// FormatOf says how a file will be read.
func ExampleFormatOf() {
	for _, name := range []string{"报告.txt", "通知.SHTML", "意见.docx", "标准.pdf", "批复.ofd", "函.wps"} {
		fmt.Println(name, extract.FormatOf(name))
	}
	// Output:
	// 报告.txt text
	// 通知.SHTML html
	// 意见.docx docx
	// 标准.pdf pdf
	// 批复.ofd ofd
	// 函.wps doc
}
