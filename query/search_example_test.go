package query_test

import (
	"context"
	"fmt"
	"log"
	"os"

	"github.com/zhsearch/zhsearch/index"
	"github.com/zhsearch/zhsearch/query"
	"github.com/zhsearch/zhsearch/segment"
)

// Build an index of the reference speech, then search it for a keyword that
// gse cuts three different ways in that speech.
func ExampleSearch() {
	dir, err := os.MkdirTemp("", "zhsearch-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)

	seg, err := segment.New(segment.Options{}) // seconds: build once, pass it around
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	if _, err := index.Update(ctx, dir, seg, []string{"../testdata/speech.txt"}, index.UpdateOptions{}); err != nil {
		log.Fatal(err)
	}
	ix, err := index.Open(dir) // searching needs no segmenter
	if err != nil {
		log.Fatal(err)
	}
	defer ix.Close()

	res, err := query.Search(ctx, ix, "非煤矿山 关闭", query.Options{Limit: 2})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%d paragraphs in %d document\n", res.Total, res.Documents)
	for _, h := range res.Hits {
		m := h.Matches[0]
		fmt.Printf("¶%d %s: %d matches, first %q at byte %d\n", h.Paragraph, h.Section, len(h.Matches), h.Text[m.Start:m.End], m.Start)
	}
	// Output:
	// 7 paragraphs in 1 document
	// ¶16 [三、坚定决心,坚决完成非煤矿山关闭退出任务]: 2 matches, first "非煤矿山" at byte 0
	// ¶4 []: 4 matches, first "非煤矿山" at byte 198
}
