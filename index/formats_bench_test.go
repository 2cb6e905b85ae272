package index_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/zhsearch/zhsearch/index"
)

// BenchmarkBuildFormats indexes each folder of ../shared/corpus/formats
// afresh and reports MB/s of source files (a PDF's or OFD's bytes, not its
// text's): how fast each format's reader and the indexing behind it go.
// BenchmarkBuild's text figures are the baseline.
func BenchmarkBuildFormats(b *testing.B) {
	root := "../../shared/corpus/formats"
	for _, format := range []string{"html", "docx", "pdf", "ofd", "doc"} {
		dir := filepath.Join(root, format)
		if _, err := os.Stat(dir); err != nil {
			continue
		}
		b.Run(format, func(b *testing.B) {
			seg(b).Load()
			b.SetBytes(dirBytes(dir))
			b.ReportAllocs()
			for b.Loop() {
				rep, err := index.Update(context.Background(), b.TempDir(), seg(b), []string{dir}, index.UpdateOptions{})
				if err != nil {
					b.Fatal(err)
				}
				if rep.Added == 0 {
					b.Fatalf("nothing indexed: %v", rep.Skipped)
				}
			}
		})
	}
}
