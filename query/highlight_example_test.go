package query_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"strings"

	"github.com/zhsearch/zhsearch/index"
	"github.com/zhsearch/zhsearch/query"
	"github.com/zhsearch/zhsearch/segment"
)

// From a folder of files to highlighted hits: index the folder into a
// temporary directory, open it, search, and print each hit's fragment with
// its matches marked.
func ExampleHit_Fragment() {
	dir, _ := os.MkdirTemp("", "zhsearch-example")
	defer os.RemoveAll(dir)
	seg, err := segment.New(segment.Options{})
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	rep, err := index.Update(ctx, dir, seg, []string{"../testdata/corpus/reports"}, index.UpdateOptions{})
	if err != nil {
		log.Fatal(err)
	}
	for _, s := range rep.Skipped { // files that could not be read: say so
		log.Printf("skipped %s", s)
	}
	ix, err := index.Open(dir)
	if err != nil {
		log.Fatal(err)
	}
	defer ix.Close()
	res, err := query.Search(ctx, ix, "安全生产", query.Options{Limit: 3})
	if err != nil {
		log.Fatal(err)
	}
	for _, h := range res.Hits {
		fmt.Printf("%s ¶%d: %s\n", h.Title, h.Paragraph, h.Fragment(40, "[", "]"))
	}
	// Output:
	// 2024年中华人民共和国国务院政府工作报告 ¶82: …防转型。着力夯实[安全生产]和防灾减灾救灾基层基础，增强风险防范、应急处置和支撑保障…
	// 2024年中华人民共和国国务院政府工作报告 ¶28: …护治理任重道远。[安全生产]的薄弱环节不容忽视。政府工作存在不足，形式主义、官僚主义…
	// 2024年中华人民共和国国务院政府工作报告 ¶24: …好信访工作。狠抓[安全生产]和应急管理，开展重大事故隐患专项排查整治。推动完善国家安…
}

// Highlight cuts a text around its matches into spans, for media where
// marks are more than strings around the text (terminal styles, widgets).
func ExampleHighlight() {
	text := "坚持安全发展理念，统筹发展和安全，强化安全生产责任落实。"
	at := strings.Index(text, "安全生产")
	// Overlapping matches (two keywords) are one span.
	matches := []query.Match{{Start: at, End: at + len("安全")}, {Start: at, End: at + len("安全生产")}}
	f := query.Highlight(text, matches, 0)
	for _, s := range f.Spans {
		fmt.Printf("%-5v %s\n", s.Match, s.Text)
	}
	fmt.Println(f.Mark("<mark>", "</mark>"))
	fmt.Println(query.Highlight(text, matches, 12).Mark("[", "]"))
	// Output:
	// false 坚持安全发展理念，统筹发展和安全，强化
	// true  安全生产
	// false 责任落实。
	// 坚持安全发展理念，统筹发展和安全，强化<mark>安全生产</mark>责任落实。
	// …，强化[安全生产]责任落实。
}
