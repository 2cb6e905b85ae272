package query_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/zhsearch/zhsearch/index"
	"github.com/zhsearch/zhsearch/query"
)

// BenchmarkSearchSet times the keywords of BenchmarkSearchWarm (top 10,
// with counts) over ../shared/corpus/reports as one index ("one", the
// baseline) and as four shards searched as one ("shards": the national
// reports in two halves, the provincial and the Party congress reports).
func BenchmarkSearchSet(b *testing.B) {
	root := sharedReports
	if _, err := os.Stat(root); err != nil {
		b.Skip("../shared/corpus is not here")
	}
	national, err := filepath.Glob(filepath.Join(root, "national", "*"))
	if err != nil || len(national) < 2 {
		b.Fatalf("no national reports in %s: %v", root, err)
	}
	one := tempIndex(b, root)
	var members []*index.Index
	for _, paths := range [][]string{national[:len(national)/2], national[len(national)/2:],
		{filepath.Join(root, "provincial-2026")}, {filepath.Join(root, "cpc")}} {
		members = append(members, tempIndex(b, paths...))
	}
	set, err := index.NewSet(members...)
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	opts := query.Options{Limit: 10}
	for _, q := range []string{"非煤矿山", "安全生产", "新质生产力", "煤", "发展"} {
		b.Run("one/"+q, func(b *testing.B) {
			for b.Loop() {
				if _, err := query.Search(ctx, one, q, opts); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("shards/"+q, func(b *testing.B) {
			for b.Loop() {
				if _, err := query.SearchSet(ctx, set, q, opts); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
