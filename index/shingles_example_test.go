package index_test

import (
	"fmt"

	"github.com/zhsearch/zhsearch/index"
)

// Two versions of a work report's opening formula: the same clause with
// small edits. Punctuation and spaces do not count; each changed or added
// word costs the five-character shingles across it.
func ExampleCompare() {
	a := index.Shingles("现在，我代表省人民政府向大会报告工作，请予审议，并请省政协委员和列席人员提出意见。")
	b := index.Shingles("现在，我代表省人民政府向大会报告工作，请予审议，并请省政协委员和其他列席人员提出意见。")
	sim := index.Compare(a, b)
	fmt.Printf("%d of %d shingles shared: %.2f, near-duplicates: %v\n", sim.Shared, sim.Union, sim.Value(), sim.AtLeast(index.DefaultSimilarity))

	// A heading is too short to compare: every document has one like it.
	fmt.Println(index.Shingles("一、2025年工作回顾") == nil)
	// Output:
	// 29 of 39 shingles shared: 0.74, near-duplicates: true
	// true
}
