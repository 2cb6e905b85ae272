// Package extract turns the raw bytes of one policy document file (a law in
// Markdown, a government work report, a speech saved from a web page, a
// notice) into its structure: title, numbered paragraphs with the headings
// above each, and what the document says of itself (date, source, speaker,
// issuer, document number, kind, effective date, region, legal force,
// status).
//
// Units: a [Paragraph]'s Line and EndLine count lines of the decoded text
// from 1, where \r\n, a lone \r and \n each end a line; N counts kept
// paragraphs from 1. Text is the paragraph's lines, each trimmed, joined
// (see [JoinLines]): every line of it is a substring of the decoded text.
// Dates are strings "YYYY-MM-DD", "YYYY-MM" or "YYYY".
//
// [ParseText] works on any decoded text, so readers of other formats (web
// pages, Word, PDF, OFD) hand it their text a paragraph or a line a line;
// [JoinLines] gives them the joining on its own.
//
// # Decoding
//
// [Decode] accepts UTF-8 (with or without BOM), UTF-16 with a BOM and
// GB18030 (which covers GBK and GB2312); see there for how it decides.
//
// # Lines
//
// Every line is trimmed of white space at both ends: ASCII white space,
// U+3000, no-break space, and the BOM and zero-width characters web pages
// leave behind. Empty lines are skipped. Consecutive lines that break
// inside a sentence are joined into one paragraph (see [JoinLines]: a line
// ending inside 《…》, “…” or （…）, one followed by a line that starts with
// 》 ” ） ， 。…, one ending with ， or 、, a bare number such as "二、", and
// the lines of a hard-wrapped text).
//
// Only web-page chrome is dropped, every other line is a paragraph:
//
//   - HTML comments on a line of their own ("<!-- INFO END -->");
//   - Markdown table separators and thematic breaks ("|---|---|", "***");
//   - web-page buttons, each on its own line (下载, 打印, 全屏, 收藏, 首页,
//     关闭窗口, …), a 【字号： 加大 还原 减小 】 group and its relatives;
//   - page counters (阅读量：, 浏览次数：) and their values;
//   - promotions ("请点击👉 xxx 👈联系老师", "》》点击图片进入专题《《");
//   - everything from a footer marker on (预览阅读已结束, 相关阅读, 最近更新,
//     上一篇, 下一篇, 责任编辑, 版权所有, 扫一扫, 分享到, 相关报道,
//     Wikisource's "本作品是中华人民共和国的……公有领域" licence box, …), once
//     some text has been kept; before that a marker line is merely skipped;
//   - before the text proper only: site navigation ("华博范文网 首页",
//     "您的位置:" and the breadcrumb links separated by ">" lines).
//
// # Title and metadata
//
// The title is the first Markdown "# " line, or else the first remaining
// line if it is short (at most 60 runes), is not a numbered heading and does
// not end with punctuation such as 。！？；：，. It is kept as a paragraph of
// [KindTitle]; a title broken over two lines is joined when a "标题：" label
// gives the whole, or when its first line has "关于" and names no kind of
// document and the next line ends with one ("……全面推行" "部门联合……监管的
// 意见"). A document without one has no title paragraph and takes its
// file's base name without extension as Title.
//
// Metadata lines are paragraphs of [KindMeta], searched and shown like
// text, and fill [Document] fields. They are recognised before the title
// and, after it, until the text proper starts (at the first heading, or the
// first line that ends with punctuation or is longer than 60 runes):
//
//   - dates, perhaps with a time and, after a numeric date, a source:
//     "2024-12-23 华博范文网", "2026-02-03 09:02:33", "（2017年10月18日）";
//   - labels: "来源：解放日报", "时间：2026-02-09", "成文日期：", "发文机关：",
//     "发文字号：", "标　　题：", "时效性：", "效力级别：", "索引号：", "作者：";
//     a label whose value is on the next line is one paragraph with it;
//   - a document number on a line of its own: "国发〔2019〕5号";
//   - the subtitle saying when and where a speech was given, after the
//     title: "——2026年2月3日在上海市第十六届人民代表大会第四次会议上",
//     "（2026年1月27日在……会议上）", one paragraph even when broken over two
//     lines; a resolution's adoption note "（2020年5月28日……会议通过）";
//   - after the title, the speaker: a role and a name set apart by a space
//     ("上海市市长 龚 正", recorded as "上海市市长 龚正"), or a bare name of two
//     to four Han characters right after other metadata ("毛伟明");
//   - after the title, a repeat of the title or of a part of it at least two
//     runes long ("政府工作报告" under "2026年宁夏回族自治区政府工作报告");
//   - news photo captions ("王正谱作政府工作报告。本报记者 霍艳恩摄");
//   - in a law, every line between the title and "<!-- INFO END -->" (its
//     题注: adoption, amendment and 施行 lines).
//
// At the end of the text, the signature (落款: organ names on lines of their
// own, then a date) and notes such as "（此件公开发布）" are metadata too, as
// is "（来源：青海日报）" wherever it stands.
//
// Date is the first found of: the subtitle's date; the latest date on a
// law's adoption and amendment lines; an adoption note or 成文日期 label; the
// signature's date; a date line or label; a date in the file name
// ("安全生产法(2021-06-10).md"); a year in the title
// ("1956年中华人民共和国国务院政府工作报告" gives "1956"). Speaker, when no
// line names one, comes from a title such as
// "副市长在全市安全生产重点工作推进现场会上的讲话" (the text before 在 … 上的
// 讲话, 致辞, 报告, 发言 or 演讲).
//
// # Official metadata
//
//   - Effective: a 施行 line of a law's 题注, a 施行日期 label, or a paragraph
//     that says it of the document itself ("第六十条 本条例自2016年3月1日起
//     施行。", "五十二、本修正案自……起施行。").
//   - Issuer: a 发文机关 label; the signature; the body a law's first
//     adoption line names, ordinals dropped ("河南省第九届人民代表大会常务委员会
//     第八次会议通过" gives 河南省人民代表大会常务委员会, "国务院令第517号公布"
//     gives 国务院; a 批准 line only when no other names one); the organs a
//     title starts with ("最高人民法院、最高人民检察院关于……"); for a government
//     work report, the 国务院 or the province's 人民政府; for a report "我代表
//     第十八届中央委员会", 中国共产党中央委员会; an organ named as the source.
//   - Number (发文字号): a 发文字号 label, a line that is only a number, or an
//     order in a law's 题注: an issuer's code and a year in 〔〕 [] ［］ （）
//     () or 【】 and a serial number ("国办发[2023]12号", "京政发〔2022〕1号"),
//     or "……令第517号". Numbers cited in the text are not the document's.
//   - Type (文种): the last words of the title, notes such as "（试行）"
//     aside: 通知, 意见, 办法, 条例, 决定, 决议, 报告, 讲话 (致辞, 发言), 规定,
//     法, 解释, 批复, 函, 修正案, … ; else the subtitle's ("……上的报告"), a
//     report's "向大会作报告", or 案例 for cases.
//   - Force (效力级别): the nearest folder named for one ("宪法", "行政法规",
//     "司法解释", "部门规章", "地方性法规", the law folders "民法商法",
//     "刑法", … as 法律, "案例"); else from the title, issuer and number
//     (国务院令 gives 行政法规, 最高人民法院 and a 解释 司法解释, a local 人大常委会
//     and a 条例 地方性法规, …).
//   - Region: the province (and city, when the issuer is a city's) that
//     the title, issuer, subtitle, speaker's role or 题注 names, else the
//     path's folders or base name ("河南地方法规", "福建省.txt"); "全国" for
//     central bodies and the legal forces only they give.
//   - Status: a 时效性 label, or a title's note ("（已废止）", "（失效）").
//   - A generic title ("政府工作报告", "2026年政府工作报告") of a province's
//     report becomes "2026年贵州省政府工作报告".
//
// # Headings
//
// Heading kinds, from outermost to innermost:
//
//	Markdown #, ##, … ######  (below the document's "# " title)
//	第一编, 第一部分
//	第一分编
//	第一章
//	第一节
//	一、
//	（一） (一)
//	1. 1． 1、   (not "1.5亿元" or "3、4月": no digit may follow)
//	（1） (1) ⑴
//	①
//
// Digits may be full-width. 第X编/章/节 must be followed by a space or end
// the line, unless the line is short and not a sentence ("第一章总则").
// A heading closes every open heading of its own kind or a deeper one and
// then opens; [Paragraph.Section] lists the headings open above a paragraph
// and Level is a heading's depth in that list (1 = outermost), so a report
// whose first headings are 一、 has them at level 1 and a law's "## 第一章" is
// at level 1 too. Section has at most one heading per kind, 15 at most.
//
// A 一、 line whose text starts with a number ("一、一年来工作回顾",
// "二、九十年代……") is a heading when it is short, not a sentence, and in
// sequence: numbered one more than the last 一、 heading, or 一、 with a 二、
// line later; otherwise it counts ("一、二级海塘") and is body text.
// Closing remarks ("各位代表！……") after the last heading belong to no
// section.
//
// A numbered line that goes on with body text is a run-in heading: "（一）不断
// 创新，农村道路安全监管取得一定实效。各县……". The whole line is the
// paragraph; the section name is its first sentence when that ends (。！？)
// within 40 runes, else the whole line when it is at most 60 runes and has
// no sentence end, else its first clause (up to ，：；), else its first 40
// runes.
//
// # List items
//
// Numbered lines are list items, kept as [KindBody] and opening no section,
// when
//
//   - they follow a law article (第X条) within the same 编/章/节: "（一）救助
//     灾害……；" under 第三条 belongs to 第三条 and never becomes the section of
//     第四条. The exception is a short line that is not a sentence and is of
//     the same or an outer kind than a numbered heading opened before the
//     articles: "二、回避" after "一、管辖" and its articles is the next group;
//   - they amend a law: "一、将第五条修改为：……", "二、在第十条后增加一条……",
//     "三、本修正案自……起施行。";
//   - outside articles, they end with ；or ; or their first clause does, as
//     items of an enumeration do, or they follow such an item at the same or
//     a deeper kind ("10.……。" after "9.……；").
//
// 第X条 lines themselves are body paragraphs; a 编/章/节 or Markdown heading
// ends the article.
//
// Parsing is one pass over the lines, with work linear in each line's
// length: pattern checks look at a bounded prefix or suffix of a line.
package extract
