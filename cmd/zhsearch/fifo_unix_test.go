//go:build unix

package main

import (
	"path/filepath"
	"syscall"
	"testing"
)

// TestIndexNamesAFIFO: a FIFO in a folder is named on stderr and never
// opened (which would hang), and the exit status is 1.
func TestIndexNamesAFIFO(t *testing.T) {
	src := t.TempDir()
	copyTree(t, "../../testdata/corpus/reports", src)
	fifo := filepath.Join(src, "pipe.txt")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("cannot make a FIFO: %v", err)
	}
	r := runCLI(t, "index", "--quiet", "--index", filepath.Join(t.TempDir(), "ix"), src)
	want := "zhsearch: skipped " + fifo + ": not a regular file\nzhsearch: 1 path was skipped\n"
	if r.code != exitNoHits || r.stderr != want {
		t.Errorf("exit %d, stderr %q; want exit 1 and %q", r.code, r.stderr, want)
	}
}
