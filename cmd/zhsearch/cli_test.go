package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/zhsearch/zhsearch/index"
)

func TestExclusionIsNotAFlag(t *testing.T) {
	// The shell hands zhsearch 生产 and -安全 as two arguments.
	split := runCLI(t, "search", "--index", testIndex, "--json", "--limit", "0", "生产", "-安全")
	joined := runCLI(t, "search", "--index", testIndex, "--json", "--limit", "0", "生产 -安全")
	all := runCLI(t, "search", "--index", testIndex, "--json", "--limit", "0", "生产")
	if split.code != 0 || split.stderr != "" {
		t.Fatalf("exit %d; stderr %q", split.code, split.stderr)
	}
	if split.stdout != joined.stdout {
		t.Errorf("生产 -安全 as two arguments finds other hits than as one")
	}
	hits := strings.Count(split.stdout, "\n")
	if hits == 0 || hits >= strings.Count(all.stdout, "\n") {
		t.Errorf("%d hits for 生产 -安全, %d for 生产: want fewer, and some", hits, strings.Count(all.stdout, "\n"))
	}
	for _, line := range strings.Split(strings.TrimSpace(split.stdout), "\n") {
		var h struct{ Text string }
		json.Unmarshal([]byte(line), &h)
		if strings.Contains(h.Text, "安全") {
			t.Errorf("a hit holds the excluded 安全: %s", h.Text)
		}
	}
	// Flags after the exclusion still count.
	r := runCLI(t, "search", "--index", testIndex, "生产", "-安全", "--limit", "1", "--color", "never")
	if r.code != 0 || strings.Count(r.stdout, " › ") == 0 || !strings.Contains(r.stdout, "1–1 of") {
		t.Errorf("--limit after -安全: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
}

func TestUnknownFlagsAreNamedIntact(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want []string
	}{
		{"a Latin shorthand before Chinese", []string{"search", "--index", testIndex, "-x安全"}, []string{"unknown shorthand flag: 'x' in -x安全", `hint: to exclude a Latin word, put the query after "--"`}},
		{"a known shorthand then Chinese", []string{"index", "-q安全", "x"}, []string{"unknown shorthand flag: '安' in -q安全"}},
		{"a long flag", []string{"trend", "--安全"}, []string{"unknown flag: --安全"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runCLI(t, tt.args...)
			if r.code != 2 {
				t.Errorf("exit %d, want 2", r.code)
			}
			for _, w := range tt.want {
				if !strings.Contains(r.stderr, w) {
					t.Errorf("stderr %q lacks %q", r.stderr, w)
				}
			}
		})
	}
}

func TestOperatorHints(t *testing.T) {
	tests := []struct {
		name  string
		query string
		code  int
		hint  string // "" for none
	}{
		{"lower-case or", "量子 or 纠缠", 1, "hint: did you mean OR?"},
		{"Or", "量子 Or 纠缠", 1, "hint: did you mean OR?"},
		{"and", "量子 and 纠缠", 1, `hint: "and" was searched as a word`},
		{"not", "量子 not 纠缠", 1, `hint: "not" was searched as a word; to exclude a keyword, write -A`},
		{"OR itself", "量子纠缠 OR 黑洞蒸发", 1, ""},
		{"a quoted or is meant", `量子 "or"`, 1, ""},
		{"no hint when there are hits", "非煤矿山 OR or", 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runCLI(t, "search", "--index", testIndex, tt.query)
			if r.code != tt.code {
				t.Errorf("exit %d, want %d", r.code, tt.code)
			}
			if tt.hint == "" && r.stderr != "" || !strings.Contains(r.stderr, tt.hint) {
				t.Errorf("stderr %q, want the hint %q", r.stderr, tt.hint)
			}
		})
	}
}

func TestIndexMissingPath(t *testing.T) {
	t.Run("the only path is missing", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "ix")
		r := runCLI(t, "index", "--index", dir, "testdata/no such corpus")
		if r.code != 2 || r.stdout != "" {
			t.Errorf("exit %d (want 2), stdout %q", r.code, r.stdout)
		}
		if want := "zhsearch: index: no such file or directory: 'testdata/no such corpus'\n"; r.stderr != want {
			t.Errorf("stderr %q, want %q", r.stderr, want)
		}
		if _, err := os.Stat(dir); err == nil {
			t.Error("a mistyped path created an empty index")
		}
	})
	t.Run("one of two paths is missing", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "ix")
		r := runCLI(t, "index", "--index", dir, "../../testdata/speech.txt", "../../testdata/speach.txt")
		if r.code != 1 || !strings.Contains(r.stdout, "1 added") {
			t.Errorf("exit %d (want 1), stdout %q", r.code, r.stdout)
		}
		if !strings.Contains(r.stderr, "zhsearch: index: no such file or directory: ../../testdata/speach.txt\n") {
			t.Errorf("stderr %q does not name the missing path", r.stderr)
		}
	})
}

func TestVersion(t *testing.T) {
	for _, args := range [][]string{{"version"}, {"--version"}} {
		r := runCLI(t, args...)
		if r.code != 0 || r.stderr != "" {
			t.Fatalf("%v: exit %d, stderr %q", args, r.code, r.stderr)
		}
		lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
		if !strings.HasPrefix(lines[0], "zhsearch ") || len(lines[0]) <= len("zhsearch ") {
			t.Errorf("%v: first line %q, want zhsearch and a version", args, lines[0])
		}
		for _, want := range []string{"\ngo      go1.", "\nindex   format " + strconv.Itoa(index.FormatVersion) + "\n"} {
			if !strings.Contains(r.stdout, want) {
				t.Errorf("%v: output %q lacks %q", args, r.stdout, want)
			}
		}
	}
}

func TestIndexFromEnvironment(t *testing.T) {
	t.Setenv("ZHSEARCH_INDEX", testIndex)
	r := runCLI(t, "search", "--color", "never", "非煤矿山")
	if r.code != 0 || !strings.Contains(r.stdout, "8 hits in 2 documents") {
		t.Errorf("search with ZHSEARCH_INDEX: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
	r = runCLI(t, "stats", "--json")
	if !strings.Contains(r.stdout, `"documents":6`) {
		t.Errorf("stats with ZHSEARCH_INDEX: %q", r.stdout)
	}

	t.Setenv("ZHSEARCH_INDEX", filepath.Join(t.TempDir(), "none"))
	r = runCLI(t, "trend", "安全")
	if r.code != 2 || !strings.Contains(r.stderr, "no index here") || !strings.Contains(r.stderr, "(ZHSEARCH_INDEX)") {
		t.Errorf("a missing ZHSEARCH_INDEX: exit %d, stderr %q", r.code, r.stderr)
	}
	r = runCLI(t, "search", "--index", testIndex, "--color", "never", "非煤矿山")
	if r.code != 0 || !strings.Contains(r.stdout, "8 hits in 2 documents") {
		t.Errorf("--index beats ZHSEARCH_INDEX: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
	dir := filepath.Join(t.TempDir(), "built")
	t.Setenv("ZHSEARCH_INDEX", dir)
	r = runCLI(t, "index", "-q", "../../testdata/speech.txt")
	if r.code != 0 {
		t.Fatalf("index with ZHSEARCH_INDEX: exit %d: %s", r.code, r.stderr)
	}
	if _, err := index.Open(dir); err != nil {
		t.Errorf("index did not build ZHSEARCH_INDEX: %v", err)
	}
}

func TestHitPathsAreShort(t *testing.T) {
	work := t.TempDir()
	docs := filepath.Join(work, "policy", "reports", "2024")
	os.MkdirAll(docs, 0o755)
	data, _ := os.ReadFile("../../testdata/speech.txt")
	os.WriteFile(filepath.Join(docs, "speech.txt"), data, 0o644)
	ix := filepath.Join(work, "ix")
	if r := runCLI(t, "index", "-q", "--index", ix, filepath.Join(work, "policy")); r.code != 0 {
		t.Fatalf("index: exit %d: %s", r.code, r.stderr)
	}
	far := filepath.Join(append([]string{t.TempDir()}, strings.Split(strings.Repeat("far/", 20), "/")...)...)
	os.MkdirAll(far, 0o755)
	beside := filepath.Join(work, "notes")
	os.MkdirAll(beside, 0o755)
	tests := []struct {
		name, dir, path, root string
	}{
		{"under the current directory: relative to it", work, filepath.FromSlash("policy/reports/2024/speech.txt"), ""},
		{"beside it: relative to it, as that is shorter", beside, filepath.FromSlash("../policy/reports/2024/speech.txt"), ""},
		{"far from it: relative to the folder of the hits, named once", far, "speech.txt", docs},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Chdir(tt.dir)
			r := runCLI(t, "search", "--index", ix, "--color", "never", "--limit", "2", "非煤矿山")
			paths := hitPaths(t, r.stdout)
			if len(paths) != 2 || paths[0] != tt.path || paths[1] != tt.path {
				t.Errorf("paths %q, want %q:\n%s", paths, tt.path, r.stdout)
			}
			if root := summaryRoot(t, r.stdout); root != tt.root {
				t.Errorf("paths under %q, want %q", root, tt.root)
			}
			// JSON keeps the stored, absolute path.
			r = runCLI(t, "search", "--index", ix, "--json", "--limit", "1", "非煤矿山")
			if !strings.Contains(r.stdout, `"doc":"`+filepath.Join(docs, "speech.txt")+`"`) {
				t.Errorf("JSON: %s", r.stdout)
			}
		})
	}
}

func TestTrendScalesAndRates(t *testing.T) {
	r := runCLI(t, "trend", "--index", testIndex, "--json", "--per", "10k", "非煤矿山", "安全生产")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	var trends []trend
	for _, line := range strings.Split(strings.TrimSpace(r.stdout), "\n") {
		var tr trend
		if err := json.Unmarshal([]byte(line), &tr); err != nil {
			t.Fatal(err)
		}
		trends = append(trends, tr)
	}
	stats := runCLI(t, "stats", "--index", testIndex, "--json")
	var st indexStats
	json.Unmarshal([]byte(stats.stdout), &st)
	for _, tr := range trends {
		if tr.Per != 10000 || len(tr.Rows) != len(trends[0].Rows) {
			t.Errorf("%s: per %d, %d rows; want 10000 and the same years for every keyword", tr.Keyword, tr.Per, len(tr.Rows))
		}
		indexed := 0
		for _, row := range tr.Rows {
			indexed += row.Indexed
			want := 0.0
			if row.Indexed > 0 {
				want = float64(row.Paragraphs) * 10000 / float64(row.Indexed)
			}
			if row.Rate != want {
				t.Errorf("%s %s: rate %v, want %v", tr.Keyword, row.Value, row.Rate, want)
			}
		}
		// Every document of the test corpus is dated: the years' indexed
		// paragraphs are all of them.
		if indexed != st.Paragraphs {
			t.Errorf("%s: %d paragraphs indexed over the years, stats says %d", tr.Keyword, indexed, st.Paragraphs)
		}
	}

	// One scale: the longest bar is the keyword with the most paragraphs
	// in a year; the other's bars are shorter.
	r = runCLI(t, "trend", "--index", testIndex, "--width", "40", "非煤矿山", "安全生产")
	full := strings.Repeat("█", 40)
	feimei, anquan, _ := strings.Cut(r.stdout, "安全生产:")
	if strings.Contains(feimei, full) || !strings.Contains(anquan, full) {
		t.Errorf("bars not on one scale:\n%s", r.stdout)
	}
	if !strings.Contains(r.stdout, "  2022–2023 (no documents)\n") || !strings.Contains(r.stdout, "  2021      0 (0)\n") {
		t.Errorf("years without documents look like years without the keyword:\n%s", r.stdout)
	}
	if r := runCLI(t, "trend", "--index", testIndex, "--per", "ten", "安全"); r.code != 2 || !strings.Contains(r.stderr, "--per takes a number") {
		t.Errorf("--per ten: exit %d, stderr %q", r.code, r.stderr)
	}
}
