package segment_test

import (
	"fmt"
	"log"
	"strings"

	"github.com/zhsearch/zhsearch/segment"
)

// The units of a sentence are what the index matches on: each Han
// character, and each run of letters or digits as one word, folded
// (full-width to half-width, upper to lower case); punctuation is no unit.
// Offsets are bytes into the text.
func ExampleUnits() {
	text := "２０２４年ＧＤＰ增长5.2%"
	var terms []string
	for u := range segment.Units(text) {
		terms = append(terms, fmt.Sprintf("%s=%s", text[u.Start:u.End], u.Term))
	}
	fmt.Println(strings.Join(terms, " "))
	// Output:
	// ２０２４=2024 年=年 ＧＤＰ=gdp 增=增 长=长 5.2=5.2
}

// Words cuts a sentence into dictionary words, which rank hits and cut
// keywords; the segmenter is built once (loading its dictionaries takes
// seconds) and shared.
func ExampleSegmenter_Words() {
	seg, err := segment.New(segment.Options{})
	if err != nil {
		log.Fatal(err)
	}
	text := "全面关闭退出非煤矿山，压实安全生产责任。"
	var words []string
	for _, t := range seg.Words(text) {
		words = append(words, text[t.Start:t.End])
	}
	fmt.Println(strings.Join(words, " / "))
	// Output:
	// 全面 / 关闭 / 退出 / 非煤矿山 / 压实 / 安全生产责任
}
