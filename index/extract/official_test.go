package extract

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// official is the metadata of a Document, without its paragraphs.
type official struct {
	Title, Date, Effective, Issuer, Number, Type, Region, Force, Status string
}

func officialOf(d *Document) official {
	return official{d.Title, d.Date, d.Effective, d.Issuer, d.Number, d.Type, d.Region, d.Force, d.Status}
}

func TestOfficial(t *testing.T) {
	for _, tc := range []struct {
		name, file, text string
		want             official
	}{
		{
			name: "a notice: number under the title, signature and date at the end",
			file: "通知.txt",
			text: "国务院办公厅关于做好2023年安全生产工作的通知\n国办发[2023]12号\n各省、自治区、直辖市人民政府：\n现就有关事项通知如下。\n" +
				"一、压实责任\n本通知自2023年5月1日起施行。\n国务院办公厅\n2023年3月20日\n（此件公开发布）\n",
			want: official{Title: "国务院办公厅关于做好2023年安全生产工作的通知", Date: "2023-03-20", Effective: "2023-05-01",
				Issuer: "国务院办公厅", Number: "国办发[2023]12号", Type: "通知", Region: "全国"},
		},
		{
			name: "a municipal notice: its number in parentheses, the region from its issuer",
			file: "意见.txt",
			text: "北京市人民政府关于加快发展数字经济的意见\n（京政发〔2022〕1号）\n各区人民政府：\n为加快发展，提出如下意见。\n",
			want: official{Title: "北京市人民政府关于加快发展数字经济的意见", Issuer: "北京市人民政府", Number: "京政发〔2022〕1号",
				Type: "意见", Region: "北京市"},
		},
		{
			name: "a title broken over two lines is joined when its second line names the kind",
			file: "意见.txt",
			text: "国务院关于在市场监管领域全面推行\n部门联合“双随机、一公开”监管的意见\n国发〔2019〕5号\n各省、自治区、直辖市人民政府：\n正文。\n",
			want: official{Title: "国务院关于在市场监管领域全面推行部门联合“双随机、一公开”监管的意见", Issuer: "国务院",
				Number: "国发〔2019〕5号", Type: "意见", Region: "全国"},
		},
		{
			name: "a city regulation: region from the folder and the city from the adopting body; force from the folder",
			file: "laws/DLC/河南地方法规/地方性法规/河南/洛阳市燃气管理条例(2015-12-15).md",
			text: "# 洛阳市燃气管理条例\n\n2015年10月29日 洛阳市第十四届人民代表大会常务委员会第二十四次会议通过\n\n" +
				"2015年11月26日 河南省第十二届人民代表大会常务委员会第十七次会议批准\n\n<!-- INFO END -->\n\n第五十条 本条例自2016年3月1日起施行。\n",
			want: official{Title: "洛阳市燃气管理条例", Date: "2015-11-26", Effective: "2016-03-01", Issuer: "洛阳市人民代表大会常务委员会",
				Type: "条例", Region: "河南省洛阳市", Force: "地方性法规"},
		},
		{
			name: "an administrative regulation without a folder: force from its State Council order",
			file: "护士条例.md",
			text: "# 护士条例\n\n2008年1月31日 中华人民共和国国务院令第517号公布\n\n<!-- INFO END -->\n\n第一条 为了维护护士的合法权益，制定本条例。\n",
			want: official{Title: "护士条例", Date: "2008-01-31", Issuer: "国务院", Number: "中华人民共和国国务院令第517号",
				Type: "条例", Region: "全国", Force: "行政法规"},
		},
		{
			name: "a judicial interpretation: joint issuer from the title, number from its own line",
			file: "解释.md",
			text: "# 最高人民法院、最高人民检察院关于办理拒不执行判决、裁定刑事案件适用法律若干问题的解释\n\n" +
				"2024年1月8日 最高人民法院审判委员会第1911次会议、2024年7月23日最高人民检察院第十四届检察委员会第三十四次会议通过\n\n" +
				"2024年12月1日 施行\n\n<!-- INFO END -->\n\n法释〔2024〕13号\n\n第一条 正文。\n",
			want: official{Title: "最高人民法院、最高人民检察院关于办理拒不执行判决、裁定刑事案件适用法律若干问题的解释", Date: "2024-07-23",
				Effective: "2024-12-01", Issuer: "最高人民法院、最高人民检察院", Number: "法释〔2024〕13号", Type: "解释", Region: "全国", Force: "司法解释"},
		},
		{
			name: "status from the title's note, and from a label",
			file: "办法.txt",
			text: "某某市物业管理办法（已废止）\n时效性：\n失效\n正文。\n",
			want: official{Title: "某某市物业管理办法（已废止）", Type: "办法", Status: "失效"},
		},
		{
			name: "a generic report title made specific by the subtitle's province and year",
			file: "reports/provincial-2026/政府工作报告.txt",
			text: "政府工作报告\n——2026年1月26日在广东省第十四届人民代表大会第五次会议上\n各位代表：\n",
			want: official{Title: "2026年广东省政府工作报告", Date: "2026-01-26", Issuer: "广东省人民政府", Type: "报告", Region: "广东省"},
		},
		{
			name: "a party congress report: the body it is made for, its kind from the subtitle",
			file: "十九大.txt",
			text: "决胜全面建成小康社会 夺取新时代中国特色社会主义伟大胜利\n——在中国共产党第十九次全国代表大会上的报告\n（2017年10月18日）\n习　近　平\n同志们：\n现在，我代表第十八届中央委员会向大会作报告。\n",
			want: official{Title: "决胜全面建成小康社会 夺取新时代中国特色社会主义伟大胜利", Date: "2017-10-18", Issuer: "中国共产党中央委员会",
				Type: "报告", Region: "全国"},
		},
		{
			name: "a signature before the attachments; a signature that leaves out the province is qualified",
			file: "意见.txt",
			text: "江西省人民政府办公厅关于促进3岁以下婴幼儿照护服务发展的实施意见\n赣府厅发〔2020〕6号\n各市、县（区）人民政府：\n现提出如下实施意见。\n" +
				"附件：重点任务分工\n省政府办公厅\n2020年2月21日\n（此件主动公开）\n附件\n重点任务分工\n",
			want: official{Title: "江西省人民政府办公厅关于促进3岁以下婴幼儿照护服务发展的实施意见", Date: "2020-02-21",
				Issuer: "江西省人民政府办公厅", Number: "赣府厅发〔2020〕6号", Type: "意见", Region: "江西省"},
		},
		{
			name: "a decision in effect when published: the date of the rules it quotes is not its own",
			file: "决定.txt",
			text: "江西省人民政府关于修改《江西省流动人口服务和管理办法》的决定\n省政府决定对办法作如下修改。\n本决定自公布之日起施行。\n" +
				"江西省流动人口服务和管理办法\n第三十条 本办法自2011年11月1日起施行。\n",
			want: official{Title: "江西省人民政府关于修改《江西省流动人口服务和管理办法》的决定", Issuer: "江西省人民政府", Type: "决定", Region: "江西省"},
		},
		{
			name: "a number cited in the text is not the document's",
			file: "讲话.txt",
			text: "在全市安全生产工作会议上的讲话\n同志们：\n按照《国务院关于进一步加强安全生产工作的通知》（国发〔2010〕23号）要求，做好工作。\n",
			want: official{Title: "在全市安全生产工作会议上的讲话", Type: "讲话"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := officialOf(ParseText(tc.file, tc.text))
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("ParseText(%q, %q) (-want +got):\n%s", tc.file, tc.text, diff)
			}
		})
	}
}

func TestFindNumber(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"国发〔2024〕5号", "国发〔2024〕5号"},
		{"国办发[2023]12号", "国办发[2023]12号"},
		{"京政发〔2022〕1号", "京政发〔2022〕1号"},
		{"粤府函（2021）第35号", "粤府函（2021）第35号"},
		{"2008年1月31日 中华人民共和国国务院令第517号公布", "中华人民共和国国务院令第517号"},
		{"国家市场监督管理总局令第２０号", "国家市场监督管理总局令第２０号"},
		{"〔2024〕5号", ""},
		{"国发〔24〕5号", ""},
		{"令第5号", ""},
	} {
		got, _, _ := findNumber(tc.in)
		if got != tc.want {
			t.Errorf("findNumber(%q) = %q; want %q", tc.in, got, tc.want)
		}
	}
}

func TestHeadingsAsAReaderSeesThem(t *testing.T) {
	for _, tc := range []struct {
		name string
		text string
		want []Paragraph
	}{
		{
			name: "一、 headings whose text starts with a number, in sequence, are headings",
			text: "标题\n一、一年来工作回顾\n正文。\n二、九十年代改革和建设的主要任务\n正文。\n三、一以贯之转作风\n正文。",
			want: []Paragraph{
				title(1, "标题"),
				head(2, 2, 1, "一、一年来工作回顾"), body(3, 3, "正文。", "一、一年来工作回顾"),
				head(4, 4, 1, "二、九十年代改革和建设的主要任务"), body(5, 5, "正文。", "二、九十年代改革和建设的主要任务"),
				head(6, 6, 1, "三、一以贯之转作风"), body(7, 7, "正文。", "三、一以贯之转作风"),
			},
		},
		{
			name: "a lone 一、二级 line out of sequence counts; it is not a heading",
			text: "标题\n一、总体要求\n一、二级海塘\n正文。",
			want: []Paragraph{
				title(1, "标题"),
				head(2, 2, 1, "一、总体要求"), body(3, 3, "一、二级海塘", "一、总体要求"), body(4, 4, "正文。", "一、总体要求"),
			},
		},
		{
			name: "amendment items are not headings",
			text: "# 修正案\n一、将刑法第五十条第一款修改为：“判处死刑缓期执行的……”\n二、在刑法第三十七条后增加一条，作为第三十七条之一。\n三、本修正案自2015年11月1日起施行。",
			want: []Paragraph{
				title(1, "修正案"),
				body(2, 2, "一、将刑法第五十条第一款修改为：“判处死刑缓期执行的……”"),
				body(3, 3, "二、在刑法第三十七条后增加一条，作为第三十七条之一。"),
				body(4, 4, "三、本修正案自2015年11月1日起施行。"),
			},
		},
		{
			name: "closing remarks after the last section belong to no section; an address inside a section does",
			text: "标题\n一、回顾\n各位代表！一年来成绩显著。\n二、任务\n正文。\n各位代表！让我们团结奋斗。",
			want: []Paragraph{
				title(1, "标题"),
				head(2, 2, 1, "一、回顾"), body(3, 3, "各位代表！一年来成绩显著。", "一、回顾"),
				head(4, 4, 1, "二、任务"), body(5, 5, "正文。", "二、任务"),
				body(6, 6, "各位代表！让我们团结奋斗。"),
			},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := ParseText("doc.txt", tc.text).Paragraphs
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("ParseText(%q) (-want +got):\n%s", tc.text, diff)
			}
		})
	}
}
