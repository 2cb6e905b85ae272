//go:build linux

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
	mnt := smallDisk(t, 1<<20)
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

// smallDisk mounts a tmpfs of size bytes for the test, or skips it.
func smallDisk(t *testing.T, size int) string {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("needs root to mount a small tmpfs that fills up")
	}
	mnt := t.TempDir()
	if err := syscall.Mount("tmpfs", mnt, "tmpfs", 0, fmt.Sprintf("size=%dk", size>>10)); err != nil {
		t.Skipf("cannot mount a tmpfs: %v", err)
	}
	// Lazily: scorch may still hold a file of a failed build open.
	t.Cleanup(func() { syscall.Unmount(mnt, syscall.MNT_DETACH) })
	return mnt
}

// TestDiskFullWhileMerging: a fresh build whose segments fit but whose
// merge into one does not fails as any full disk does, instead of waiting
// for ever on scorch, which retries a failed merge until it is closed.
func TestDiskFullWhileMerging(t *testing.T) {
	corpus := []string{"../testdata/corpus"}
	free := t.TempDir()
	update(t, free, corpus, index.UpdateOptions{})
	size := dirBytes(free)
	mnt := smallDisk(t, int(size*3/2))
	dir := filepath.Join(mnt, "ix")
	_, err := index.Update(context.Background(), dir, seg(t), corpus, index.UpdateOptions{})
	if err == nil {
		t.Skipf("the build fitted in %d KiB", size*3/2>>10)
	}
	t.Log(err)
	if msg := err.Error(); !strings.Contains(msg, "no space left on device") || !strings.Contains(msg, dir) || strings.Contains(msg, "\n") {
		t.Errorf("error %q is not one line naming the file and the full disk", msg)
	}
	if gens, _ := filepath.Glob(filepath.Join(dir, "g*")); len(gens) != 0 {
		t.Errorf("generations left after the failed build: %v", gens)
	}
}
