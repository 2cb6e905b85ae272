package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/zhsearch/zhsearch/index"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata")

// testIndex is built once from the reference speech and the test corpus.
var testIndex string

func TestMain(m *testing.M) {
	flag.Parse()
	os.Exit(func() int {
		dir, err := os.MkdirTemp("", "zhsearch-cmd-test")
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 2
		}
		defer os.RemoveAll(dir)
		testIndex = filepath.Join(dir, "index")
		var stdout, stderr bytes.Buffer
		if code := run([]string{"index", "--index", testIndex, "../../testdata/speech.txt", "../../testdata/corpus"}, nil, &stdout, &stderr); code != 0 {
			fmt.Fprintf(os.Stderr, "building the test index: exit %d\n%s%s", code, stdout.String(), stderr.String())
			return 2
		}
		return m.Run()
	}())
}

type result struct {
	code           int
	stdout, stderr string
}

func runCLI(t *testing.T, args ...string) result {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(args, strings.NewReader(""), &stdout, &stderr)
	return result{code, stdout.String(), stderr.String()}
}

// timing hides the one thing in search output that changes from run to run.
var timing = regexp.MustCompile(`\(\d+\.\d ms\)`)

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	got = timing.ReplaceAllString(got, "(TIME)")
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("%s (-want +got):\n%s", path, diff)
	}
}

func TestSearchOutput(t *testing.T) {
	tests := []struct {
		name string
		args []string
		code int
	}{
		{"search-feimei", []string{"非煤矿山"}, 0},
		{"search-two-keywords", []string{"--limit", "3", "安全社区", "建设"}, 0},
		{"search-explain", []string{"--explain", "--limit", "2", "安全社区", "建设"}, 0},
		{"search-phrase-or-exclude", []string{"--limit", "5", `"农村道路交通" OR 交通事故 -宣传`}, 0},
		{"search-title-field", []string{"--limit", "2", "title:河北", "安全生产"}, 0},
		{"search-fullwidth-digits", []string{"--limit", "2", "--fragment", "40", "1955年"}, 0},
		{"search-no-hits", []string{"量子纠缠"}, 1},
		{"search-law-article", []string{"--limit", "3", "《安全生产法》第二十一条"}, 0},
		{"search-filters", []string{"--limit", "3", "发展", "kind:报告", "date:2020..", "-region:全国"}, 0},
		{"search-filters-alone", []string{"region:全国"}, 0},
		{"search-color", []string{"--color", "always", "--limit", "1", "非煤矿山"}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runCLI(t, append([]string{"search", "--index", testIndex}, tt.args...)...)
			if r.code != tt.code {
				t.Fatalf("exit %d, want %d; stderr: %s", r.code, tt.code, r.stderr)
			}
			if r.stderr != "" {
				t.Errorf("stderr: %s", r.stderr)
			}
			golden(t, tt.name, r.stdout)
		})
	}
}

func TestSearchJSON(t *testing.T) {
	r := runCLI(t, "search", "--index", testIndex, "--json", "--limit", "0", "交通")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if len(lines) < 5 {
		t.Fatalf("%d JSON lines, want every hit", len(lines))
	}
	for _, line := range lines {
		var hit struct {
			Doc       string   `json:"doc"`
			Title     string   `json:"title"`
			Section   []string `json:"section"`
			Paragraph int      `json:"paragraph"`
			Text      string   `json:"text"`
			Score     float64  `json:"score"`
			Matches   []struct {
				Start int `json:"start"`
				End   int `json:"end"`
			} `json:"matches"`
		}
		dec := json.NewDecoder(strings.NewReader(line))
		dec.DisallowUnknownFields()
		if err := json.Unmarshal([]byte(line), &hit); err != nil {
			t.Fatalf("line %q: %v", line, err)
		}
		if hit.Doc == "" || hit.Title == "" || hit.Section == nil || hit.Paragraph < 1 || hit.Score <= 0 {
			t.Errorf("hit lacks a field: %s", line)
		}
		if len(hit.Matches) != strings.Count(hit.Text, "交通") {
			t.Errorf("%d matches for %d occurrences of 交通 in %q", len(hit.Matches), strings.Count(hit.Text, "交通"), hit.Text)
		}
		for _, m := range hit.Matches {
			if hit.Text[m.Start:m.End] != "交通" {
				t.Errorf("match [%d,%d) is %q", m.Start, m.End, hit.Text[m.Start:m.End])
			}
		}
	}
	if strings.Contains(r.stdout, "\x1b[") {
		t.Error("JSON output holds colour codes")
	}
}

func TestSearchErrors(t *testing.T) {
	tests := []struct {
		name       string
		args       []string
		wantStderr []string
	}{
		{"an unclosed quote names the column", []string{"search", "--index", testIndex, `安全 "非煤矿山`}, []string{"column 4", "^"}},
		{"punctuation alone has nothing to search", []string{"search", "--index", testIndex, "，。"}, []string{"no letters, digits or Chinese characters", "，。"}},
		{"a missing index gets a hint", []string{"search", "--index", filepath.Join(t.TempDir(), "none"), "安全"}, []string{"no index here", "hint: build it with: zhsearch index"}},
		{"no query", []string{"search", "--index", testIndex}, []string{"no query"}},
		{"an unknown flag", []string{"search", "--frobnicate", "安全"}, []string{"unknown flag: --frobnicate", "zhsearch help search"}},
		{"a bad colour mode", []string{"search", "--index", testIndex, "--color", "sometimes", "安全"}, []string{"--color must be auto, always or never"}},
		{"an unknown command", []string{"serch", "安全"}, []string{`unknown command "serch"`}},
		{"index without --index", []string{"index", "../../testdata/speech.txt"}, []string{"--index DIR is required"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runCLI(t, tt.args...)
			if r.code != 2 {
				t.Errorf("exit %d, want 2", r.code)
			}
			if !strings.HasPrefix(r.stderr, "zhsearch: ") {
				t.Errorf("stderr %q does not start with zhsearch: ", r.stderr)
			}
			for _, w := range tt.wantStderr {
				if !strings.Contains(r.stderr, w) {
					t.Errorf("stderr %q lacks %q", r.stderr, w)
				}
			}
		})
	}
}

func TestHelpExitsZero(t *testing.T) {
	for _, args := range [][]string{{"help"}, {"--help"}, {"search", "--help"}, {"index", "-h"}, {"help", "segment"}} {
		r := runCLI(t, args...)
		if r.code != 0 || !strings.Contains(r.stdout, "Usage") {
			t.Errorf("%v: exit %d, stdout %q", args, r.code, r.stdout)
		}
	}
}

func TestColorFollowsNoColor(t *testing.T) {
	t.Setenv("NO_COLOR", "1")
	// auto never colours a buffer, and NO_COLOR keeps it off too
	r := runCLI(t, "search", "--index", testIndex, "--color", "auto", "非煤矿山")
	if strings.Contains(r.stdout, "\x1b[") {
		t.Error("colour codes with NO_COLOR set")
	}
	r = runCLI(t, "search", "--index", testIndex, "--color", "always", "非煤矿山")
	if !strings.Contains(r.stdout, "\x1b[1;31m非煤矿山\x1b[0m") {
		t.Error("--color=always does not colour the match")
	}
}

func TestIndexCommand(t *testing.T) {
	src := t.TempDir()
	data, _ := os.ReadFile("../../testdata/speech.txt")
	os.WriteFile(filepath.Join(src, "speech.txt"), data, 0o644)
	os.WriteFile(filepath.Join(src, "bad.txt"), []byte("\x00\x01binary"), 0o644)
	dir := filepath.Join(t.TempDir(), "ix")

	r := runCLI(t, "index", "--index", dir, src)
	if r.code != 1 || !strings.Contains(r.stderr, "bad.txt") || !strings.Contains(r.stderr, "1 path was skipped") {
		t.Errorf("a skipped file: exit %d (want 1), stderr %q", r.code, r.stderr)
	}
	if !strings.Contains(r.stdout, "1 added") {
		t.Errorf("stdout %q", r.stdout)
	}
	r = runCLI(t, "index", "--strict", "--index", dir, src)
	if r.code != 2 || !strings.Contains(r.stderr, "unchanged") {
		t.Errorf("--strict: exit %d (want 2), stderr %q", r.code, r.stderr)
	}
	os.Remove(filepath.Join(src, "bad.txt"))
	r = runCLI(t, "index", "--index", dir, src)
	if r.code != 0 || !strings.Contains(r.stdout, "already up to date") {
		t.Errorf("unchanged rerun: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
	r = runCLI(t, "search", "--index", dir, "非煤矿山")
	if r.code != 0 || !strings.Contains(r.stdout, "7 hits in 1 document") {
		t.Errorf("search after index: exit %d, stdout %q", r.code, r.stdout)
	}
}

func TestSegmentCommand(t *testing.T) {
	r := runCLI(t, "segment", "全市非煤矿山关闭退出工作")
	if r.code != 0 || !strings.Contains(r.stdout, "非煤矿山") || !strings.Contains(r.stdout, " / ") {
		t.Errorf("exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
}

func TestBuiltinIndex(t *testing.T) {
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	t.Setenv("HOME", t.TempDir())
	for i := range 2 { // built on first use, opened after
		r := runCLI(t, "search", "非煤矿山")
		if r.code != 0 || !strings.Contains(r.stdout, "7 hits in 1 document") || !strings.Contains(r.stdout, "speech.txt") {
			t.Fatalf("search %d: exit %d, stdout %q, stderr %q", i+1, r.code, r.stdout, r.stderr)
		}
	}
}

func TestTrendCommand(t *testing.T) {
	r := runCLI(t, "trend", "--index", testIndex, "--json", "安全生产", "量子纠缠")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if len(lines) != 2 {
		t.Fatalf("%d JSON lines, want one per keyword", len(lines))
	}
	var tr trend
	if err := json.Unmarshal([]byte(lines[0]), &tr); err != nil {
		t.Fatal(err)
	}
	search := runCLI(t, "search", "--index", testIndex, "--json", "--limit", "0", "安全生产")
	hits := strings.Count(search.stdout, "\n")
	paragraphs, occurrences, prev := 0, 0, ""
	for _, row := range tr.Rows {
		if prev != "" && row.Value <= prev {
			t.Errorf("years out of order: %s after %s", row.Value, prev)
		}
		prev = row.Value
		paragraphs += row.Paragraphs
		occurrences += row.Occurrences
	}
	// Every document of the test corpus is dated.
	if tr.By != "year" || tr.Paragraphs != hits || paragraphs != hits || occurrences != strings.Count(search.stdout, `"start"`) {
		t.Errorf("trend %+v: want years adding up to the %d hits of search and their matches", tr, hits)
	}
	// The test corpus's documents are dated 1956 (a 1955 report), 2021
	// (安全生产法), 2024 and 2026: every year between is a row, and only
	// those four have documents.
	if len(tr.Rows) != 2026-1956+1 || tr.Rows[0].Value != "1956" || tr.Rows[len(tr.Rows)-1].Value != "2026" {
		t.Errorf("rows %v: want every year from 1956 to 2026, gaps included", tr.Rows)
	}
	var withDocs []string
	for _, row := range tr.Rows {
		if row.Indexed > 0 {
			withDocs = append(withDocs, row.Value)
		}
	}
	if diff := cmp.Diff([]string{"1956", "2021", "2024", "2026"}, withDocs); diff != "" {
		t.Errorf("years with documents (-want +got):\n%s", diff)
	}
	r = runCLI(t, "trend", "--index", testIndex, "量子纠缠")
	if r.code != 1 {
		t.Errorf("no hits: exit %d, want 1", r.code)
	}
	golden(t, "trend-feimei", runCLI(t, "trend", "--index", testIndex, "非煤矿山").stdout)
	golden(t, "trend-by-region", runCLI(t, "trend", "--index", testIndex, "--by", "region", "安全生产", "发展", "kind:报告").stdout)
	if r := runCLI(t, "trend", "--index", testIndex, "--by", "province", "安全生产"); r.code != 2 || !strings.Contains(r.stderr, "--by must be") {
		t.Errorf("--by province: exit %d, stderr %q; want 2 and the values --by takes", r.code, r.stderr)
	}
	if r := runCLI(t, "trend", "--index", testIndex, "kind:报告"); r.code != 2 || !strings.Contains(r.stderr, "no keyword") {
		t.Errorf("a filter alone: exit %d, stderr %q; want 2, no keyword", r.code, r.stderr)
	}
}

func TestStatsCommand(t *testing.T) {
	r := runCLI(t, "stats", "--index", testIndex, "--json")
	var st indexStats
	if r.code != 0 || json.Unmarshal([]byte(r.stdout), &st) != nil {
		t.Fatalf("exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
	if st.Documents != 6 || st.Paragraphs < 500 || st.Terms < 1000 || st.Bytes == 0 || st.Segmenter == "" {
		t.Errorf("stats %+v", st)
	}
	// The test corpus is text and Markdown only.
	if diff := cmp.Diff(map[string]int{"text": 6}, st.Files); diff != "" {
		t.Errorf("documents by kind of file (-want +got):\n%s", diff)
	}
}

// TestStatsFormats checks that stats counts documents by the kind of file
// they were read from.
func TestStatsFormats(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "src")
	os.Mkdir(src, 0o755)
	os.WriteFile(filepath.Join(src, "a.txt"), []byte("关于安全生产的通知\n安全生产。\n"), 0o644)
	os.WriteFile(filepath.Join(src, "b.html"), []byte("<html><head><meta charset=utf-8><title>关于网页的通知</title></head><body><div id=zoom><p>网页正文讲安全生产。</p></div></body></html>"), 0o644)
	ix := filepath.Join(dir, "ix")
	if r := runCLI(t, "index", "--quiet", "--index", ix, src); r.code != 0 {
		t.Fatalf("index: exit %d, stderr %q", r.code, r.stderr)
	}
	r := runCLI(t, "stats", "--index", ix)
	if !strings.Contains(r.stdout, "files       html 1, text 1\n") {
		t.Errorf("stats does not count documents by kind of file:\n%s", r.stdout)
	}
}

func TestProgressLine(t *testing.T) {
	got := progressLine(index.Progress{Files: 10, FilesDone: 5, Bytes: 4 << 20, BytesDone: 1 << 20}, 2*time.Second)
	want := "██████░░░░░░░░░░░░░░░░░░ 5/10 files  1.0/4.0 MB  0.5 MB/s  6s left"
	if got != want {
		t.Errorf("progressLine:\n got %q\nwant %q", got, want)
	}
	got = progressLine(index.Progress{Files: 10, FilesDone: 10, Bytes: 4 << 20, BytesDone: 4 << 20, Merging: true}, 9*time.Second)
	want = "████████████████████████ 10/10 files  4.0/4.0 MB  merging the index into one segment…"
	if got != want {
		t.Errorf("progressLine while merging:\n got %q\nwant %q", got, want)
	}
}
