package index_test

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/zhsearch/zhsearch/index"
)

// TestTouchWritesNoGeneration: files whose times alone changed are not
// reindexed and write no generation; their new times are kept in the time
// cache, so that the next update neither hashes them again nor writes; a
// damaged cache costs a re-hash, never a wrong answer; a real change writes
// a generation whose records carry the new times, and drops the cache.
func TestTouchWritesNoGeneration(t *testing.T) {
	src := copyFiles(t, map[string]string{
		"speech.txt": "../testdata/speech.txt",
		"hebei.txt":  "../testdata/corpus/reports/河北省.txt",
	})
	dir := t.TempDir()
	update(t, dir, []string{src}, index.UpdateOptions{})
	speech, hebei := filepath.Join(src, "speech.txt"), filepath.Join(src, "hebei.txt")
	touch := func(path string, at time.Time) {
		t.Helper()
		if err := os.Chtimes(path, at, at); err != nil {
			t.Fatal(err)
		}
	}
	current := func() string {
		t.Helper()
		raw, err := os.ReadFile(filepath.Join(dir, "CURRENT"))
		if err != nil {
			t.Fatal(err)
		}
		return string(raw)
	}
	unchanged := func(what string) {
		t.Helper()
		before := current()
		rep := update(t, dir, []string{src}, index.UpdateOptions{})
		if rep.Swapped || rep.Added+rep.Changed+rep.Removed != 0 || rep.Unchanged != 2 || current() != before {
			t.Errorf("%s: report %+v, CURRENT %q -> %q: want 2 unchanged and no new generation", what, rep, before, current())
		}
	}
	gens := func() int {
		entries, _ := os.ReadDir(dir)
		n := 0
		for _, e := range entries {
			if e.IsDir() {
				n++
			}
		}
		return n
	}

	t1 := time.Now().Add(time.Hour).Truncate(time.Second)
	touch(speech, t1)
	touch(hebei, t1)
	unchanged("both files touched")
	if _, err := os.Stat(filepath.Join(dir, "TIMES")); err != nil {
		t.Fatalf("no time cache after a touch: %v", err)
	}
	unchanged("again, from the cache")

	// The cache is trusted as the recorded times are: same size and time
	// mean the same file, without a read. Proof that it was not hashed.
	orig, err := os.ReadFile(speech)
	if err != nil {
		t.Fatal(err)
	}
	same := append([]byte{}, orig...)
	copy(same, "X")
	if err := os.WriteFile(speech, same, 0o644); err != nil {
		t.Fatal(err)
	}
	touch(speech, t1)
	unchanged("same size and time as the cache says")
	if err := os.WriteFile(speech, orig, 0o644); err != nil {
		t.Fatal(err)
	}
	touch(speech, t1)

	if err := os.WriteFile(filepath.Join(dir, "TIMES"), []byte("{not json"), 0o644); err != nil {
		t.Fatal(err)
	}
	unchanged("damaged cache: files hashed again")

	// A change that is not only a time: hebei's content this time.
	t2 := t1.Add(time.Hour)
	if err := os.WriteFile(hebei, []byte("河北省政府工作报告\n\n一、过去一年的工作\n\n安全生产形势稳定。\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	touch(hebei, t2)
	rep := update(t, dir, []string{src}, index.UpdateOptions{})
	if !rep.Swapped || rep.Changed != 1 || rep.Unchanged != 1 {
		t.Fatalf("after a change: report %+v, want 1 changed, 1 unchanged, a new generation", rep)
	}
	if _, err := os.Stat(filepath.Join(dir, "TIMES")); !os.IsNotExist(err) {
		t.Errorf("the time cache outlived its generation: %v", err)
	}
	ix := open(t, dir)
	docs, err := ix.Docs()
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range docs {
		want := t1
		if d.Abs == hebei {
			want = t2
		}
		if got := time.Unix(0, d.ModTime); !got.Equal(want) {
			t.Errorf("%s: recorded time %v, want %v", d.Path, got, want)
		}
	}
	ix.Close()
	unchanged("after the new generation")
	if n := gens(); n != 1 {
		t.Errorf("%d generations left, want 1", n)
	}
}
