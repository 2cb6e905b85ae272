package extract

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func title(line int, text string) Paragraph {
	return Paragraph{N: 1, Line: line, EndLine: line, Text: text, Kind: KindTitle}
}

func head(n, line, level int, text string, section ...string) Paragraph {
	return Paragraph{N: n, Line: line, EndLine: line, Text: text, Kind: KindHeading, Level: level, Section: section}
}

func body(n, line int, text string, section ...string) Paragraph {
	return Paragraph{N: n, Line: line, EndLine: line, Text: text, Kind: KindBody, Section: section}
}

func meta(n, line int, text string, section ...string) Paragraph {
	return Paragraph{N: n, Line: line, EndLine: line, Text: text, Kind: KindMeta, Section: section}
}

// joined is a paragraph of lines line to end.
func joined(p Paragraph, end int) Paragraph {
	p.EndLine = end
	return p
}

func TestParseText(t *testing.T) {
	for _, tc := range []struct {
		name      string
		file      string // defaults to "doc.txt"
		text      string
		want      Document // Encoding is always UTF8
		skipParas bool     // compare metadata only
	}{
		{
			name: "CRLF line endings count as one break",
			text: "标题\r\n\r\n第一段。\r\n第二段。\r\n",
			want: Document{Title: "标题", Paragraphs: []Paragraph{
				title(1, "标题"), body(2, 3, "第一段。"), body(3, 4, "第二段。"),
			}},
		},
		{
			name: "lone CR ends a line",
			text: "标题\r正文一。\r\r正文二。\n正文三。",
			want: Document{Title: "标题", Paragraphs: []Paragraph{
				title(1, "标题"), body(2, 2, "正文一。"), body(3, 4, "正文二。"), body(4, 5, "正文三。"),
			}},
		},
		{
			name: "spaces, full-width spaces, BOM and zero-width characters are trimmed",
			text: "\ufeff  标题\t\n\u3000\u3000正文，含　全角空格。\u200b\n",
			want: Document{Title: "标题", Paragraphs: []Paragraph{
				title(1, "标题"), body(2, 2, "正文，含　全角空格。"),
			}},
		},
		{
			name: "Markdown headings nest by their number of #, below the # title",
			text: "# 某某\n\n## 第一章 总则\n\n第一条 总则条文。\n\n### 第一节 一般规定\n\n第二条 条文。\n\n## 第二章 附则\n\n第三条 施行。\n",
			want: Document{Title: "某某", Paragraphs: []Paragraph{
				title(1, "某某"),
				head(2, 3, 1, "第一章 总则"),
				body(3, 5, "第一条 总则条文。", "第一章 总则"),
				head(4, 7, 2, "第一节 一般规定", "第一章 总则"),
				body(5, 9, "第二条 条文。", "第一章 总则", "第一节 一般规定"),
				head(6, 11, 1, "第二章 附则"),
				body(7, 13, "第三条 施行。", "第二章 附则"),
			}},
		},
		{
			name: "numbered heading kinds nest from 一、 to ①, and a heading closes its own kind and deeper",
			text: "标题\n一、总体要求\n（一）指导思想\n1.基本原则\n（1）坚持稳中求进\n①第一点\n正文。\n二、主要任务\n正文二。",
			want: Document{Title: "标题", Paragraphs: []Paragraph{
				title(1, "标题"),
				head(2, 2, 1, "一、总体要求"),
				head(3, 3, 2, "（一）指导思想", "一、总体要求"),
				head(4, 4, 3, "1.基本原则", "一、总体要求", "（一）指导思想"),
				head(5, 5, 4, "（1）坚持稳中求进", "一、总体要求", "（一）指导思想", "1.基本原则"),
				head(6, 6, 5, "①第一点", "一、总体要求", "（一）指导思想", "1.基本原则", "（1）坚持稳中求进"),
				body(7, 7, "正文。", "一、总体要求", "（一）指导思想", "1.基本原则", "（1）坚持稳中求进", "①第一点"),
				head(8, 8, 1, "二、主要任务"),
				body(9, 9, "正文二。", "二、主要任务"),
			}},
		},
		{
			name: "a heading's level is its depth, whatever kind the outermost one is",
			text: "标题\n（一）第一部分\n1．甲\n（二）第二部分\n正文。",
			want: Document{Title: "标题", Paragraphs: []Paragraph{
				title(1, "标题"),
				head(2, 2, 1, "（一）第一部分"),
				head(3, 3, 2, "1．甲", "（一）第一部分"),
				head(4, 4, 1, "（二）第二部分"),
				body(5, 5, "正文。", "（二）第二部分"),
			}},
		},
		{
			name: "full-width digits and ASCII parentheses number headings; decimals and ranges do not",
			text: "标题\n１．总体要求\n(1)稳增长\n(一)外层\n1.5亿元用于补贴。\n3、4月份完成。\n一、二级海塘应当加固。",
			want: Document{Title: "标题", Paragraphs: []Paragraph{
				title(1, "标题"),
				head(2, 2, 1, "１．总体要求"),
				head(3, 3, 2, "(1)稳增长", "１．总体要求"),
				head(4, 4, 1, "(一)外层"),
				body(5, 5, "1.5亿元用于补贴。", "(一)外层"),
				body(6, 6, "3、4月份完成。", "(一)外层"),
				body(7, 7, "一、二级海塘应当加固。", "(一)外层"),
			}},
		},
		{
			name: "第X编/章/节 with or without a space, but not in a sentence",
			text: "# 总则\n第一编 总则\n第一章总则\n第一节　通则\n第三章规定的事项，适用本法。\n第二章 附则",
			want: Document{Title: "总则", Paragraphs: []Paragraph{
				title(1, "总则"),
				head(2, 2, 1, "第一编 总则"),
				head(3, 3, 2, "第一章总则", "第一编 总则"),
				head(4, 4, 3, "第一节　通则", "第一编 总则", "第一章总则"),
				body(5, 5, "第三章规定的事项，适用本法。", "第一编 总则", "第一章总则", "第一节　通则"),
				head(6, 6, 2, "第二章 附则", "第一编 总则"),
			}},
		},
		{
			name: "run-in heading: the section is named by its first sentence",
			text: "标题\n一、总结经验,积极推广有效做法\n(一)不断创新,农村道路安全监管取得一定实效。各县(市、区)在积极推广XX经验的基础上,破难题,出实招。\n一是整合监管力量。",
			want: Document{Title: "标题", Paragraphs: []Paragraph{
				title(1, "标题"),
				head(2, 2, 1, "一、总结经验,积极推广有效做法"),
				head(3, 3, 2, "(一)不断创新,农村道路安全监管取得一定实效。各县(市、区)在积极推广XX经验的基础上,破难题,出实招。", "一、总结经验,积极推广有效做法"),
				body(4, 4, "一是整合监管力量。", "一、总结经验,积极推广有效做法", "(一)不断创新,农村道路安全监管取得一定实效。"),
			}},
		},
		{
			name: "run-in heading without an early sentence end: the section is its first clause",
			text: "标题\n（一）着力推进产业转型升级，加快构建以先进制造业为骨干的现代化产业体系和具有地方特色的现代服务业体系，推动经济持续向好发展。正文继续。\n正文。",
			want: Document{Title: "标题", Paragraphs: []Paragraph{
				title(1, "标题"),
				head(2, 2, 1, "（一）着力推进产业转型升级，加快构建以先进制造业为骨干的现代化产业体系和具有地方特色的现代服务业体系，推动经济持续向好发展。正文继续。"),
				body(3, 3, "正文。", "（一）着力推进产业转型升级"),
			}},
		},
		{
			name: "law: numbered items after an article are list items and never the next article's section",
			text: "# 公益事业捐赠法\n\n1999年6月28日 第九届全国人民代表大会常务委员会第十次会议通过\n\n<!-- INFO END -->\n\n" +
				"## 第一章 总则\n\n第三条 本法所称公益事业是指非营利的下列事项：\n\n（一）救助灾害、救济贫困；\n\n（二）教育、科学、文化事业；\n\n" +
				"（三）促进社会发展的其他事业。\n\n1.这一项也是列表；\n\n第四条 捐赠应当是自愿和无偿的。\n",
			want: Document{
				Title: "公益事业捐赠法", Date: "1999-06-28", Issuer: "全国人民代表大会常务委员会", Type: "法", Region: "全国", Force: "法律",
				Paragraphs: []Paragraph{
					title(1, "公益事业捐赠法"),
					meta(2, 3, "1999年6月28日 第九届全国人民代表大会常务委员会第十次会议通过"),
					head(3, 7, 1, "第一章 总则"),
					body(4, 9, "第三条 本法所称公益事业是指非营利的下列事项：", "第一章 总则"),
					body(5, 11, "（一）救助灾害、救济贫困；", "第一章 总则"),
					body(6, 13, "（二）教育、科学、文化事业；", "第一章 总则"),
					body(7, 15, "（三）促进社会发展的其他事业。", "第一章 总则"),
					body(8, 17, "1.这一项也是列表；", "第一章 总则"),
					body(9, 19, "第四条 捐赠应当是自愿和无偿的。", "第一章 总则"),
				},
			},
		},
		{
			name: "law: numbered groups of articles stay headings",
			text: "# 标题\n一、管辖\n第一条 条文：\n（一）甲；\n（二）乙。\n二、回避\n第二条 条文。\n## 第二章\n（一）丙\n",
			want: Document{Title: "标题", Paragraphs: []Paragraph{
				title(1, "标题"),
				head(2, 2, 1, "一、管辖"),
				body(3, 3, "第一条 条文：", "一、管辖"),
				body(4, 4, "（一）甲；", "一、管辖"),
				body(5, 5, "（二）乙。", "一、管辖"),
				head(6, 6, 1, "二、回避"),
				body(7, 7, "第二条 条文。", "二、回避"),
				head(8, 8, 1, "第二章"),
				head(9, 9, 2, "（一）丙", "第二章"),
			}},
		},
		{
			name: "report: items ending with semicolons are a list; the item after them too",
			text: "标题\n一、民生实事\n1.发放劳务报酬20亿元以上；扩大就业。\n2.新增就业18万人；\n3.完善养老服务网络。\n正文。\n（一）下一节\n",
			want: Document{Title: "标题", Paragraphs: []Paragraph{
				title(1, "标题"),
				head(2, 2, 1, "一、民生实事"),
				body(3, 3, "1.发放劳务报酬20亿元以上；扩大就业。", "一、民生实事"),
				body(4, 4, "2.新增就业18万人；", "一、民生实事"),
				body(5, 5, "3.完善养老服务网络。", "一、民生实事"),
				body(6, 6, "正文。", "一、民生实事"),
				head(7, 7, 2, "（一）下一节", "一、民生实事"),
			}},
		},
		{
			name: "web chrome: navigation and buttons at the head, footer from its marker on; the date line is metadata",
			text: "华博范文网 首页\n\n下载\n打印\n全屏\n收藏\n【字号：\n加大\n还原\n减小\n】\n副市长在全市安全生产工作会议上的讲话\n\n2024-12-23 华博范文网\n\n" +
				"同志们:\n正文一。\n打印\n正文二。\n\n预览阅读已结束,若您需要全文或代笔。\n请点击👉 mooonya 👈联系老师\n\n相关阅读\n最近更新\n另一篇文章的标题\n",
			want: Document{
				Title: "副市长在全市安全生产工作会议上的讲话", Date: "2024-12-23", Source: "华博范文网", Speaker: "副市长", Type: "讲话",
				Paragraphs: []Paragraph{
					title(12, "副市长在全市安全生产工作会议上的讲话"), meta(2, 14, "2024-12-23 华博范文网"),
					body(3, 16, "同志们:"), body(4, 17, "正文一。"), body(5, 19, "正文二。"),
				},
			},
		},
		{
			name: "a footer marker before any text is skipped, not a cut",
			text: "分享到\n扫一扫在手机打开当前页\n标题\n正文。\n",
			want: Document{Title: "标题", Paragraphs: []Paragraph{title(3, "标题"), body(2, 4, "正文。")}},
		},
		{
			name: "breadcrumbs, date-time line, subtitle and speaker of a provincial report; the generic title made specific",
			text: "您的位置:\n首页\n>\n云南要闻\n云南要闻\n2026年政府工作报告\n来源：云南日报\n2026-02-03 09:02:33\n【字体：\n大\n中\n小\n】\n" +
				"——2026年1月28日在云南省第十四届人民代表大会第四次会议上\n省长　王予波\n各位代表：\n",
			want: Document{
				Title: "2026年云南省政府工作报告", Date: "2026-01-28", Source: "云南日报", Speaker: "省长 王予波",
				Issuer: "云南省人民政府", Type: "报告", Region: "云南省",
				Paragraphs: []Paragraph{
					title(6, "2026年政府工作报告"), meta(2, 7, "来源：云南日报"), meta(3, 8, "2026-02-03 09:02:33"),
					meta(4, 14, "——2026年1月28日在云南省第十四届人民代表大会第四次会议上"), meta(5, 15, "省长　王予波"),
					body(6, 16, "各位代表："),
				},
			},
		},
		{
			name: "labels with their values on the next line are one paragraph; a page counter is dropped",
			text: "当前位置：\n首页\n>\n宁夏要闻\n2026年宁夏回族自治区政府工作报告\n发表时间：\n2026-02-09 09:45:30\n来源：\n宁夏日报客户端\n阅读量：\n" +
				"政府工作报告\n——2026年2月3日在宁夏回族自治区第十三届人民代表大会第四次会议上\n自治区人民政府主席 张雨浦\n各位代表：\n",
			want: Document{
				Title: "2026年宁夏回族自治区政府工作报告", Date: "2026-02-03", Source: "宁夏日报客户端", Speaker: "自治区人民政府主席 张雨浦",
				Issuer: "宁夏回族自治区人民政府", Type: "报告", Region: "宁夏回族自治区",
				Paragraphs: []Paragraph{
					title(5, "2026年宁夏回族自治区政府工作报告"),
					joined(meta(2, 6, "发表时间：2026-02-09 09:45:30"), 7),
					joined(meta(3, 8, "来源：宁夏日报客户端"), 9),
					meta(4, 11, "政府工作报告"),
					meta(5, 12, "——2026年2月3日在宁夏回族自治区第十三届人民代表大会第四次会议上"),
					meta(6, 13, "自治区人民政府主席 张雨浦"),
					body(7, 14, "各位代表："),
				},
			},
		},
		{
			name: "subtitle broken over two lines is one paragraph, speaker with padded name",
			text: "政府工作报告\n——2026年1月26日在广东省第十四届\n人民代表大会第五次会议上\n广东省省长 孟 凡 利\n各位代表：\n",
			want: Document{
				Title: "2026年广东省政府工作报告", Date: "2026-01-26", Speaker: "广东省省长 孟凡利",
				Issuer: "广东省人民政府", Type: "报告", Region: "广东省",
				Paragraphs: []Paragraph{
					title(1, "政府工作报告"),
					joined(meta(2, 2, "——2026年1月26日在广东省第十四届人民代表大会第五次会议上"), 3),
					meta(3, 4, "广东省省长 孟 凡 利"),
					body(4, 5, "各位代表："),
				},
			},
		},
		{
			name: "subtitle in parentheses with a Chinese-numeral date; photo captions are metadata",
			text: "政府工作报告。 贵州日报天眼新闻记者 李森 摄\n政府工作报告\n（二〇二六年一月二十七日在贵州省第十四届人民代表大会第四次会议上）\n省长 李炳军\n省长李炳军作政府工作报告\n各位代表：\n",
			want: Document{
				Title: "2026年贵州省政府工作报告", Date: "2026-01-27", Speaker: "省长 李炳军",
				Issuer: "贵州省人民政府", Type: "报告", Region: "贵州省",
				Paragraphs: []Paragraph{
					meta(1, 1, "政府工作报告。 贵州日报天眼新闻记者 李森 摄"),
					{N: 2, Line: 2, EndLine: 2, Text: "政府工作报告", Kind: KindTitle},
					meta(3, 3, "（二〇二六年一月二十七日在贵州省第十四届人民代表大会第四次会议上）"),
					meta(4, 4, "省长 李炳军"),
					meta(5, 5, "省长李炳军作政府工作报告"),
					body(6, 6, "各位代表："),
				},
			},
		},
		{
			name: "a bare name after other metadata is the speaker",
			text: "2026年湖南省政府工作报告\n来源：湖南日报\n时间：2026-02-24\n毛伟明\n各位代表：\n",
			want: Document{
				Title: "2026年湖南省政府工作报告", Date: "2026-02-24", Source: "湖南日报", Speaker: "毛伟明",
				Issuer: "湖南省人民政府", Type: "报告", Region: "湖南省",
				Paragraphs: []Paragraph{
					title(1, "2026年湖南省政府工作报告"), meta(2, 2, "来源：湖南日报"), meta(3, 3, "时间：2026-02-24"), meta(4, 4, "毛伟明"),
					body(5, 5, "各位代表："),
				},
			},
		},
		{
			name: "law info lines: the latest date wins, a 施行 line is the effective date, and they are metadata paragraphs",
			text: "# 中华人民共和国安全生产法\n\n2002年6月29日  第九届全国人民代表大会常务委员会第二十八次会议通过\n\n" +
				"2021年6月10日 第十三届全国人民代表大会常务委员会第二十九次会议第三次修正\n\n" +
				"2021年9月1日 施行\n\n<!-- INFO END -->\n\n## 第一章 总则\n",
			want: Document{
				Title: "中华人民共和国安全生产法", Date: "2021-06-10", Effective: "2021-09-01",
				Issuer: "全国人民代表大会常务委员会", Type: "法", Region: "全国", Force: "法律",
				Paragraphs: []Paragraph{
					title(1, "中华人民共和国安全生产法"),
					meta(2, 3, "2002年6月29日  第九届全国人民代表大会常务委员会第二十八次会议通过"),
					meta(3, 5, "2021年6月10日 第十三届全国人民代表大会常务委员会第二十九次会议第三次修正"),
					meta(4, 7, "2021年9月1日 施行"),
					head(5, 11, 1, "第一章 总则"),
				},
			},
		},
		{
			name: "date from the file name when the text states none; force from the folder",
			file: "laws/行政法/安全生产法(2021-06-10).md",
			text: "# 安全生产法\n\n第一条 为了加强安全生产工作，制定本法。\n",
			want: Document{Title: "安全生产法", Date: "2021-06-10", Type: "法", Force: "法律", Region: "全国", Paragraphs: []Paragraph{
				title(1, "安全生产法"), body(2, 3, "第一条 为了加强安全生产工作，制定本法。"),
			}},
		},
		{
			name: "year from the title when nothing more precise is stated",
			text: "1956年中华人民共和国国务院政府工作报告\n\n各位代表：\n",
			want: Document{
				Title: "1956年中华人民共和国国务院政府工作报告", Date: "1956", Issuer: "国务院", Type: "报告", Region: "全国",
				Paragraphs: []Paragraph{title(1, "1956年中华人民共和国国务院政府工作报告"), body(2, 3, "各位代表：")},
			},
		},
		{
			name: "no title line: the file's base name is the title and there is no title paragraph",
			file: "reports/国务院报告.txt",
			text: "现在，我代表国务院向大会报告工作。\n一、回顾\n",
			want: Document{Title: "国务院报告", Type: "报告", Paragraphs: []Paragraph{
				body(1, 1, "现在，我代表国务院向大会报告工作。"), head(2, 2, 1, "一、回顾"),
			}},
		},
		{
			name: "HTML comments, table separators and empty Markdown headings are not paragraphs",
			text: "# 规定\n<!-- TABLE -->\n| 条文 | 罪名 |\n|-----|-----|\n| 第1条 | 甲罪 |\n<!-- TABLE END -->\n##\n",
			want: Document{Title: "规定", Type: "规定", Paragraphs: []Paragraph{
				title(1, "规定"), body(2, 3, "| 条文 | 罪名 |"), body(3, 5, "| 第1条 | 甲罪 |"),
			}},
		},
		{
			name: "a parenthesised source is metadata wherever it stands",
			text: "标题\n各位代表：\n正文。\n（来源：青海日报）\n编辑：何继红\n",
			want: Document{Title: "标题", Source: "青海日报", Paragraphs: []Paragraph{
				title(1, "标题"), body(2, 2, "各位代表："), body(3, 3, "正文。"), meta(4, 4, "（来源：青海日报）"),
			}},
		},
		{
			name: "metadata is not looked for once the text proper has started",
			text: "标题\n正文开始了。\n2024-12-23 华博范文网\n省长 王某某\n",
			want: Document{Title: "标题", Paragraphs: []Paragraph{
				title(1, "标题"), body(2, 2, "正文开始了。"), body(3, 3, "2024-12-23 华博范文网"), body(4, 4, "省长 王某某"),
			}},
		},
		{
			name: "empty text",
			file: "空.txt",
			text: "",
			want: Document{Title: "空"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			file := tc.file
			if file == "" {
				file = "doc.txt"
			}
			got := ParseText(file, tc.text)
			tc.want.Encoding = UTF8
			if diff := cmp.Diff(&tc.want, got); diff != "" {
				t.Errorf("ParseText(%q, %q) (-want +got):\n%s", file, tc.text, diff)
			}
		})
	}
}

func TestParseDate(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		ok       bool
	}{
		{"2026-02-09", "2026-02-09", true},
		{"2026/2/9 09:20", "2026-02-09", true},
		{"2026.02.09", "2026-02-09", true},
		{"２０２６年２月３日", "2026-02-03", true},
		{"2026年02月10日 07时41分", "2026-02-10", true},
		{"二〇二六年一月二十七日在甘肃", "2026-01-27", true},
		{"一九九九年十二月三十一日", "1999-12-31", true},
		{"2026年2月", "2026-02", true},
		{"2026-13-01", "", false},
		{"2026年", "", false},
		{"20260209", "", false},
		{"2026-02/09", "", false},
		{"二〇26年1月1日", "", false},
	} {
		t.Run(tc.in, func(t *testing.T) {
			got, _, ok := parseDate(tc.in)
			if !ok {
				got = ""
			}
			if got != tc.want || ok != tc.ok {
				t.Errorf("parseDate(%q) = %q, %v; want %q, %v", tc.in, got, ok, tc.want, tc.ok)
			}
		})
	}
}

func TestKindString(t *testing.T) {
	got := []string{KindTitle.String(), KindHeading.String(), KindBody.String(), Kind(0).String()}
	want := []string{"title", "heading", "body", "Kind(0)"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Kind.String() (-want +got):\n%s", diff)
	}
}

// TestParseLongLine parses a 50 MB text that is one line: a paragraph check
// that looked at a whole line more than a bounded number of times would make
// this take minutes rather than a fraction of a second. (The text is built
// once: under -race, every copy of 50 MB costs more than parsing it.)
func TestParseLongLine(t *testing.T) {
	const size = 50 << 20
	unit := "安全生产工作，"
	text := strings.Repeat(unit, size/len(unit))
	doc := ParseText("long.txt", text)
	want := &Document{Title: "long", Encoding: UTF8, Paragraphs: []Paragraph{body(1, 1, text)}}
	// cmp.Diff would print 50 MB; compare the parts.
	if len(doc.Paragraphs) != 1 {
		t.Fatalf("got %d paragraphs, want 1", len(doc.Paragraphs))
	}
	got := *doc
	got.Paragraphs = nil
	if diff := cmp.Diff(Document{Title: want.Title, Encoding: want.Encoding}, got); diff != "" {
		t.Errorf("metadata (-want +got):\n%s", diff)
	}
	if p, w := doc.Paragraphs[0], want.Paragraphs[0]; p.Text != w.Text || p.N != w.N || p.Line != w.Line || p.Kind != w.Kind || p.Section != nil {
		t.Errorf("got paragraph N=%d Line=%d Kind=%v Section=%q len(Text)=%d; want 1, 1, body, [], %d",
			p.N, p.Line, p.Kind, p.Section, len(p.Text), len(w.Text))
	}
}

// TestParseManyLines parses 100,000 lines ended by lone \r: finding each
// line's end must not search the rest of the text for a \n.
func TestParseManyLines(t *testing.T) {
	const n = 100000
	doc := ParseText("many.txt", strings.Repeat("正文。\r", n))
	if len(doc.Paragraphs) != n {
		t.Fatalf("got %d paragraphs, want %d", len(doc.Paragraphs), n)
	}
	if last := doc.Paragraphs[n-1]; last.Line != n || last.Text != "正文。" {
		t.Errorf("last paragraph is on line %d with text %q; want line %d, 正文。", last.Line, last.Text, n)
	}
}

// TestParsePathological parses texts built to make a careless parser
// quadratic: 100,000 "一、一" lines (each asks whether a 二、 follows), as
// many organ names (each may start a signature), and as many lines each
// opening a 《.
func TestParsePathological(t *testing.T) {
	const n = 100000
	for _, line := range []string{"一、一年来工作回顾", "国务院", "见《"} {
		doc := ParseText("many.txt", strings.Repeat(line+"\n", n))
		if len(doc.Paragraphs) == 0 {
			t.Errorf("%q × %d: no paragraphs", line, n)
		}
	}
}
