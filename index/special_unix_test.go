//go:build unix

package index_test

import (
	"context"
	"net"
	"os"
	"path/filepath"
	"sort"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/zhsearch/zhsearch/index"
)

// TestSpecialFilesAreNamedNotRead: FIFOs (whatever their name), sockets
// and links to devices inside a folder are reported as skipped and never
// opened: opening a FIFO would wait for a writer for ever.
func TestSpecialFilesAreNamedNotRead(t *testing.T) {
	src := copyFiles(t, map[string]string{"speech.txt": "../testdata/speech.txt"})
	for _, name := range []string{"pipe.txt", "pipe"} {
		if err := syscall.Mkfifo(filepath.Join(src, name), 0o644); err != nil {
			t.Skipf("cannot make a FIFO: %v", err)
		}
	}
	if err := os.Symlink("/dev/zero", filepath.Join(src, "zero.txt")); err != nil {
		t.Fatal(err)
	}
	sock, err := net.Listen("unix", filepath.Join(src, "s.sock"))
	if err != nil {
		t.Fatal(err)
	}
	defer sock.Close()
	dir := t.TempDir()
	done := make(chan error, 1)
	var rep *index.Report
	go func() {
		var err error
		rep, err = index.Update(context.Background(), dir, seg(t), []string{src}, index.UpdateOptions{})
		done <- err
	}()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(time.Minute):
		t.Fatal("the update hangs on a special file")
	}
	var skipped []string
	for _, s := range rep.Skipped {
		skipped = append(skipped, filepath.Base(s.Path)+": "+s.Err.Error())
	}
	sort.Strings(skipped)
	want := []string{"pipe.txt: not a regular file", "pipe: not a regular file", "s.sock: not a regular file", "zero.txt: not a regular file"}
	if diff := cmp.Diff(want, skipped); diff != "" {
		t.Errorf("skipped (-want +got):\n%s", diff)
	}
	if rep.Added != 1 {
		t.Errorf("%d files added, want the one regular file", rep.Added)
	}
}
