package index_test

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/zhsearch/zhsearch/index"
)

// BenchmarkBuild indexes a corpus afresh and reports MB/s of source text:
// the test corpus, and ../shared/corpus/reports when it is there, and the
// share of the build's time spent on near-duplicate signatures and pairs
// (%signatures; see index.Report.Signatures). (make bench compares whole
// builds with bleve's stock cjk analyzer.)
func BenchmarkBuild(b *testing.B) {
	for _, c := range []struct{ name, path string }{
		{"testdata", "../testdata"},
		{"reports", "../../shared/corpus/reports"},
	} {
		if _, err := os.Stat(c.path); err != nil {
			continue
		}
		b.Run(c.name, func(b *testing.B) {
			seg(b).Load() // the dictionary once, outside the timing
			b.SetBytes(dirBytes(c.path))
			var signatures time.Duration
			for b.Loop() {
				rep, err := index.Update(context.Background(), b.TempDir(), seg(b), []string{c.path}, index.UpdateOptions{})
				if err != nil {
					b.Fatal(err)
				}
				signatures += rep.Signatures
			}
			b.ReportMetric(100*signatures.Seconds()/b.Elapsed().Seconds(), "%signatures")
		})
	}
}

func dirBytes(root string) int64 {
	var n int64
	filepath.WalkDir(root, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if info, err := d.Info(); err == nil {
				n += info.Size()
			}
		}
		return nil
	})
	return n
}
