package index_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/sys/unix"

	"github.com/zhsearch/zhsearch/index"
)

// TestReleasePages: the pages of a mapped file that were read stop counting
// in the process's resident memory once released, and the mapping still
// reads the file's bytes.
func TestReleasePages(t *testing.T) {
	text, err := os.ReadFile("../testdata/speech.txt")
	if err != nil {
		t.Fatal(err)
	}
	want := bytes.Repeat(text, (32<<20)/len(text)+1)
	path := filepath.Join(t.TempDir(), "part.zap")
	if err := os.WriteFile(path, want, 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	m, err := unix.Mmap(int(f.Fd()), 0, len(want), unix.PROT_READ, unix.MAP_SHARED)
	if err != nil {
		t.Fatal(err)
	}
	defer unix.Munmap(m)

	before := rssFile(t)
	if !bytes.Equal(m, want) {
		t.Fatal("the mapping does not read the file")
	}
	read := rssFile(t)
	index.ReleasePages(m)
	released := rssFile(t)
	t.Logf("RssFile: %d KiB before reading, %d after, %d after the release", before, read, released)
	if read-before < 16<<10 {
		t.Fatalf("reading 32 MiB mapped raised RssFile by %d KiB only: nothing to test", read-before)
	}
	if read-released < 16<<10 {
		t.Errorf("the release lowered RssFile by %d KiB, want most of the %d read", read-released, read-before)
	}
	if !bytes.Equal(m, want) {
		t.Error("after the release the mapping does not read the file")
	}
}

// rssFile is the process's resident memory of mapped files, in KiB.
func rssFile(t *testing.T) int {
	t.Helper()
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(status), "\n") {
		if rest, ok := strings.CutPrefix(line, "RssFile:"); ok {
			n, err := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(rest), " kB"))
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
	}
	t.Fatal("no RssFile in /proc/self/status")
	return 0
}
