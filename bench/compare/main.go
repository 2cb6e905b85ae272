// Command compare measures zhsearch against bleve's stock cjk analyzer (the
// cjkbaseline command) on the same corpora, in alternation, and prints a
// table of medians and ratios: build time, build peak memory, index size,
// re-index of an unchanged corpus, and cold search time and peak memory
// (process start to exit). "make bench" runs it.
//
//	go run ./bench/compare [-runs 5] [-query 非煤矿山,安全生产] [-corpus speech|reports|all]
package main

import (
	"flag"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/zhsearch/zhsearch/bench/internal/machine"
)

type corpus struct{ name, path string }

func main() {
	runs := flag.Int("runs", 5, "runs of each measurement (medians are reported)")
	searchRuns := flag.Int("search-runs", 15, "runs of each cold search")
	queries := flag.String("query", "非煤矿山,安全生产", "the one-keyword queries of the cold searches, comma-separated")
	only := flag.String("corpus", "", "measure only the corpus with this name (speech, reports, all)")
	flag.Parse()

	work, err := os.MkdirTemp("", "zhsearch-bench")
	check(err)
	defer os.RemoveAll(work)
	zh := filepath.Join(work, "zhsearch")
	cjk := filepath.Join(work, "cjkbaseline")
	for bin, pkg := range map[string]string{zh: "./cmd/zhsearch", cjk: "./bench/cjkbaseline"} {
		out, err := exec.Command("go", "build", "-o", bin, pkg).CombinedOutput()
		if err != nil {
			fmt.Fprintf(os.Stderr, "go build %s: %v\n%s", pkg, err, out)
			os.Exit(2)
		}
	}

	corpora := []corpus{{"speech", "testdata/speech.txt"}}
	shared := "../shared/corpus"
	if _, err := os.Stat(shared); err == nil {
		corpora = append(corpora, corpus{"reports", filepath.Join(shared, "reports")}, corpus{"all", shared})
	} else {
		fmt.Printf("note: %s is not here; measuring the reference speech only\n\n", shared)
	}
	fmt.Printf("machine: %d cores, %s; %s; %d runs each (cold searches: %d), medians\n\n", runtime.NumCPU(), machine.CPUModel(), runtime.Version(), *runs, *searchRuns)
	fmt.Println("| corpus | measure | stock cjk | zhsearch | ratio | target |")
	fmt.Println("| --- | --- | --- | --- | --- | --- |")
	for _, c := range corpora {
		if *only != "" && c.name != *only {
			continue
		}
		measureCorpus(c, work, zh, cjk, *runs, *searchRuns, strings.Split(*queries, ","))
	}
}

// measureCorpus prints the rows of one corpus. The issue sets the build
// targets on the whole corpus ("all") only, the cold-search targets on
// every corpus.
func measureCorpus(c corpus, work, zh, cjk string, runs, searchRuns int, queries []string) {
	zhDir := filepath.Join(work, c.name+"-zh")
	cjkDir := filepath.Join(work, c.name+"-cjk")
	var zhBuild, cjkBuild, zhReindex []sample
	for range runs {
		os.RemoveAll(cjkDir)
		cjkBuild = append(cjkBuild, measure(cjk, "index", cjkDir, c.path))
		os.RemoveAll(zhDir)
		zhBuild = append(zhBuild, measure(zh, "index", "--quiet", "--index", zhDir, c.path))
		zhReindex = append(zhReindex, measure(zh, "index", "--quiet", "--index", zhDir, c.path))
	}
	zhSearch, cjkSearch := make([][]sample, len(queries)), make([][]sample, len(queries))
	for range searchRuns {
		for i, q := range queries {
			cjkSearch[i] = append(cjkSearch[i], measure(cjk, "search", cjkDir, q))
			zhSearch[i] = append(zhSearch[i], measure(zh, "search", "--color", "never", "--index", zhDir, q))
		}
	}
	size := func(dir string) float64 { return float64(dirSize(dir)) / (1 << 20) }
	mb := float64(dirSize(c.path)) / (1 << 20)
	row := func(what string, base, ours float64, unit, target string) {
		fmt.Printf("| %s | %s | %s | %s | %.2fx | %s |\n", c.name, what, format(base, unit), format(ours, unit), ours/base, target)
	}
	target := func(t string) string {
		if c.name == "all" {
			return t
		}
		return ""
	}
	bt, zt := median(cjkBuild, wall), median(zhBuild, wall)
	row("build time", bt, zt, "s", "")
	fmt.Printf("| %s | build throughput | %.2f MB/s | %.2f MB/s | %.2fx | %s |\n", c.name, mb/bt, mb/zt, bt/zt, target("≥ 1.5x"))
	row("build peak memory", median(cjkBuild, rss), median(zhBuild, rss), "MiB", target("≤ 1 GiB"))
	row("index size", size(cjkDir), size(zhDir), "MiB", target("≤ 0.6x"))
	fmt.Printf("| %s | re-index, unchanged | | %s | %.1f%% of build | %s |\n", c.name, format(median(zhReindex, wall), "s"), 100*median(zhReindex, wall)/zt, target("≤ 5%"))
	for i, q := range queries {
		row("cold search "+q+" time", median(cjkSearch[i], wall), median(zhSearch[i], wall), "ms", "≤ 1.5x")
		row("cold search "+q+" peak memory", median(cjkSearch[i], rss), median(zhSearch[i], rss), "MiB", "≤ 2x")
	}
}

type sample struct {
	wall time.Duration
	rss  int64 // bytes
}

func wall(s sample) float64 { return s.wall.Seconds() }
func rss(s sample) float64  { return float64(s.rss) / (1 << 20) }

func median(samples []sample, f func(sample) float64) float64 {
	v := make([]float64, len(samples))
	for i, s := range samples {
		v[i] = f(s)
	}
	slices.Sort(v)
	if len(v)%2 == 1 {
		return v[len(v)/2]
	}
	return (v[len(v)/2-1] + v[len(v)/2]) / 2
}

func format(v float64, unit string) string {
	switch unit {
	case "ms":
		return fmt.Sprintf("%.1f ms", v*1000)
	case "s":
		return fmt.Sprintf("%.2f s", v)
	}
	return fmt.Sprintf("%.1f %s", v, unit)
}

// measure runs a command to its end and returns its wall time and peak
// resident memory. Exit status 1 (no hits, or files skipped) is not an error.
func measure(name string, args ...string) sample {
	cmd := exec.Command(name, args...)
	cmd.Stdout = nil
	var stderr strings.Builder
	cmd.Stderr = &stderr
	start := time.Now()
	err := cmd.Run()
	d := time.Since(start)
	if err != nil && cmd.ProcessState.ExitCode() != 1 {
		fmt.Fprintf(os.Stderr, "%s %s: %v\n%s", name, strings.Join(args, " "), err, stderr.String())
		os.Exit(2)
	}
	return sample{wall: d, rss: machine.PeakRSS(cmd.ProcessState)}
}

func dirSize(path string) int64 {
	var n int64
	filepath.WalkDir(path, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if info, err := d.Info(); err == nil {
				n += info.Size()
			}
		}
		return nil
	})
	return n
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
}
