package index_test

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/zhsearch/zhsearch/index"
	"github.com/zhsearch/zhsearch/segment"
)

// oneLineMB is the size of the one-line files BenchmarkBuildOneLine builds:
// 8 MB by default, so that make bench stays short; ZHSEARCH_ONELINE_MB=50
// repeats the 50 MB case of issue 15.
func oneLineMB(tb testing.TB) int {
	s := os.Getenv("ZHSEARCH_ONELINE_MB")
	if s == "" {
		return 8
	}
	n, err := strconv.Atoi(s)
	if err != nil || n <= 0 {
		tb.Fatalf("ZHSEARCH_ONELINE_MB=%q: want a positive number of megabytes", s)
	}
	return n
}

// BenchmarkBuildOneLine indexes files that are one huge line, as web pages
// and PDFs produce, against the reports corpus as the baseline: MB/s should
// be about the same, and so should the peak of memory (MB-peak, the Go
// runtime's memory in use at its highest). The lines are the corpus's own
// text joined without newlines; "nopunct" drops every punctuation mark and
// space as well, and "ascii" spells each Han character as a Latin word.
func BenchmarkBuildOneLine(b *testing.B) {
	src := "../../shared/corpus/reports"
	if _, err := os.Stat(src); err != nil {
		b.Logf("%s not found: generating from ../testdata/corpus/reports", src)
		src = "../testdata/corpus/reports"
	}
	size := oneLineMB(b) << 20
	cases := []struct {
		name string
		path string
	}{{"corpus", src}}
	dir := b.TempDir()
	for _, kind := range []string{"punct", "nopunct", "ascii"} {
		path := filepath.Join(dir, kind, "oneline.txt")
		if err := writeOneLine(path, src, kind, size); err != nil {
			b.Fatal(err)
		}
		cases = append(cases, struct{ name, path string }{fmt.Sprintf("%s-%dMB", kind, size>>20), path})
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			seg(b).Load() // the dictionary once, outside the timing
			b.SetBytes(dirBytes(c.path))
			var peak uint64
			for b.Loop() {
				out := b.TempDir()
				p := measurePeak(func() {
					if _, err := index.Update(context.Background(), out, seg(b), []string{c.path}, index.UpdateOptions{}); err != nil {
						b.Fatal(err)
					}
				})
				peak = max(peak, p)
			}
			b.ReportMetric(float64(peak)/(1<<20), "MB-peak")
		})
	}
}

// writeOneLine writes size bytes of the text of the files under src as one
// line: kind "punct" keeps the text as it is, "nopunct" keeps only units
// (no punctuation, no spaces), "ascii" spells every Han character as a
// three-letter word followed by a space.
func writeOneLine(path, src, kind string, size int) error {
	var text strings.Builder
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		for line := range strings.Lines(string(data)) {
			line = strings.TrimRight(line, "\r\n")
			for _, r := range line {
				switch {
				case kind == "punct":
					text.WriteRune(r)
				case kind == "nopunct" && (segment.IsHan(r) || unicode.IsLetter(r) || unicode.IsDigit(r)):
					text.WriteRune(r)
				case kind == "ascii" && segment.IsHan(r):
					text.WriteString(string(rune('a'+r%26)) + string(rune('a'+r/26%26)) + string(rune('a'+r/676%26)) + " ")
				case kind == "ascii" && r < 0x80:
					text.WriteRune(r)
				}
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	if text.Len() == 0 {
		return fmt.Errorf("no text under %s", src)
	}
	unit := text.String()
	var out strings.Builder
	for out.Len() < size {
		out.WriteString(unit)
	}
	line := out.String()
	cut := size
	for cut > 0 && !utf8.RuneStart(line[cut]) {
		cut--
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, []byte(line[:cut]), 0o644)
}

// measurePeak runs fn and returns the most memory the Go runtime held from
// the operating system meanwhile (less what it had handed back), sampled
// every few milliseconds.
func measurePeak(fn func()) uint64 {
	samples := []metrics.Sample{{Name: "/memory/classes/total:bytes"}, {Name: "/memory/classes/heap/released:bytes"}}
	read := func() uint64 {
		metrics.Read(samples)
		return samples[0].Value.Uint64() - samples[1].Value.Uint64()
	}
	runtime.GC()
	var peak uint64
	var mu sync.Mutex
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		tick := time.NewTicker(5 * time.Millisecond)
		defer tick.Stop()
		for {
			m := read()
			mu.Lock()
			peak = max(peak, m)
			mu.Unlock()
			select {
			case <-done:
				return
			case <-tick.C:
			}
		}
	})
	fn()
	close(done)
	wg.Wait()
	return peak
}
