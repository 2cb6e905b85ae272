package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// buildCLIIndex builds an index with `zhsearch index` and returns its
// directory.
func buildCLIIndex(t *testing.T, args ...string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "index")
	if r := runCLI(t, append([]string{"index", "--index", dir}, args...)...); r.code != exitHits {
		t.Fatalf("zhsearch index %v: exit %d\n%s", args, r.code, r.stderr)
	}
	return dir
}

// TestSeveralIndexesAsOne runs the commands that read an index over the
// test index and over two shards of the same files, and requires the same
// output: hits, scores, order, counts, exports, keywords in context and
// trends.
func TestSeveralIndexesAsOne(t *testing.T) {
	skipUnderRace(t)
	// The shards in the reverse of path order.
	speech := buildCLIIndex(t, "../../testdata/speech.txt")
	corpus := buildCLIIndex(t, "../../testdata/corpus")
	for _, args := range [][]string{
		{"search", "--json", "--limit", "0", "安全生产"},
		{"search", "--limit", "5", "--offset", "3", "--color", "never", "--explain", "发展 改革"},
		{"search", "--format", "csv", "--limit", "0", "title:报告"},
		{"search", "--format", "jsonl", "--limit", "0", `"安全生产 责任制" OR 非煤矿山 /s 整治`},
		{"search", "--json", "--limit", "0", "安全生产法 第二十一条"},
		{"kwic", "--sort", "left", "--color", "never", "煤矿"},
		{"trend", "--json", "安全生产", "发展"},
		{"trend", "--json", "--by", "document", "--per", "1k", "应急"},
	} {
		one := runCLI(t, append([]string{args[0], "--index", testIndex}, args[1:]...)...)
		set := runCLI(t, append([]string{args[0], "--index", speech, "--index", corpus}, args[1:]...)...)
		if one.code != exitHits || one.stdout == "" {
			t.Fatalf("%v over one index: exit %d, %d bytes out\n%s", args, one.code, len(one.stdout), one.stderr)
		}
		one.stdout, set.stdout = timing.ReplaceAllString(one.stdout, "(…)"), timing.ReplaceAllString(set.stdout, "(…)")
		type output struct {
			Code           int
			Stdout, Stderr string
		}
		if diff := cmp.Diff(output{one.code, one.stdout, one.stderr}, output{set.code, set.stdout, set.stderr}); diff != "" {
			t.Errorf("%v over two shards differs from one index (-want +got):\n%s", args, diff)
		}
	}

	stats := func(args ...string) map[string]any {
		r := runCLI(t, append([]string{"stats", "--json"}, args...)...)
		var st map[string]any
		if err := json.Unmarshal([]byte(r.stdout), &st); err != nil {
			t.Fatalf("stats %v: exit %d, %v\n%s", args, r.code, err, r.stderr)
		}
		delete(st, "bytes") // the shards hold the same data in more files
		delete(st, "built")
		delete(st, "index")
		delete(st, "indexes")
		return st
	}
	if diff := cmp.Diff(stats("--index", testIndex), stats("--index", speech, "--index", corpus)); diff != "" {
		t.Errorf("stats of two shards differ from one index's (-want +got):\n%s", diff)
	}
}

// TestSeveralIndexesRefused proves that indexes which cannot be searched
// as one are refused with one line naming the index at fault, and a hint.
func TestSeveralIndexesRefused(t *testing.T) {
	skipUnderRace(t)
	speech := buildCLIIndex(t, "../../testdata/speech.txt")
	laws := buildCLIIndex(t, "../../testdata/corpus/laws")
	again := buildCLIIndex(t, "../../testdata/corpus/laws", "../../testdata/corpus/gb18030")
	dict := filepath.Join(t.TempDir(), "words.txt")
	if err := os.WriteFile(dict, []byte("非煤矿山整治 100 n\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	otherDict := buildCLIIndex(t, "--dict", dict, "../../testdata/corpus/reports")
	tests := []struct {
		name  string
		dirs  []string
		fault string // the index the error names first
		why   string
	}{
		{"segmenter", []string{speech, otherDict}, otherDict, "built with segmenter"},
		{"one document twice", []string{speech, laws, again}, again, "holds ../../testdata/corpus/laws/安全生产法(2021-06-10).md, which " + laws + " holds too"},
		{"one index twice", []string{laws, speech, laws}, laws, "named twice"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, cmd := range []string{"search", "stats", "trend", "kwic", "serve"} {
				var args []string
				for _, d := range tt.dirs {
					args = append(args, "--index", d)
				}
				if cmd != "stats" && cmd != "serve" {
					args = append(args, "安全")
				}
				r := runCLI(t, append([]string{cmd}, args...)...)
				lines := strings.Split(strings.TrimSuffix(r.stderr, "\n"), "\n")
				if r.code != exitFailure || r.stdout != "" || len(lines) != 2 ||
					!strings.HasPrefix(lines[0], "zhsearch: "+tt.fault+": ") || !strings.Contains(lines[0], tt.why) || !strings.HasPrefix(lines[1], "hint: ") {
					t.Errorf("%s: exit %d, stdout %q, stderr:\n%s\nwant exit 2 and one line naming %s (%s), then a hint", cmd, r.code, r.stdout, r.stderr, tt.fault, tt.why)
				}
			}
		})
	}
}
