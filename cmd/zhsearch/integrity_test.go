package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestCheckAndUpdateRefuseDamage: check passes an intact index; one changed
// byte in the middle of a segment file, which opening an index does not
// read, makes check and index fail with exit 2, one line naming the file
// and the rebuild hint; index --rebuild repairs it.
func TestCheckAndUpdateRefuseDamage(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "index")
	copyTree(t, testIndex, dir)
	r := runCLI(t, "check", "--index", dir)
	if r.code != 0 || !strings.Contains(r.stdout, "intact") {
		t.Fatalf("check of an intact index: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}

	zap := damageMiddle(t, dir, filepath.Join("store", "*.zap"))
	damage := regexp.MustCompile(`^zhsearch: (check|index): index is damaged: ` + regexp.QuoteMeta(zap) + `: checksum mismatch\nhint: rebuild it with: zhsearch index --rebuild --index ` + regexp.QuoteMeta(dir) + ` PATH\.\.\.\n$`)
	paths := []string{"../../testdata/speech.txt", "../../testdata/corpus"}
	for _, args := range [][]string{
		{"check", "--index", dir},
		append([]string{"index", "--index", dir}, paths...),
	} {
		r := runCLI(t, args...)
		if r.code != exitFailure || !damage.MatchString(r.stderr) {
			t.Errorf("%s on a damaged index: exit %d, stderr:\n%s\nwant exit 2 and %s", args[0], r.code, r.stderr, damage)
		}
	}
	if r := runCLI(t, append([]string{"index", "--quiet", "--rebuild", "--index", dir}, paths...)...); r.code != 0 {
		t.Fatalf("index --rebuild: exit %d\n%s", r.code, r.stderr)
	}
	if r := runCLI(t, "check", "--index", dir); r.code != 0 {
		t.Errorf("check after the rebuild: exit %d\n%s", r.code, r.stderr)
	}
}

// TestServeRefusesADamagedTable: serve checks every block of its index's
// tables before it answers, so a changed byte inside the place table, which
// opening leaves to the searches that read it, stops it at the start with
// exit 2, one line naming the file and the rebuild hint naming the index.
func TestServeRefusesADamagedTable(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "index")
	copyTree(t, testIndex, dir)
	places := damageMiddle(t, dir, "places.bin")
	damage := regexp.MustCompile(`^zhsearch: serve: index is damaged: ` + regexp.QuoteMeta(places) + `: checksum mismatch in block \d+\nhint: rebuild it with: zhsearch index --rebuild --index ` + regexp.QuoteMeta(dir) + ` PATH\.\.\.\n$`)
	r := runCLI(t, "serve", "--index", dir, "--addr", "127.0.0.1:0")
	if r.code != exitFailure || !damage.MatchString(r.stderr) {
		t.Errorf("serve on a damaged place table: exit %d, stderr:\n%s\nwant exit 2 and %s", r.code, r.stderr, damage)
	}
}

// damageMiddle changes a byte in the middle of the one file of the index
// in dir's generation that pattern (relative to the generation) matches,
// and returns its path.
func damageMiddle(t *testing.T, dir, pattern string) string {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(dir, "g*", pattern))
	if len(files) != 1 {
		t.Fatalf("files %v match %s, want one", files, pattern)
	}
	data, err := os.ReadFile(files[0])
	if err != nil {
		t.Fatal(err)
	}
	data[len(data)/2] ^= 0x10
	if err := os.WriteFile(files[0], data, 0o644); err != nil {
		t.Fatal(err)
	}
	return files[0]
}
