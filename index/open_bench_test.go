package index_test

import (
	"os"
	"testing"

	"github.com/zhsearch/zhsearch/index"
)

// BenchmarkOpen opens and closes an index, as every CLI search does: the
// cost of the checks on open (ZHSEARCH_BENCH_INDEX names the index; the
// test corpus otherwise).
func BenchmarkOpen(b *testing.B) {
	dir := os.Getenv("ZHSEARCH_BENCH_INDEX")
	if dir == "" {
		dir = b.TempDir()
		if _, err := index.Update(b.Context(), dir, seg(b), []string{"../testdata/corpus"}, index.UpdateOptions{}); err != nil {
			b.Fatal(err)
		}
	}
	for b.Loop() {
		ix, err := index.Open(dir)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := ix.Titles(); err != nil {
			b.Fatal(err)
		}
		ix.Close()
	}
}
