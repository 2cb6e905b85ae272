package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"unicode/utf8"
)

// hostileText is a page copied from the web with what terminals act on: an
// OSC that retitles the window (ended by BEL), a screen clear, a colour, a
// C1 CSI, a bidi override, DEL and a backspace.
const hostileText = "关于\x1b]0;pwned\a安全生产的通知\n\n" +
	"一、总体\x1b[2J要求\n\n" +
	"安全生产\x1b[31m是重中之重\u009b2J，\u202e反转\u2066隔离\u2069\x7f删除\b退格\t制表。\n"

// hostileNames are file names a folder can hold; each file says 安全生产.
// (Windows allows none of the control characters.)
var hostileNames = []string{
	"e\x1b[31msc.txt",
	"bell\a.txt",
	"bad\xff.txt",
	"bidi\u202etxt.exe.txt",
	"it's a file.txt",
}

// hostileCorpus writes the hostile text and names into a new folder.
func hostileCorpus(t *testing.T) string {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("Windows file names cannot hold control characters")
	}
	dir := t.TempDir()
	write := func(name, text string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("page.txt", hostileText)
	for _, name := range hostileNames {
		write(name, "文件名测试\n\n安全生产是文件名测试的内容。\n")
	}
	write("new\nline.txt", "换行文件名\n\n换行文件名的内容。\n")
	// A binary file with a hostile name, skipped with a message naming it.
	write("bin\x1b]0;x\a.txt", "\x00\x01binary")
	return dir
}

// ourSGR matches the colour sequences zhsearch writes itself.
var ourSGR = regexp.MustCompile(`\x1b\[[0-9;]*m`)

// assertTerminalSafe fails if out holds anything a terminal would act on,
// apart from line ends, tabs in paragraph text and (with colour) zhsearch's
// own colour sequences.
func assertTerminalSafe(t *testing.T, what, out string, color bool) {
	t.Helper()
	if color {
		out = ourSGR.ReplaceAllString(out, "")
	}
	if !utf8.ValidString(out) {
		t.Errorf("%s is not valid UTF-8: %q", what, out)
	}
	for _, r := range out {
		if r != '\n' && r != '\t' && unsafeRune(r) {
			t.Errorf("%s holds %U raw:\n%q", what, r, out)
			return
		}
	}
}

func TestHostileTextAndNames(t *testing.T) {
	src := hostileCorpus(t)
	// The index's own folder has a hostile name too. (Not "[": the index
	// package takes its folder's name as a glob pattern.)
	ix := filepath.Join(t.TempDir(), "ix\x1b]0;t\a")
	r := runCLI(t, "index", "--index", ix, src)
	if r.code != 1 {
		t.Fatalf("index: exit %d, want 1 (a binary file skipped); stderr %q", r.code, r.stderr)
	}
	assertTerminalSafe(t, "index stderr", r.stderr, false)
	if !strings.Contains(r.stderr, "skipped '"+src+`/bin'$'\033'']0;x'$'\a''.txt': NUL byte`) {
		t.Errorf("the skipped file is not named as ls would: %q", r.stderr)
	}

	for _, color := range []string{"never", "always"} {
		t.Run("search --color="+color, func(t *testing.T) {
			r := runCLI(t, "search", "--index", ix, "--color", color, "--limit", "0", "安全生产")
			if r.code != 0 {
				t.Fatalf("exit %d; stderr %q", r.code, r.stderr)
			}
			assertTerminalSafe(t, "search output", r.stdout, color == "always")
			plain := ourSGR.ReplaceAllString(r.stdout, "")
			for _, want := range []string{
				`关于\x1b]0;pwned\a安全生产的通知`, // the title
				`一、总体\x1b[2J要求`,           // the heading
				`是重中之重\u009b2J，\u202e反转\u2066隔离\u2069\x7f删除\b退格` + "\t" + `制表`, // the text keeps its tab
			} {
				if !strings.Contains(plain, want) {
					t.Errorf("output lacks %s:\n%s", want, plain)
				}
			}
		})
	}

	t.Run("every hit names a file that exists", func(t *testing.T) {
		r := runCLI(t, "search", "--index", ix, "--color", "never", "--limit", "0", "文件名测试")
		paths := map[string]bool{}
		for _, p := range hitPaths(t, r.stdout) {
			paths[p] = true
		}
		if len(paths) != len(hostileNames) {
			t.Fatalf("%d documents, want %d:\n%s", len(paths), len(hostileNames), r.stdout)
		}
		root := summaryRoot(t, r.stdout)
		for p := range paths {
			name, ok := shellUnquote(p)
			if !ok {
				t.Errorf("%s is not a shell word", p)
				continue
			}
			if _, err := os.Stat(filepath.Join(root, name)); err != nil {
				t.Errorf("hit path %s: %v", p, err)
			}
		}
	})

	t.Run("JSON keeps the stored path and escapes what JSON leaves", func(t *testing.T) {
		r := runCLI(t, "search", "--index", ix, "--json", "重中之重")
		if r.code != 0 {
			t.Fatalf("exit %d; stderr %q", r.code, r.stderr)
		}
		assertTerminalSafe(t, "JSON output", r.stdout, false)
		var hit struct{ Doc, Title, Text string }
		if err := json.Unmarshal([]byte(r.stdout), &hit); err != nil {
			t.Fatal(err)
		}
		if hit.Doc != filepath.Join(src, "page.txt") || !strings.Contains(hit.Title, "\x1b]0;pwned\a") || !strings.Contains(hit.Text, "\u009b2J，\u202e反转") {
			t.Errorf("JSON does not decode to the stored text: %+v", hit)
		}
	})

	t.Run("trend", func(t *testing.T) {
		r := runCLI(t, "trend", "--index", ix, "--by", "document", "安全生产", "\u202e安全")
		if r.code != 0 {
			t.Fatalf("exit %d; stderr %q", r.code, r.stderr)
		}
		assertTerminalSafe(t, "trend output", r.stdout, false)
		if !strings.Contains(r.stdout, `关于\x1b]0;pwned\a安全生产的通知`) {
			t.Errorf("trend does not show the title escaped:\n%s", r.stdout)
		}
	})

	t.Run("segment reads the text from a pipe", func(t *testing.T) {
		var stdout, stderr strings.Builder
		code := run([]string{"segment"}, strings.NewReader(hostileText), &stdout, &stderr)
		if code != 0 || !strings.Contains(stdout.String(), "安全生产") {
			t.Fatalf("exit %d; stdout %q, stderr %q", code, stdout.String(), stderr.String())
		}
		assertTerminalSafe(t, "segment output", stdout.String(), false)
	})

	t.Run("stats of an index in a hostile folder", func(t *testing.T) {
		r := runCLI(t, "stats", "--index", ix)
		assertTerminalSafe(t, "stats output", r.stdout, false)
		if !strings.Contains(r.stdout, `/ix'$'\033'']0;t'$'\a'`) {
			t.Errorf("stats does not quote the index's path:\n%s", r.stdout)
		}
	})

	t.Run("a newline in a file name", func(t *testing.T) {
		r := runCLI(t, "search", "--index", ix, "--color", "never", "换行文件名的内容")
		paths := hitPaths(t, r.stdout)
		if len(paths) != 1 {
			t.Fatalf("want one hit whose header holds its path on one line:\n%s", r.stdout)
		}
		var hit struct{ Doc string }
		json.Unmarshal([]byte(runCLI(t, "search", "--index", ix, "--json", "换行文件名的内容").stdout), &hit)
		if !strings.Contains(hit.Doc, "\n") {
			t.Skipf("the index stores the file's path as %q (issue 15 point 7, the index's half): the hit can only show that", hit.Doc)
		}
		name, ok := shellUnquote(paths[0])
		if _, err := os.Stat(filepath.Join(summaryRoot(t, r.stdout), name)); !ok || err != nil {
			t.Errorf("hit path %s does not name the file: %v", paths[0], err)
		}
	})

	t.Run("errors that quote a path or a query", func(t *testing.T) {
		for _, args := range [][]string{
			{"search", "--index", filepath.Join(t.TempDir(), "no\x1b]0;x\a"), "安全"},
			{"search", "--index", ix, "安全\x1b[2J生产"},
			{"search", "--index", ix, "\"安全\u202e"},
			{"index", "--index", filepath.Join(t.TempDir(), "ix"), "no\x1b[2Jsuch"},
			{"search", "--\x1b[2J"},
			{"trend", "--index", ix, "--by", "\x1b[2J"},
		} {
			r := runCLI(t, args...)
			if r.code != 2 {
				t.Errorf("%q: exit %d, want 2", args, r.code)
			}
			assertTerminalSafe(t, "stderr", r.stderr, false)
		}
	})
}

// hitPaths returns the path at the end of each hit's header line.
func hitPaths(t *testing.T, out string) []string {
	t.Helper()
	var paths []string
	for _, line := range strings.Split(out, "\n") {
		if i := strings.Index(line, " › ¶"); i >= 0 {
			_, after, ok := strings.Cut(line[i:], "  ")
			if !ok {
				t.Fatalf("header without a path: %q", line)
			}
			paths = append(paths, after)
		}
	}
	return paths
}

// summaryRoot returns the folder the summary says paths are under, or "".
func summaryRoot(t *testing.T, out string) string {
	t.Helper()
	m := regexp.MustCompile(`, paths under (.*) \(`).FindStringSubmatch(out)
	if m == nil {
		return ""
	}
	root, ok := shellUnquote(m[1])
	if !ok {
		t.Fatalf("root %s is not a shell word", m[1])
	}
	return root
}
