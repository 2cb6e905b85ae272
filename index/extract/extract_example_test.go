package extract_test

import (
	"errors"
	"fmt"
	"strings"

	"github.com/zhsearch/zhsearch/index/extract"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// A speech saved from a web page: the site's navigation and the promotion
// after the text are not paragraphs, the date line is a metadata paragraph;
// the headings above each paragraph are its Section.
func ExampleParseText() {
	text := strings.Join([]string{
		"华博范文网 首页",
		"副市长在全市安全生产工作会议上的讲话",
		"2024-12-23 华博范文网",
		"  同志们：",
		"  一、总结经验，积极推广有效做法",
		"  （一）不断创新，监管取得实效。各县在积极推广经验的基础上，破难题，出实招。",
		"  一是整合监管力量。",
		"预览阅读已结束，若您需要全文或代笔。",
		"相关阅读",
	}, "\n")
	doc := extract.ParseText("speech.txt", text)
	fmt.Printf("%s | %s | %s | %s\n", doc.Title, doc.Date, doc.Source, doc.Speaker)
	for _, p := range doc.Paragraphs {
		fmt.Printf("¶%d L%d %s/%d %q %s\n", p.N, p.Line, p.Kind, p.Level, p.Section, p.Text)
	}
	// Output:
	// 副市长在全市安全生产工作会议上的讲话 | 2024-12-23 | 华博范文网 | 副市长
	// ¶1 L2 title/0 [] 副市长在全市安全生产工作会议上的讲话
	// ¶2 L3 meta/0 [] 2024-12-23 华博范文网
	// ¶3 L4 body/0 [] 同志们：
	// ¶4 L5 heading/1 [] 一、总结经验，积极推广有效做法
	// ¶5 L6 heading/2 ["一、总结经验，积极推广有效做法"] （一）不断创新，监管取得实效。各县在积极推广经验的基础上，破难题，出实招。
	// ¶6 L7 body/0 ["一、总结经验，积极推广有效做法" "（一）不断创新，监管取得实效。"] 一是整合监管力量。
}

// A law: the lines between the title and "<!-- INFO END -->" are metadata
// paragraphs that give the date and the issuer, the folder gives the legal
// force, and the numbered items of an article are body text, not headings.
func ExampleParse() {
	law := "# 中华人民共和国公益事业捐赠法\n\n" +
		"1999年6月28日 第九届全国人民代表大会常务委员会第十次会议通过\n\n" +
		"<!-- INFO END -->\n\n" +
		"## 第一章 总则\n\n" +
		"第三条 本法所称公益事业是指非营利的下列事项：\n\n" +
		"（一）救助灾害、救济贫困、扶助残疾人等困难的社会群体和个人的活动；\n\n" +
		"第四条 捐赠应当是自愿和无偿的。\n"
	doc, err := extract.Parse("laws/民法商法/公益事业捐赠法.md", []byte(law))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(doc.Title, doc.Date, doc.Encoding)
	fmt.Println(doc.Issuer, doc.Type, doc.Force, doc.Region)
	for _, p := range doc.Paragraphs {
		fmt.Printf("¶%d %s %q %.12s\n", p.N, p.Kind, p.Section, p.Text) // 12 runes of text
	}

	_, err = extract.Parse("logo.png", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"))
	fmt.Println(errors.Is(err, extract.ErrBinary), err)
	// Output:
	// 中华人民共和国公益事业捐赠法 1999-06-28 utf-8
	// 全国人民代表大会常务委员会 法 法律 全国
	// ¶1 title [] 中华人民共和国公益事业捐
	// ¶2 meta [] 1999年6月28日 第
	// ¶3 heading [] 第一章 总则
	// ¶4 body ["第一章 总则"] 第三条 本法所称公益事业
	// ¶5 body ["第一章 总则"] （一）救助灾害、救济贫困
	// ¶6 body ["第一章 总则"] 第四条 捐赠应当是自愿和
	// true NUL byte at offset 8: binary file
}

// Files from many government sites are GB18030 (or its subset GBK).
func ExampleDecode() {
	data, _ := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte("政府工作报告"))
	text, enc, err := extract.Decode(data)
	fmt.Println(text, enc, err)

	_, _, err = extract.Decode([]byte("政府\xff工作报告"))
	fmt.Println(errors.Is(err, extract.ErrUnknownEncoding), err)
	// Output:
	// 政府工作报告 gb18030 <nil>
	// true invalid UTF-8 at byte 6 and not GB18030 (bad sequence at byte 6): unknown text encoding
}

// Lines broken inside a sentence, as web pages and PDF extractions leave
// them, become whole paragraphs; a heading stays a line of its own.
func ExampleJoinLines() {
	for _, p := range extract.JoinLines([]string{
		"（四）关心群众生活",
		"国务院作出《",
		"关于进一步加强农村教育工作的决定",
		"》。中央财政加大了支持力度。",
		"细颗粒物（PM",
		"2.5",
		"）治理取得进展。",
	}) {
		fmt.Println(p)
	}
	// Output:
	// （四）关心群众生活
	// 国务院作出《关于进一步加强农村教育工作的决定》。中央财政加大了支持力度。
	// 细颗粒物（PM2.5）治理取得进展。
}

// A State Council document as a web page gives its text: the document
// number under the title and the signature (落款) are metadata paragraphs,
// and fill the fields researchers filter by.
func ExampleParseText_notice() {
	text := strings.Join([]string{
		"国务院关于在市场监管领域全面推行部门联合“双随机、一公开”监管的意见",
		"国发〔2019〕5号",
		"各省、自治区、直辖市人民政府，国务院各部委、各直属机构：",
		"现提出如下意见。",
		"一、总体要求",
		"坚持全面覆盖。",
		"国务院",
		"2019年1月27日",
		"（此件公开发布）",
	}, "\n")
	doc := extract.ParseText("意见.txt", text)
	fmt.Printf("%s | %s | %s | %s | %s\n", doc.Issuer, doc.Number, doc.Type, doc.Date, doc.Region)
	for _, p := range doc.Paragraphs {
		fmt.Printf("¶%d %s %q %s\n", p.N, p.Kind, p.Section, p.Text)
	}
	// Output:
	// 国务院 | 国发〔2019〕5号 | 意见 | 2019-01-27 | 全国
	// ¶1 title [] 国务院关于在市场监管领域全面推行部门联合“双随机、一公开”监管的意见
	// ¶2 meta [] 国发〔2019〕5号
	// ¶3 body [] 各省、自治区、直辖市人民政府，国务院各部委、各直属机构：
	// ¶4 body [] 现提出如下意见。
	// ¶5 heading [] 一、总体要求
	// ¶6 body ["一、总体要求"] 坚持全面覆盖。
	// ¶7 meta [] 国务院
	// ¶8 meta [] 2019年1月27日
	// ¶9 meta [] （此件公开发布）
}
