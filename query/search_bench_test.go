package query_test

import (
	"context"
	"os"
	"testing"

	"github.com/zhsearch/zhsearch/index"
	"github.com/zhsearch/zhsearch/query"
)

// BenchmarkSearchWarm times one-keyword searches (top 10) on an open index,
// as a Go program embedding zhsearch runs them: on the test corpus, and on
// ../shared/corpus/reports when it is there (the target is under 1 ms).
func BenchmarkSearchWarm(b *testing.B) {
	run := func(b *testing.B, ix *index.Index) {
		for _, q := range []string{"非煤矿山", "安全生产", "新质生产力", "煤"} {
			b.Run(q, func(b *testing.B) {
				for b.Loop() {
					if _, err := query.Search(context.Background(), ix, q, query.Options{Limit: 10}); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
	b.Run("testdata", func(b *testing.B) { run(b, testIndex) })
	const reports = "../../shared/corpus/reports"
	if _, err := os.Stat(reports); err != nil {
		return
	}
	dir := b.TempDir()
	if _, err := index.Update(context.Background(), dir, testSeg, []string{reports}, index.UpdateOptions{}); err != nil {
		b.Fatal(err)
	}
	ix, err := index.Open(dir)
	if err != nil {
		b.Fatal(err)
	}
	defer ix.Close()
	b.Run("reports", func(b *testing.B) { run(b, ix) })
}
