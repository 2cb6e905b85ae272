package extract

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestJoinLines(t *testing.T) {
	for _, tc := range []struct {
		name  string
		lines []string
		want  []string
	}{
		{
			name:  "a line breaking inside 《…》 is joined, whether the break is before or after the name",
			lines: []string{"制定并组织实施《", "国家公共卫生监测信息体系建设规划", "》和《", "突发公共卫生事件医疗救治体系建设规划", "》，建立预警机制。"},
			want:  []string{"制定并组织实施《国家公共卫生监测信息体系建设规划》和《突发公共卫生事件医疗救治体系建设规划》，建立预警机制。"},
		},
		{
			name:  "an open quotation goes on into the line that closes it",
			lines: []string{"毛主席指出：“", "我们已经取得了伟大的胜利。", "”这是一个号召。"},
			want:  []string{"毛主席指出：“我们已经取得了伟大的胜利。”这是一个号召。"},
		},
		{
			name:  "a short fragment inside an open parenthesis joins, a whole sentence does not",
			lines: []string{"细颗粒物（PM", "2.5", "）治理取得进展。", "（此处说明", "下一段是完整的一句话。"},
			want:  []string{"细颗粒物（PM2.5）治理取得进展。", "（此处说明", "下一段是完整的一句话。"},
		},
		{
			name:  "a bare number and a line ending with ， or 、 go on into the next",
			lines: []string{"第二，", "加强经济核算的工作。", "二、", "必须批判保守思想。", "三是", "加快发展。", "教育、", "卫生事业。"},
			want:  []string{"第二，加强经济核算的工作。", "二、必须批判保守思想。", "三是加快发展。", "教育、卫生事业。"},
		},
		{
			name:  "headings, signatures and dates stay lines; an empty line always ends a paragraph",
			lines: []string{"（四）关心群众生活", "我们高度重视解决群众的问题，", "", "努力使群众满意。", "国务院", "2019年1月27日"},
			want:  []string{"（四）关心群众生活", "我们高度重视解决群众的问题，", "努力使群众满意。", "国务院", "2019年1月27日"},
		},
		{
			name:  "a line ending with ， is not joined to a numbered heading",
			lines: []string{"我们要做好以下工作，", "（一）稳定经济增长"},
			want:  []string{"我们要做好以下工作，", "（一）稳定经济增长"},
		},
		{
			name:  "Markdown headings, HTML comments and buttons are never joined",
			lines: []string{"国务院作出《", "## 第一章 总则", "【字号：", "加大", "】", "<!-- INFO END -->"},
			want:  []string{"国务院作出《", "## 第一章 总则", "【字号：", "加大", "】", "<!-- INFO END -->"},
		},
		{
			name:  "Latin words joined across a break keep a space between them",
			lines: []string{"Public", "domain（", "CC0", "）"},
			want:  []string{"Public", "domain（CC0）"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, JoinLines(tc.lines)); diff != "" {
				t.Errorf("JoinLines(%q) (-want +got):\n%s", tc.lines, diff)
			}
		})
	}
}

// hardWrapped is a notice as a PDF extraction gives it: lines of about 30
// characters, broken wherever the margin fell, paragraphs indented.
const hardWrapped = `关于做好2024年安全生产工作的通知

各区县人民政府，市政府各部门：
  为深入贯彻落实党中央、国务院关于安全生产工作的决策部
署，切实防范化解重大安全风险，坚决遏制重特大事故发生，现
就做好2024年全市安全生产工作通知如下。
  一、压紧压实安全生产责任。各地区各部门要严格落实党政领
导干部安全生产责任制，坚持管行业必须管安全、管业务必须管
安全、管生产经营必须管安全。
  二、深入开展隐患排查治理。要聚焦矿山、危险化学品、消防
、交通运输等重点行业领域，组织开展全覆盖的隐患排查整治。
`

func TestJoinHardWrapped(t *testing.T) {
	doc := ParseText("通知.txt", hardWrapped)
	var got []string
	for _, p := range doc.Paragraphs {
		got = append(got, p.Kind.String()+" "+p.Text)
	}
	want := []string{
		"title 关于做好2024年安全生产工作的通知",
		"body 各区县人民政府，市政府各部门：",
		"body 为深入贯彻落实党中央、国务院关于安全生产工作的决策部署，切实防范化解重大安全风险，坚决遏制重特大事故发生，现就做好2024年全市安全生产工作通知如下。",
		"heading 一、压紧压实安全生产责任。各地区各部门要严格落实党政领导干部安全生产责任制，坚持管行业必须管安全、管业务必须管安全、管生产经营必须管安全。",
		"heading 二、深入开展隐患排查治理。要聚焦矿山、危险化学品、消防、交通运输等重点行业领域，组织开展全覆盖的隐患排查整治。",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ParseText(hard-wrapped notice) (-want +got):\n%s", diff)
	}
	if w := measureWrap(splitLines(hardWrapped)); w.width == 0 {
		t.Errorf("measureWrap found no wrap width in a hard-wrapped text")
	}
	// One paragraph a line, of every length, is not hard-wrapped.
	report, err := readTestdata("provincial-hebei.txt")
	if err != nil {
		t.Fatal(err)
	}
	if w := measureWrap(splitLines(report)); w.width != 0 {
		t.Errorf("measureWrap(provincial-hebei.txt) = %+v; want no wrap width", w)
	}
}

// TestJoinLinesLong joins 200,000 lines that each open a 《: the work must
// stay linear, and no paragraph may hold more than maxJoinedLines lines.
func TestJoinLinesLong(t *testing.T) {
	lines := make([]string, 200000)
	for i := range lines {
		lines[i] = "见《"
	}
	got := JoinLines(lines)
	if want := len(lines) / maxJoinedLines; len(got) != want {
		t.Errorf("got %d paragraphs, want %d", len(got), want)
	}
	if got[0] != strings.Repeat("见《", maxJoinedLines) {
		t.Errorf("first paragraph %q…", cut(got[0], 20))
	}
}
