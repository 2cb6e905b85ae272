package extract

import (
	"archive/zip"
	"bytes"
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// texts lists a document's paragraph texts.
func texts(doc *Document) []string {
	var out []string
	for _, p := range doc.Paragraphs {
		out = append(out, p.Text)
	}
	return out
}

func gbk(t *testing.T, s string) []byte {
	t.Helper()
	b, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestHTML(t *testing.T) {
	page := `<html><head><title>关于做好安全生产工作的通知_某市人民政府</title>%s
<style>.zoom{color:red}</style><script>var x = "脚本文字不是正文";</script></head>
<body><div class="nav"><a href="/">首页</a> <a href="/gk">政务公开</a> <a href="/hd">互动交流</a></div>
<div id="zoom"><p>各区县人民政府：</p><p>为做好安全生产工作，现
  通知如下。</p>
<div class="share">分享到：微信 微博</div><p>一、压实责任</p><p>各地要落实属地责任<br>并于年底前报送。</p>
<p style="display:none">隐藏的文字</p>
<ul><li><a href="/1">关于做好防汛工作的通知</a></li><li><a href="/2">关于开展消防检查的通知</a></li><li><a href="/3">关于加强燃气安全的通知</a></li></ul></div>
<div class="footer">版权所有：某市人民政府 地址：人民路1号 电话：12345</div></body></html>`
	body := []string{"各区县人民政府：", "为做好安全生产工作，现通知如下。", "一、压实责任", "各地要落实属地责任", "并于年底前报送。"}
	for _, tc := range []struct {
		name, what string
		data       []byte
		enc        Encoding
	}{
		{"gbk-undeclared", "a GBK page that declares no charset is detected", gbk(t, strings.Replace(page, "%s", "", 1)), GB18030},
		{"gbk-declared", "a GBK page read as it declares", gbk(t, strings.Replace(page, "%s", `<meta charset="gbk">`, 1)), GB18030},
		{"gb2312-declared-utf8", "a page declaring GB2312 whose bytes are UTF-8 is UTF-8", []byte(strings.Replace(page, "%s", `<meta http-equiv="Content-Type" content="text/html; charset=gb2312">`, 1)), UTF8},
		{"gbk-broken-byte", "a GBK page with a stray byte is still GBK", append(gbk(t, strings.Replace(page, "%s", "", 1)), 0x81), GB18030},
		{"utf8-bom", "a byte order mark decides", append([]byte("\xEF\xBB\xBF"), strings.Replace(page, "%s", `<meta charset="gbk">`, 1)...), UTF8BOM},
	} {
		t.Run(tc.name, func(t *testing.T) {
			doc, err := Parse("page.html", tc.data)
			if err != nil {
				t.Fatal(err)
			}
			if doc.Encoding != tc.enc || doc.Format != FormatHTML {
				t.Errorf("%s: encoding %s, format %s; want %s, html", tc.what, doc.Encoding, doc.Format, tc.enc)
			}
			if doc.Title != "关于做好安全生产工作的通知" {
				t.Errorf("title %q, want the <title> less the site's name", doc.Title)
			}
			if diff := cmp.Diff(body, texts(doc)); diff != "" {
				t.Errorf("%s: paragraphs (-want +got):\n%s", tc.what, diff)
			}
		})
	}
}

func TestHTMLHeadings(t *testing.T) {
	// The <h1> that is the page's title is the title once; other headings
	// are headings; a date line is a metadata paragraph.
	page := `<html><head><title>关于开展检查的通知 - 某市人民政府</title></head><body><div class="nav"><a href="/">首页</a></div>
<div class="article"><h1>关于开展检查的通知</h1><div class="info">发布日期：2024-03-01</div>
<div class="content"><p>各单位：</p><h3>工作要求</h3><p>请认真组织实施，按时报送检查情况。</p></div></div></body></html>`
	doc, err := Parse("a.shtml", []byte(page))
	if err != nil {
		t.Fatal(err)
	}
	type para struct {
		Text string
		Kind Kind
	}
	var got []para
	for _, p := range doc.Paragraphs {
		got = append(got, para{p.Text, p.Kind})
	}
	want := []para{{"关于开展检查的通知", KindTitle}, {"发布日期：2024-03-01", KindMeta}, {"各单位：", KindBody},
		{"工作要求", KindHeading}, {"请认真组织实施，按时报送检查情况。", KindBody}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if doc.Date != "2024-03-01" {
		t.Errorf("date %q, want the 发布日期 line's", doc.Date)
	}
}

func TestHTMLGovTableAndTables(t *testing.T) {
	page := `<div class="wrap"><table><tr><td><b>索 引 号：</b></td><td>000014349/2019-00007</td>
<td><b>发文机关：</b></td><td>国务院</td></tr>
<tr><td><b>标　　题：</b></td><td colspan="3">国务院关于加强监管的意见</td></tr>
<tr><td><b>发文字号：</b></td><td>国发〔2019〕5号</td><td><b>成文日期：</b></td><td>2019年01月27日</td></tr></table>
<table><tr><td id="UCAP-CONTENT"><p><span>国务院关于加强</span><br><span>监管的意见</span></p>
<p>国发〔2019〕5号</p><p>各省、自治区、直辖市人民政府：</p><p>现提出如下意见，请认真贯彻执行。</p>
<table><tr><th>序号</th><th>任务</th></tr><tr><td>1</td><td>建设平台</td></tr></table></td></tr></table></div>`
	doc, err := Parse("content_5365945.htm", []byte(page))
	if err != nil {
		t.Fatal(err)
	}
	want := &Document{
		Title: "国务院关于加强监管的意见", Date: "2019-01-27", Source: "国务院", Encoding: UTF8, Format: FormatHTML,
		Issuer: "国务院", Number: "国发〔2019〕5号", Type: "意见", Region: "全国",
		Fields: []Field{{"索引号", "000014349/2019-00007"}, {"发文机关", "国务院"}, {"标题", "国务院关于加强监管的意见"},
			{"发文字号", "国发〔2019〕5号"}, {"成文日期", "2019年01月27日"}},
	}
	got := *doc
	got.Paragraphs = nil
	if diff := cmp.Diff(want, &got); diff != "" {
		t.Errorf("metadata (-want +got):\n%s", diff)
	}
	// The title broken by <br> is the title again, which the metadata
	// rules drop; a table row is one paragraph of cells.
	if diff := cmp.Diff([]string{"国务院关于加强监管的意见", "国发〔2019〕5号", "各省、自治区、直辖市人民政府：",
		"现提出如下意见，请认真贯彻执行。", "序号 | 任务", "1 | 建设平台"}, texts(doc)); diff != "" {
		t.Errorf("paragraphs (-want +got):\n%s", diff)
	}
}

// makeZip builds a zip of the given members.
func makeZip(t testing.TB, members [][2]string) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, m := range members {
		w, err := zw.Create(m[0])
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(m[1]))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

const wordNS = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"`

func docxFixture(t testing.TB, body string) []byte {
	return makeZip(t, [][2]string{
		{"[Content_Types].xml", `<?xml version="1.0"?><Types/>`},
		{"word/document.xml", `<?xml version="1.0" encoding="UTF-8"?><w:document ` + wordNS + `><w:body>` + body + `</w:body></w:document>`},
		{"word/styles.xml", `<w:styles ` + wordNS + `>
<w:style w:type="paragraph" w:styleId="a3"><w:name w:val="Title"/></w:style>
<w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="mine"><w:name w:val="我的标题"/><w:basedOn w:val="1"/></w:style>
<w:style w:type="paragraph" w:styleId="chapter"><w:name w:val="章标题"/><w:pPr><w:numPr><w:numId w:val="3"/></w:numPr></w:pPr></w:style></w:styles>`},
		{"word/numbering.xml", `<w:numbering ` + wordNS + `>
<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>
<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%2."/></w:lvl></w:abstractNum>
<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/></w:lvl></w:abstractNum>
<w:abstractNum w:abstractNumId="2"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="第%1章 "/></w:lvl></w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num><w:num w:numId="3"><w:abstractNumId w:val="2"/></w:num></w:numbering>`},
		{"word/footnotes.xml", `<w:footnotes ` + wordNS + `><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>
<w:footnote w:id="1"><w:p><w:r><w:t>脚注：见国发〔2019〕5号。</w:t></w:r></w:p></w:footnote></w:footnotes>`},
		{"docProps/core.xml", `<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"><dc:title>属性里的标题</dc:title><dcterms:created>2024-03-05T08:00:00Z</dcterms:created></cp:coreProperties>`},
	})
}

func wp(style, num, text string) string {
	var ppr string
	if style != "" {
		ppr += `<w:pStyle w:val="` + style + `"/>`
	}
	if num != "" {
		ilvl, id, _ := strings.Cut(num, "/")
		ppr += `<w:numPr><w:ilvl w:val="` + ilvl + `"/><w:numId w:val="` + id + `"/></w:numPr>`
	}
	return `<w:p><w:pPr>` + ppr + `</w:pPr><w:r><w:t xml:space="preserve">` + text + `</w:t></w:r></w:p>`
}

func TestDOCX(t *testing.T) {
	body := wp("a3", "", "关于推进数字政府建设的实施意见") +
		wp("1", "", "总体要求") +
		wp("", "0/1", "坚持统筹规划") +
		wp("", "1/1", "细化任务分工；") +
		wp("", "1/1", "明确完成时限；") +
		wp("", "0/1", "坚持安全可控") +
		wp("", "0/2", "要点一") +
		wp("mine", "", "保障措施") +
		wp("chapter", "", "附则") +
		`<w:p><w:r><w:t>各地区要</w:t></w:r><w:ins w:id="1" w:author="a"><w:r><w:t>切实</w:t></w:r></w:ins>` +
		`<w:del w:id="2" w:author="a"><w:r><w:delText>认真</w:delText></w:r></w:del><w:r><w:t>加强领导。</w:t></w:r>` +
		`<w:r><w:footnoteReference w:id="1"/></w:r></w:p>` +
		`<w:tbl><w:tr><w:tc><w:p><w:r><w:t>序号</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>任务</w:t></w:r></w:p></w:tc></w:tr>` +
		`<w:tr><w:tc><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>建设</w:t></w:r></w:p><w:p><w:r><w:t>平台</w:t></w:r></w:p></w:tc></w:tr></w:tbl>`
	doc, err := Parse("意见.docx", docxFixture(t, body))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"关于推进数字政府建设的实施意见", "总体要求", "一、坚持统筹规划", "1.细化任务分工；", "2.明确完成时限；",
		"二、坚持安全可控", "要点一", "保障措施", "第一章 附则", "各地区要切实加强领导。", "序号 | 任务", "1 | 建设 平台",
		"脚注：见国发〔2019〕5号。",
	}
	if diff := cmp.Diff(want, texts(doc)); diff != "" {
		t.Errorf("paragraphs (-want +got):\n%s", diff)
	}
	if doc.Title != "关于推进数字政府建设的实施意见" || doc.Paragraphs[0].Kind != KindTitle {
		t.Errorf("title %q (%s); want the Title-styled paragraph", doc.Title, doc.Paragraphs[0].Kind)
	}
	for _, n := range []int{2, 8} { // Heading 1, and a style based on it
		if p := doc.Paragraphs[n-1]; p.Kind != KindHeading {
			t.Errorf("¶%d %q is %s, want a heading from its style", n, p.Text, p.Kind)
		}
	}
	if doc.Date != "2024-03-05" {
		t.Errorf("date %q, want the created property's, the text stating none", doc.Date)
	}
	if diff := cmp.Diff([]Field{{"title", "属性里的标题"}, {"created", "2024-03-05T08:00:00Z"}}, doc.Fields); diff != "" {
		t.Errorf("fields (-want +got):\n%s", diff)
	}
}

func TestDOCXCorePropertiesTitle(t *testing.T) {
	// A document whose text has no title takes the title property.
	doc, err := Parse("x.docx", docxFixture(t, wp("", "", "现将有关事项通知如下。")))
	if err != nil {
		t.Fatal(err)
	}
	if doc.Title != "属性里的标题" {
		t.Errorf("title %q, want the core property", doc.Title)
	}
}

const ofdNS = `xmlns:ofd="http://www.ofdspec.org/2016"`

func ofdTextObject(id int, x, y float64, text string) string {
	return `<ofd:TextObject ID="` + strconv.Itoa(id) + `" Font="1" Size="5.6" Boundary="` +
		strconv.FormatFloat(x, 'f', -1, 64) + ` ` + strconv.FormatFloat(y, 'f', -1, 64) + ` 160 8">` +
		`<ofd:TextCode X="0" Y="5">` + text + `</ofd:TextCode></ofd:TextObject>`
}

func ofdFixture(t testing.TB, page1, page2 string) []byte {
	return makeZip(t, [][2]string{
		{"OFD.xml", `<ofd:OFD ` + ofdNS + ` Version="1.0" DocType="OFD"><ofd:DocBody><ofd:DocInfo><ofd:DocID>1</ofd:DocID>` +
			`<ofd:Title>OFD里的标题</ofd:Title><ofd:Author>办公室</ofd:Author><ofd:CreationDate>2023-05-06</ofd:CreationDate></ofd:DocInfo>` +
			`<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>`},
		{"Doc_0/Document.xml", `<ofd:Document ` + ofdNS + `><ofd:CommonData><ofd:DocumentRes>DocumentRes.xml</ofd:DocumentRes></ofd:CommonData>` +
			`<ofd:Pages><ofd:Page ID="1" BaseLoc="Pages/Page_0/Content.xml"/><ofd:Page ID="2" BaseLoc="/Doc_0/Pages/Page_1/Content.xml"/></ofd:Pages></ofd:Document>`},
		{"Doc_0/DocumentRes.xml", `<ofd:Res ` + ofdNS + ` BaseLoc="Res"><ofd:CompositeGraphicUnits><ofd:CompositeGraphicUnit ID="90" Width="160" Height="20"><ofd:Content>` +
			ofdTextObject(91, 0, 0, "（此件公开发布）") + `</ofd:Content></ofd:CompositeGraphicUnit></ofd:CompositeGraphicUnits></ofd:Res>`},
		{"Doc_0/Pages/Page_0/Content.xml", `<ofd:Page ` + ofdNS + `><ofd:Content><ofd:Layer ID="2">` + page1 + `</ofd:Layer></ofd:Content></ofd:Page>`},
		{"Doc_0/Pages/Page_1/Content.xml", `<ofd:Page ` + ofdNS + `><ofd:Content><ofd:Layer ID="3">` + page2 + `</ofd:Layer></ofd:Content></ofd:Page>`},
	})
}

func TestOFDTwoPages(t *testing.T) {
	// Page 1: a title, a salutation, a paragraph whose last line runs on
	// to page 2, and a page number; page 2 places the end of the text as a
	// composite object kept in DocumentRes.xml.
	page1 := ofdTextObject(1, 40, 30, "关于开展安全生产检查的通知") +
		ofdTextObject(2, 28, 50, "各有关单位：") +
		ofdTextObject(3, 39, 60, "根据工作安排，现将开展安全生产大检查的有关事项") +
		ofdTextObject(4, 28, 70, "通知如下，请各单位结合实际认真组织实施，确保检查") +
		ofdTextObject(5, 28, 80, "工作覆盖全部生产经营单位和重点部位，不留死角，不") +
		ofdTextObject(6, 95, 280, "- 1 -")
	page2 := ofdTextObject(7, 28, 30, "走过场。") +
		ofdTextObject(8, 120, 60, "市应急管理局") +
		`<ofd:CompositeObject ID="9" Boundary="28 80 160 20" ResourceID="90"/>` +
		ofdTextObject(10, 95, 280, "- 2 -")
	doc, err := Parse("通知.ofd", ofdFixture(t, page1, page2))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"关于开展安全生产检查的通知", "各有关单位：",
		"根据工作安排，现将开展安全生产大检查的有关事项通知如下，请各单位结合实际认真组织实施，确保检查工作覆盖全部生产经营单位和重点部位，不留死角，不走过场。",
		"市应急管理局", "（此件公开发布）",
	}
	if diff := cmp.Diff(want, texts(doc)); diff != "" {
		t.Errorf("paragraphs (-want +got):\n%s", diff)
	}
	if doc.Title != "关于开展安全生产检查的通知" || doc.Date != "2023-05-06" {
		t.Errorf("title %q date %q; want the text's title and DocInfo's date", doc.Title, doc.Date)
	}
	if diff := cmp.Diff([]Field{{"Title", "OFD里的标题"}, {"Author", "办公室"}, {"CreationDate", "2023-05-06"}}, doc.Fields); diff != "" {
		t.Errorf("fields (-want +got):\n%s", diff)
	}
}

func TestPDFParagraphs(t *testing.T) {
	// pdftotext's output for three pages: a running header, page numbers
	// in the forms 公文 use, a paragraph wrapped over lines and pages, a
	// letter-spaced heading and numbers spaced from their counters.
	out := "GB/T 9704—2012\n" +
		"前 言\n" +
		"本标准按照给出的规则起草。本标准根据中共中央办公厅、国务院办公厅印\n" +
		"发的《党政机关公文处理工作条例》的有关规定对国家行政机关公文格式进\n" +
		"行修订，自 2012 年 7 月 1 日起实施。\n" +
		"一、适用范围\n" +
		"本标准适用于各级党政机关制发的公文，其他机关和单位的公文可以参照\n" +
		"— 1 —\n\f" +
		"GB/T 9704—2012\n" +
		"执行。使用少数民族文字印制的公文，其用纸、幅面尺寸及版面、印制装\n" +
		"订要求等按照本标准执行，其余可以参照本标准并按照有关规定执行，第 3\n" +
		"条另有规定的除外。\n" +
		"–– 2 ––\n\f" +
		"GB/T 9704—2012\n" +
		"二、术语\n" +
		"第 3 页 共 3 页\n\f"
	want := []string{
		"前言",
		"本标准按照给出的规则起草。本标准根据中共中央办公厅、国务院办公厅印发的《党政机关公文处理工作条例》的有关规定对国家行政机关公文格式进行修订，自2012年7月1日起实施。",
		"一、适用范围",
		"本标准适用于各级党政机关制发的公文，其他机关和单位的公文可以参照执行。使用少数民族文字印制的公文，其用纸、幅面尺寸及版面、印制装订要求等按照本标准执行，其余可以参照本标准并按照有关规定执行，第3条另有规定的除外。",
		"二、术语",
	}
	if diff := cmp.Diff(want, pdfParagraphs(out)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestIsPageNumber(t *testing.T) {
	for _, tc := range []struct {
		line string
		want bool
	}{
		{"— 3 —", true}, {"–– 1 ––", true}, {"- 12 -", true}, {"3", true}, {"第 3 页 共 22 页", true},
		{"3/22", true}, {"III", true}, {"2012", true},
		{"2012年12月12日", false}, {"一、总体要求", false}, {"GB/T 9704—2012", false}, {"国发〔2019〕5号", false},
	} {
		if got := isPageNumber(tc.line); got != tc.want {
			t.Errorf("isPageNumber(%q) = %v, want %v", tc.line, got, tc.want)
		}
	}
}

func TestCheckGarbled(t *testing.T) {
	ok := "在市场监管领域全面推行部门联合双随机一公开监管，是党中央、国务院作出的重大决策部署。"
	for _, tc := range []struct {
		name, text string
		garbled    bool
	}{
		{"common Chinese", ok, false},
		{"Chinese with English", ok + " Layout key for official document of Party and government organs", false},
		{"no text: a scan", "\f\f  \n", true},
		{"Latin-1 mojibake of GBK", "¹ØÓÚºì¾ü×÷Õ½µÄÔ­Ôò £¨Ò»¾ÅÈýÆßÄê°ËÔÂÒ»ÈÕ£©", true},
		{"wrong code points from a broken ToUnicode map", "犐犆犛３５．２４０．０１ 犌犅／犜３９６７７—２０２０ 犌狌犻犱犲犾犻狀犲犳狅狉犗犉犇犪狆狆犾犻犮犪狋犻狅狀", true},
		{"private-use characters", strings.Repeat("\ue000\ue001\ue002 ", 10) + "通知", true},
	} {
		err := checkGarbled(tc.text)
		if (err != nil) != tc.garbled || err != nil && !errors.Is(err, ErrUnreadable) {
			t.Errorf("%s: checkGarbled = %v, want garbled %v", tc.name, err, tc.garbled)
		}
	}
}

func TestMissingConverterNamesPackage(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	cfb := append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 512)...)
	for _, tc := range []struct {
		name string
		data []byte
		pkg  string
	}{
		{"a.pdf", []byte("%PDF-1.4\n%%EOF\n"), "poppler-utils"},
		{"a.doc", cfb, "antiword or catdoc, or LibreOffice"},
		{"a.wps", cfb, "antiword or catdoc, or LibreOffice"},
	} {
		_, err := Parse(tc.name, tc.data)
		var te *ToolError
		if !errors.As(err, &te) || te.Package != tc.pkg {
			t.Errorf("%s without converters: %v; want a ToolError naming %s", tc.name, err, tc.pkg)
		}
	}
}

func TestBadFiles(t *testing.T) {
	for _, tc := range []struct {
		name string
		data []byte
		want error
	}{
		{"not-a-zip.docx", []byte("PK but not really"), ErrBadFile},
		{"no-document.docx", makeZip(t, [][2]string{{"x.xml", "<x/>"}}), ErrBadFile},
		{"bad-xml.docx", makeZip(t, [][2]string{{"word/document.xml", "<w:document><w:body><w:p>"}}), ErrBadFile},
		{"empty.docx", makeZip(t, [][2]string{{"word/document.xml", "<w:document " + wordNS + "><w:body/></w:document>"}}), ErrUnreadable},
		{"no-ofd-xml.ofd", makeZip(t, [][2]string{{"Doc_0/Document.xml", "<x/>"}}), ErrBadFile},
		{"not-a-pdf.pdf", []byte("<html>saved error page</html>"), ErrBadFile},
		{"not-a-doc.doc", []byte("{\\rtf1 an RTF file named .doc}"), ErrBadFile},
		{"empty.html", []byte("<html><body><script>x()</script></body></html>"), ErrUnreadable},
	} {
		if _, err := Parse(tc.name, tc.data); !errors.Is(err, tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, err, tc.want)
		}
	}
}
