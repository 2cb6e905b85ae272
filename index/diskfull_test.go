package index_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/zhsearch/zhsearch/index"
)

// TestDiskFull: an update that fills the disk fails with one line naming
// the file and "no space left on device", removes what it wrote and leaves
// the previous generation answering. It needs a small file system of its
// own: a 1 MiB tmpfs, which only root can mount.
func TestDiskFull(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root to mount a 1 MiB tmpfs that fills up")
	}
	mnt := t.TempDir()
	if err := syscall.Mount("tmpfs", mnt, "tmpfs", 0, "size=1m"); err != nil {
		t.Skipf("cannot mount a tmpfs: %v", err)
	}
	t.Cleanup(func() { syscall.Unmount(mnt, 0) })
	dir := filepath.Join(mnt, "ix")
	update(t, dir, []string{"../testdata/speech.txt"}, index.UpdateOptions{})
	before := liveGeneration(t, dir)
	want, err := answers(open(t, dir))
	if err != nil {
		t.Fatal(err)
	}

	// Some megabytes of distinct text: an index several times the size
	// of the file system.
	src := t.TempDir()
	for i := range 8 {
		for _, f := range []string{"../testdata/corpus/reports/河北省.txt", "../testdata/corpus/gb18030/山西省.txt"} {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			name := fmt.Sprintf("%02d-%s", i, filepath.Base(f))
			os.WriteFile(filepath.Join(src, name), append([]byte(fmt.Sprintf("第%d号文件\n", i)), data...), 0o644)
		}
	}
	for round := range 2 {
		_, err = index.Update(context.Background(), dir, seg(t), []string{src}, index.UpdateOptions{})
		if err == nil {
			t.Fatal("an update larger than the disk succeeded")
		}
		if msg := err.Error(); !errors.Is(err, syscall.ENOSPC) && !strings.Contains(msg, "no space left on device") || !strings.Contains(msg, dir) || strings.Contains(msg, "\n") {
			t.Errorf("round %d: error %q is not one line naming the file and the full disk", round, msg)
		}
		t.Logf("round %d: %v", round, err)
		if gens, _ := filepath.Glob(filepath.Join(dir, "g*")); len(gens) != 1 || gens[0] != before {
			t.Errorf("round %d: generations after the failed update: %v, want only %s", round, gens, before)
		}
		got, err := answers(open(t, dir))
		if err != nil || strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("round %d: the previous generation answers %d, err %v; want its %d answers", round, len(got), err, len(want))
		}
	}
}
