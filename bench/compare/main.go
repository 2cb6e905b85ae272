// Command compare measures zhsearch against the lean bleve program that
// zhsearch's performance targets are set against (../shared/anchors/cjk-lean:
// every line a document with one text field, bleve's cjk analyzer, default
// mapping, batches of 2,000), on the same corpora, the two programs in
// alternation, and prints a table of medians, ratios and the targets: build
// time and throughput, build peak memory, index size, and cold search time
// and peak memory (process start to exit) of a rare and a common keyword.
// With -scale it then builds 1x, 2x, 4x the whole corpus (copies of it under
// other folder names) and prints zhsearch's peak memory and speed at each
// scale, and an update of the largest. "make bench" runs it.
//
//	go run ./bench/compare [-runs 5] [-search-runs 15] [-query 非煤矿山,安全生产] [-corpus speech|reports|all] [-scale 4]
//	    [-keep DIR] [-baseline BIN]
//
// A cold search is mostly starting a process, and its median moves from one
// measurement to the next by about the difference between the programs: to
// measure searches many times over indexes built once, -keep DIR keeps the
// indexes in DIR and, when they are there already, measures their searches
// without building (-runs 0 builds nothing); -baseline BIN runs another
// zhsearch binary's searches too, in the same alternation (lean, zhsearch,
// baseline), to compare two builds of zhsearch in the same minutes. Each
// cold search row gives the interquartile range of the times and of the
// ratio of each run to the lean run just before it.
//
// The lean program is a separate Go module; it is built with go build in its
// folder, as its README says. Without ../shared there is nothing to compare
// with, and compare says so and stops.
//
// The whole corpus ("all") is laws/ and reports/ of ../shared/corpus (64 MB
// of UTF-8 text): the lean program reads files as UTF-8 and extracts
// nothing, so the PDF, Word and GB18030 files beside them would be noise to
// it.
package main

import (
	"flag"
	"fmt"
	"io"
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

const (
	shared = "../shared"
	anchor = shared + "/anchors/cjk-lean"
	corpus = shared + "/corpus"
)

type corpusSpec struct {
	name  string
	paths []string
}

func main() {
	runs := flag.Int("runs", 5, "builds of each program on each corpus (medians are reported)")
	searchRuns := flag.Int("search-runs", 15, "runs of each cold search")
	queries := flag.String("query", "非煤矿山,安全生产", "the one-keyword queries of the cold searches, a rare one and a common one, comma-separated")
	only := flag.String("corpus", "", "measure only the corpus with this name (speech, reports, all); none with -corpus none")
	keep := flag.String("keep", "", "keep the indexes in this folder, and search the ones already there without building them")
	baseline := flag.String("baseline", "", "also run the cold searches with this zhsearch binary, alternating with the others")
	scale := flag.Int("scale", 0, "also build 1x, 2x, ... up to this many copies of the whole corpus (1, 2 or 4)")
	flag.Parse()
	if *scale < 0 || *scale > 4 || *scale == 3 {
		fail(fmt.Errorf("-scale %d: want 1, 2 or 4", *scale))
	}
	if _, err := os.Stat(anchor); err != nil {
		fmt.Printf("compare: %s is not here (it holds the lean bleve program the targets are set against and the corpora): no comparison\n", anchor)
		return
	}

	work, err := os.MkdirTemp("", "zhsearch-bench")
	check(err)
	defer os.RemoveAll(work)
	zh := filepath.Join(work, "zhsearch")
	lean := filepath.Join(work, "cjk-lean")
	if out, err := exec.Command("go", "build", "-o", zh, "./cmd/zhsearch").CombinedOutput(); err != nil {
		fail(fmt.Errorf("go build ./cmd/zhsearch: %v\n%s", err, out))
	}
	build := exec.Command("go", "build", "-o", lean, ".")
	build.Dir = anchor
	if out, err := build.CombinedOutput(); err != nil {
		fail(fmt.Errorf("go build in %s: %v\n%s", anchor, err, out))
	}
	// The programs are copied before they run. The Go linker writes its
	// output through a mapping, page by page, and the page cache keeps such
	// a file in small pieces: a process starting from it took 1-4 ms more
	// (of 30) than from a copy written in one pass, by an amount that moved
	// from one build to the next and between the two programs. Copies of
	// both start alike, as programs read from disk do.
	zh, lean = copied(zh, work, "zhsearch-run"), copied(lean, work, "cjk-lean-run")
	if *baseline != "" {
		*baseline = copied(*baseline, work, "baseline-run")
	}

	fmt.Printf("machine: %d cores, %s, %s; %s; %s\n", runtime.NumCPU(), machine.CPUModel(), memTotal(), runtime.Version(), time.Now().UTC().Format("2006-01-02 15:04 MST"))
	corpora := []corpusSpec{
		{"speech", []string{"testdata/speech.txt"}},
		{"reports", []string{corpus + "/reports"}},
		{"all", []string{corpus + "/laws", corpus + "/reports"}},
	}
	header := false
	for _, c := range corpora {
		if *only != "" && c.name != *only {
			continue
		}
		if !header {
			builds := fmt.Sprintf("%d builds of each program a corpus", *runs)
			if *keep != "" {
				builds += " (none where " + *keep + " holds the indexes)"
			}
			fmt.Printf("%s, %d runs of each cold search (top 10), alternating; medians\n\n", builds, *searchRuns)
			fmt.Println("| corpus | measure | lean cjk | zhsearch | ratio | target | load average |")
			fmt.Println("| --- | --- | --- | --- | --- | --- | --- |")
			header = true
		}
		measureCorpus(c, work, *keep, zh, lean, *baseline, *runs, *searchRuns, strings.Split(*queries, ","))
	}
	if *scale > 0 {
		fmt.Println("zhsearch alone, one build at each scale")
		measureScale(work, zh, *scale)
	}
}

// measureCorpus prints the rows of one corpus. The build throughput target
// is set on the reports and the whole corpus (on the speech, 11 KB, a build
// is mostly loading gse's dictionary); the others on every corpus.
func measureCorpus(c corpusSpec, work, keep, zh, lean, baseline string, runs, searchRuns int, queries []string) {
	dir := work
	if keep != "" {
		dir = keep
	}
	zhDir := filepath.Join(dir, c.name+"-zh")
	leanDir := filepath.Join(dir, c.name+"-lean")
	kept := keep != "" && exists(zhDir) && exists(leanDir)
	if kept {
		runs = 0
	} else if runs == 0 {
		fail(fmt.Errorf("-runs 0: no index of %s to search in %s", c.name, dir))
	}
	load := machine.LoadAverage()
	var zhBuild, leanBuild []sample
	for range runs {
		os.RemoveAll(leanDir)
		leanBuild = append(leanBuild, measure(lean, append([]string{"build", leanDir}, c.paths...)...))
		os.RemoveAll(zhDir)
		zhBuild = append(zhBuild, measure(zh, append([]string{"index", "--quiet", "--index", zhDir}, c.paths...)...))
	}
	zhSearch, leanSearch, baseSearch := make([][]sample, len(queries)), make([][]sample, len(queries)), make([][]sample, len(queries))
	// Both programs and indexes as read from disk (see machine.Evict),
	// then one search of each that is not counted, to read them.
	for _, p := range []string{zhDir, leanDir, zh, lean, baseline} {
		if p != "" {
			check(machine.Evict(p))
		}
	}
	for _, q := range queries {
		measure(lean, "query", leanDir, "10", q)
		measure(zh, "search", "--color", "never", "--limit", "10", "--index", zhDir, q)
		if baseline != "" {
			measure(baseline, "search", "--color", "never", "--limit", "10", "--index", zhDir, q)
		}
	}
	for range searchRuns {
		for i, q := range queries {
			leanSearch[i] = append(leanSearch[i], measure(lean, "query", leanDir, "10", q))
			zhSearch[i] = append(zhSearch[i], measure(zh, "search", "--color", "never", "--limit", "10", "--index", zhDir, q))
			if baseline != "" {
				baseSearch[i] = append(baseSearch[i], measure(baseline, "search", "--color", "never", "--limit", "10", "--index", zhDir, q))
			}
		}
	}
	load += " → " + machine.LoadAverage()
	mb := 0.0
	for _, p := range c.paths {
		mb += float64(dirSize(p)) / 1e6
	}
	row := func(what string, base, ours float64, unit, target string) {
		fmt.Printf("| %s | %s | %s | %s | %.2fx | %s | %s |\n", c.name, what, format(base, unit), format(ours, unit), ours/base, target, load)
	}
	throughputTarget := "≥ 2x"
	if c.name == "speech" {
		throughputTarget = ""
	}
	if runs > 0 {
		lt, zt := median(leanBuild, wall), median(zhBuild, wall)
		fmt.Printf("| %s | build time (%.3g MB) | %s | %s | throughput %.2fx | %s | %s |\n", c.name, mb, format(lt, "s"), format(zt, "s"), lt/zt, throughputTarget, load)
		fmt.Printf("| %s | build CPU time | %s | %s | %.2fx | | %s |\n", c.name, format(median(leanBuild, cpu), "s"), format(median(zhBuild, cpu), "s"), median(zhBuild, cpu)/median(leanBuild, cpu), load)
		fmt.Printf("| %s | build peak memory | %s | %s | %.2fx | ≤ 1 GiB | %s |\n", c.name, format(median(leanBuild, rss), "MiB"), format(median(zhBuild, rss), "MiB"), median(zhBuild, rss)/median(leanBuild, rss), load)
	}
	row("index size", float64(dirSize(leanDir))/(1<<20), float64(dirSize(zhDir))/(1<<20), "MiB", "≤ 0.5x")
	for i, q := range queries {
		searchRow(c.name, "cold search "+q+" time", leanSearch[i], zhSearch[i], load)
		if baseline != "" {
			searchRow(c.name, "cold search "+q+" time, baseline", leanSearch[i], baseSearch[i], load)
		}
		row("cold search "+q+" CPU time", median(leanSearch[i], cpu), median(zhSearch[i], cpu), "ms", "")
		if baseline != "" {
			row("cold search "+q+" CPU time, baseline", median(leanSearch[i], cpu), median(baseSearch[i], cpu), "ms", "")
		}
		row("cold search "+q+" peak memory", median(leanSearch[i], rss), median(zhSearch[i], rss), "MiB", "≤ 1x")
	}
	if keep == "" {
		os.RemoveAll(zhDir)
		os.RemoveAll(leanDir)
	}
}

// searchRow prints the row of a cold search's time: the medians, their
// ratio, and the interquartile ranges of the times and of the ratio of
// each run to the lean run just before it (the two ran in the same
// moment's load).
func searchRow(corpus, what string, lean, ours []sample, load string) {
	ratios := make([]sample, len(ours))
	for i := range ours {
		ratios[i] = sample{wall: time.Duration(float64(time.Second) * wall(ours[i]) / wall(lean[i]))}
	}
	lq1, lm, lq3 := quartiles(lean, wall)
	oq1, om, oq3 := quartiles(ours, wall)
	rq1, _, rq3 := quartiles(ratios, wall)
	fmt.Printf("| %s | %s | %.1f ms (%.1f–%.1f) | %.1f ms (%.1f–%.1f) | %.2fx (each run %.2f–%.2fx) | ≤ 1.0x | %s |\n", corpus, what,
		lm*1000, lq1*1000, lq3*1000, om*1000, oq1*1000, oq3*1000, om/lm, rq1, rq3, load)
}

// quartiles returns the first quartile, the median and the third quartile
// of f over samples.
func quartiles(samples []sample, f func(sample) float64) (q1, m, q3 float64) {
	v := make([]float64, len(samples))
	for i, s := range samples {
		v[i] = f(s)
	}
	slices.Sort(v)
	return v[len(v)/4], median(samples, f), v[(3*len(v))/4]
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// measureScale builds 1x, 2x, ... up to n copies of the whole corpus with
// zhsearch, once each, and prints peak memory and speed at each scale,
// then updates the largest index with one new file. The copies are hard
// links (copies where a link cannot be made) under folder names of their
// own: zhsearch keys documents by path, so each copy is as many new
// documents.
func measureScale(work, zh string, n int) {
	src := filepath.Join(work, "scale")
	var copies []string
	for i := 1; i <= n; i++ {
		dst := filepath.Join(src, fmt.Sprintf("copy%d", i))
		for _, part := range []string{"laws", "reports"} {
			check(linkTree(filepath.Join(corpus, part), filepath.Join(dst, part)))
		}
		copies = append(copies, dst)
	}
	fmt.Println()
	fmt.Println("| scale | corpus | build time | MB/s | CPU time | peak memory | vs 1x | index size | load average |")
	fmt.Println("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
	var base sample
	var baseMB float64
	dir := filepath.Join(work, "scale-zh")
	for k := 1; k <= n; k *= 2 {
		os.RemoveAll(dir)
		load := machine.LoadAverage()
		s := measure(zh, append([]string{"index", "--quiet", "--index", dir}, copies[:k]...)...)
		mb := float64(dirSize(src)) / 1e6 * float64(k) / float64(n)
		if k == 1 {
			base, baseMB = s, mb
		}
		fmt.Printf("| %dx | %.0f MB | %s | %.2f | %s | %s | memory %.2fx, MB/s %.2fx | %s | %s → %s |\n", k, mb, format(wall(s), "s"), mb/wall(s),
			format(cpu(s), "s"), format(rss(s), "MiB"), rss(s)/rss(base), (mb/wall(s))/(baseMB/wall(base)),
			format(float64(dirSize(dir))/(1<<20), "MiB"), load, machine.LoadAverage())
	}
	// An update of the largest index: one new file.
	extra := filepath.Join(copies[n-1], "reports", "zz-update.txt")
	check(os.WriteFile(extra, []byte("关于进一步加强非煤矿山安全生产工作的通知\n\n各地要压实安全生产责任，开展隐患排查治理。\n"), 0o644))
	load := machine.LoadAverage()
	s := measure(zh, append([]string{"index", "--quiet", "--index", dir}, copies...)...)
	fmt.Printf("| %dx, update: one file added | | %s | | %s | %s | memory %.2fx | %s | %s → %s |\n", n, format(wall(s), "s"),
		format(cpu(s), "s"), format(rss(s), "MiB"), rss(s)/rss(base), format(float64(dirSize(dir))/(1<<20), "MiB"), load, machine.LoadAverage())
	os.RemoveAll(dir)
}

// linkTree makes dst a tree of hard links to the files under src.
func linkTree(src, dst string) error {
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		to := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(to, 0o755)
		}
		if err := os.Link(p, to); err != nil {
			data, rerr := os.ReadFile(p)
			if rerr != nil {
				return rerr
			}
			return os.WriteFile(to, data, 0o644)
		}
		return nil
	})
}

type sample struct {
	wall, cpu time.Duration
	rss       int64 // bytes
}

func wall(s sample) float64 { return s.wall.Seconds() }
func cpu(s sample) float64  { return s.cpu.Seconds() }
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

// measure runs a command to its end and returns its wall time, CPU time
// and peak resident memory. Exit status 1 (no hits, or files skipped) is
// not an error.
func measure(name string, args ...string) sample {
	cmd := exec.Command(name, args...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	start := time.Now()
	err := cmd.Run()
	d := time.Since(start)
	if err != nil && cmd.ProcessState.ExitCode() != 1 {
		fail(fmt.Errorf("%s %s: %v\n%s", name, strings.Join(args, " "), err, stderr.String()))
	}
	ps := cmd.ProcessState
	return sample{wall: d, cpu: ps.UserTime() + ps.SystemTime(), rss: machine.PeakRSS(ps)}
}

// memTotal is the machine's memory, from /proc/meminfo.
func memTotal() string {
	data, err := os.ReadFile("/proc/meminfo")
	if err != nil {
		return "memory unknown"
	}
	var kb int64
	for _, line := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(line, "MemTotal:") {
			fmt.Sscanf(strings.TrimPrefix(line, "MemTotal:"), "%d", &kb)
		}
	}
	return fmt.Sprintf("%.0f GiB", float64(kb)/(1<<20))
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
		fail(err)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "compare:", err)
	os.Exit(2)
}

// copied writes a copy of the program at path into dir under name, in
// large writes, and returns the copy's path. Not the whole file in one:
// a child started through os/exec shares this process's memory until it
// execs, and Linux counts this process's peak resident memory then into
// the child's (its rusage's maxrss), so that a 30 MB buffer here made
// every search measured read at least 53 MiB.
func copied(path, dir, name string) string {
	in, err := os.Open(path)
	check(err)
	defer in.Close()
	out := filepath.Join(dir, name)
	f, err := os.OpenFile(out, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o755)
	check(err)
	buf := make([]byte, 4<<20)
	for {
		n, rerr := in.Read(buf)
		if n > 0 {
			_, err := f.Write(buf[:n])
			check(err)
		}
		if rerr == io.EOF {
			break
		}
		check(rerr)
	}
	check(f.Close())
	return out
}
