package extract

import "strings"

// isButton reports whether a whole line is one of the buttons and links that
// web pages put around a document (下载, 打印, 【字号： 加大 还原 减小 】 …).
func isButton(line string) bool {
	switch line {
	case "下载", "打印", "全屏", "收藏", "加大", "还原", "减小", "默认",
		"【", "】", "|", "｜", "×", "首页", "返回", "返回顶部", "返回首页",
		"分享", "分享:", "分享：", "打印本页", "关闭", "关闭窗口", "关闭本页",
		"字号", "字号:", "字号：", "字体", "字体:", "字体：", "视力保护色",
		"阅读量:", "阅读量：", "【打印】", "【关闭】", "[打印]", "[关闭]":
		return true
	}
	return false
}

// isBreadcrumbArrow reports whether a line is the separator between two
// breadcrumb links: the line after it is a link too.
func isBreadcrumbArrow(line string) bool {
	switch line {
	case ">", ">>", "›", "»", "＞", "→", "/":
		return true
	}
	return false
}

// fontSizeGroup recognises the start of a 【字号：大 中 小】 button group. closed
// is true when the group ends on the same line.
func fontSizeGroup(line string) (closed, ok bool) {
	if !strings.HasPrefix(line, "【") && !strings.HasPrefix(line, "[") {
		return false, false
	}
	if !runesAtMost(line, 20) || !strings.Contains(line, "字号") && !strings.Contains(line, "字体") {
		return false, false
	}
	return strings.HasSuffix(line, "】") || strings.HasSuffix(line, "]"), true
}

// isFooterMarker reports whether a line starts the promotion, related links
// or copyright or licence notice that follow a document on a web page. Everything from
// such a line on is dropped.
func isFooterMarker(line string) bool {
	if !runesAtMost(line, 80) {
		return false
	}
	for _, m := range []string{
		"预览阅读已结束", "相关阅读", "最近更新", "上一篇", "下一篇", "责任编辑",
		"版权所有", "扫一扫", "分享到", "相关报道", "相关文档", "相关链接",
		"相关附件", "相关新闻", "相关文章", "相关推荐", "热门推荐", "猜你喜欢",
		"打印本页", "关闭窗口", "编辑：", "编辑:", "Copyright", "copyright", "©",
		// Wikisource's licence box under the reports it hosts.
		"本作品是中华人民共和国", "本作品来自", "本作品在", "这部作品在", "Public domain",
	} {
		if strings.HasPrefix(line, m) {
			return true
		}
	}
	return false
}

// isPromo reports whether a line advertises something on its own
// ("请点击👉 xxx 👈联系老师", "》》点击图片进入专题《《").
func isPromo(line string) bool {
	if !runesAtMost(line, 60) {
		return false
	}
	return strings.Contains(line, "👉") && strings.Contains(line, "👈") ||
		strings.Contains(line, "联系老师") && strings.Contains(line, "点击") ||
		strings.HasPrefix(line, "》》") && strings.HasSuffix(line, "《《")
}

// isNav recognises site navigation before a document's title: "华博范文网 首页",
// "首页 > 政务信息 > 宁夏要闻", "您的位置:". crumbs is true when the links
// follow on the next lines.
func isNav(line string) (crumbs, ok bool) {
	if !runesAtMost(line, 40) {
		return false, false
	}
	for _, m := range []string{"您的位置", "您现在的位置", "当前位置", "所在位置"} {
		if strings.HasPrefix(line, m) {
			rest := strings.TrimLeft(line[len(m):], "：: ")
			return rest == "", true
		}
	}
	if strings.HasSuffix(line, "首页") {
		return false, true
	}
	if rest, found := strings.CutPrefix(line, "首页"); found {
		rest = trimSpace(rest)
		if rest == "" {
			return true, true
		}
		return false, strings.ContainsRune(">|/›»＞", firstRune(rest))
	}
	return false, false
}

// isCaption recognises a news photo's caption above a report: "王正谱作政府工作报告。
// 本报记者 霍艳恩摄", "省长赵刚作政府工作报告".
func isCaption(line string) bool {
	if !runesAtMost(line, 100) {
		return false
	}
	if i := strings.LastIndex(line, "记者"); i >= 0 {
		after := trimSpace(line[i+len("记者"):])
		if strings.HasSuffix(line, "摄") || runesAtMost(after, 8) && !hasPunct(after) {
			return true
		}
	}
	s := strings.TrimSuffix(line, "。")
	return strings.HasSuffix(s, "作政府工作报告") && !strings.ContainsAny(s, "，,")
}

// isMarkup reports whether a line is only Markdown punctuation: a table's
// separator row or a thematic break ("|-----|-----|", "---", "***").
func isMarkup(line string) bool {
	return strings.Trim(line, "|-:=*_ \t") == "" && len(line) >= 3
}
