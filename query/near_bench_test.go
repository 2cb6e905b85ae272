package query_test

import (
	"context"
	"os"
	"slices"
	"testing"
	"time"

	"github.com/zhsearch/zhsearch/index"
	"github.com/zhsearch/zhsearch/query"
)

// BenchmarkProximityAndSynonyms times proximity and synonym queries
// against the same keywords without them (the target: at most 2x), warm,
// top 10 with counts, and reports each median and the ratio.
func BenchmarkProximityAndSynonyms(b *testing.B) {
	b.Run("testdata", func(b *testing.B) { benchmarkPairs(b, testIndex) })
	if _, err := os.Stat(sharedReports); err != nil {
		return
	}
	ix := tempIndex(b, sharedReports)
	b.Run("reports", func(b *testing.B) { benchmarkPairs(b, ix) })
}

func benchmarkPairs(b *testing.B, ix *index.Index) {
	pairs := []struct{ name, plain, with string }{
		{"sentence", "=安全生产 =责任制", "=安全生产 /s =责任制"},
		{"within-10", "=安全生产 =责任制", "=安全生产 /10 =责任制"},
		{"sentence-common", "=发展 =经济", "=发展 /s =经济"},
		{"synonyms-国企", "=国企", "国企"},
		{"synonyms-安全生产法", "=安全生产法", "安全生产法"},
		{"synonyms-高校", "=高校 =建设", "高校 =建设"},
	}
	for _, p := range pairs {
		b.Run(p.name, func(b *testing.B) {
			var plain, with []time.Duration
			run := func(q string, into *[]time.Duration) {
				start := time.Now()
				if _, err := query.Search(context.Background(), ix, q, query.Options{Limit: 10}); err != nil {
					b.Fatal(err)
				}
				*into = append(*into, time.Since(start))
			}
			run(p.plain, &plain) // warm
			run(p.with, &with)
			plain, with = plain[:0], with[:0]
			for b.Loop() {
				run(p.plain, &plain)
				run(p.with, &with)
			}
			mp, mw := median(plain), median(with)
			b.ReportMetric(float64(mp.Microseconds()), "plain-µs")
			b.ReportMetric(float64(mw.Microseconds()), "with-µs")
			b.ReportMetric(float64(mw)/float64(max(mp, 1)), "ratio")
		})
	}
}

func median(ds []time.Duration) time.Duration {
	slices.Sort(ds)
	return ds[len(ds)/2]
}
