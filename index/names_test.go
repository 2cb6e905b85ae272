package index_test

import (
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/zhsearch/zhsearch/index"
)

// TestOddNames indexes files whose names hold a newline, the title list's
// separator, a backslash or bytes that are not UTF-8, into an index folder
// whose name holds pattern syntax; the stored paths must name the files,
// and later updates must still recognise them.
func TestOddNames(t *testing.T) {
	names := []string{"a\nb.txt", "sep\x1fx.txt", `back\slash.txt`, "bad\xff\xfe.txt", "ok.txt"}
	src := t.TempDir()
	for _, name := range names {
		if err := os.WriteFile(filepath.Join(src, name), []byte("关于"+strings.ToValidUTF8(name, "?")+"的通知\n安全生产责任制。\n"), 0o644); err != nil {
			t.Skipf("this file system refuses the name %q: %v", name, err)
		}
	}
	dir := filepath.Join(t.TempDir(), "ix[1]*?")
	for round := range 3 {
		if round == 2 {
			// A changed file among them is re-indexed, the others kept.
			if err := os.WriteFile(filepath.Join(src, "ok.txt"), []byte("另一份通知\n安全生产。\n"), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		rep := update(t, dir, []string{src}, index.UpdateOptions{})
		if len(rep.Skipped) > 0 {
			t.Fatalf("round %d skipped %v", round, rep.Skipped)
		}
		want := map[int][3]int{0: {5, 0, 0}, 1: {0, 0, 5}, 2: {0, 1, 4}}[round]
		if got := [3]int{rep.Added, rep.Changed, rep.Unchanged}; got != want {
			t.Errorf("round %d: added, changed, unchanged = %v, want %v", round, got, want)
		}
		ix, err := index.Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		titles, err := ix.Titles()
		if err != nil {
			t.Fatal(err)
		}
		docs, err := ix.Docs()
		if err != nil {
			t.Fatal(err)
		}
		ix.Close()
		var paths []string
		for _, d := range titles {
			paths = append(paths, d.Path)
			if _, err := os.Stat(d.Path); err != nil {
				t.Errorf("round %d: the title list's path %q names no file: %v", round, d.Path, err)
			}
		}
		for _, d := range docs {
			if _, err := os.Stat(d.Abs); err != nil {
				t.Errorf("round %d: the document list's path %q names no file: %v", round, d.Abs, err)
			}
		}
		var want2 []string
		for _, n := range names {
			want2 = append(want2, index.DocPath(filepath.Join(src, n)))
		}
		slices.Sort(want2)
		slices.Sort(paths)
		if !slices.Equal(paths, want2) {
			t.Errorf("round %d: paths %q, want %q", round, paths, want2)
		}
	}
}

// TestDocPathsUseSlashes: stored document paths have forward slashes on
// every system, and on Windows a path typed with backslashes finds the
// same document (on other systems a backslash is part of a name).
func TestDocPathsUseSlashes(t *testing.T) {
	src := t.TempDir()
	if err := os.MkdirAll(filepath.Join(src, "法律", "2024"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(src, "法律", "2024", "通知.txt"), []byte("关于安全生产的通知\n安全生产责任制。\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	update(t, dir, []string{src}, index.UpdateOptions{RelativeTo: src})
	ix := open(t, dir)
	titles, err := ix.Titles()
	if err != nil {
		t.Fatal(err)
	}
	if len(titles) != 1 || titles[0].Path != "法律/2024/通知.txt" {
		t.Fatalf("titles %+v, want one document at 法律/2024/通知.txt", titles)
	}
	want := map[string]string{"linux": `法律\2024\通知.txt`, "windows": "法律/2024/通知.txt"}
	if w, ok := want[runtime.GOOS]; ok {
		if got := index.DocPath(`法律\2024\通知.txt`); got != w {
			t.Errorf("DocPath with backslashes = %q, want %q on %s", got, w, runtime.GOOS)
		}
	}
}
