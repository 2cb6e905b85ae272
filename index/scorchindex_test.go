package index_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zhsearch/zhsearch/index"
)

// TestOpenScorchRefusesWhatIsNotAScorchIndex: the bleve index of a
// generation opens read-only and writable; an index_meta.json that is
// missing, unreadable or of another index type, or a missing root.bolt, is
// damage naming the file, whichever way it is opened (scorch would create
// an empty root.bolt for a writable open).
func TestOpenScorchRefusesWhatIsNotAScorchIndex(t *testing.T) {
	dir := t.TempDir()
	update(t, dir, []string{copyFiles(t, map[string]string{"speech.txt": "../testdata/speech.txt"})}, index.UpdateOptions{Strict: true})
	live := liveGeneration(t, dir)
	cases := []struct {
		name   string
		change func(gen string) error
		file   string // the file the error names; "" for no error
	}{
		{"as built", func(string) error { return nil }, ""},
		{"index_meta.json missing", func(gen string) error { return os.Remove(filepath.Join(gen, "index_meta.json")) }, "index_meta.json"},
		{"index_meta.json not JSON", func(gen string) error {
			return os.WriteFile(filepath.Join(gen, "index_meta.json"), []byte(`{"storage":`), 0o644)
		}, "index_meta.json"},
		{"index_meta.json of another index type", func(gen string) error {
			return os.WriteFile(filepath.Join(gen, "index_meta.json"), []byte(`{"storage":"boltdb","index_type":"upside_down"}`), 0o644)
		}, "index_meta.json"},
		{"root.bolt missing", func(gen string) error { return os.Remove(filepath.Join(gen, "store", "root.bolt")) }, "root.bolt"},
	}
	for _, c := range cases {
		for _, writable := range []bool{false, true} {
			gen := filepath.Join(t.TempDir(), "gen")
			copyTree(t, live, gen)
			if err := c.change(gen); err != nil {
				t.Fatal(err)
			}
			err := index.OpenScorch(gen, writable)
			switch {
			case c.file == "" && err != nil:
				t.Errorf("%s (writable %v): %v", c.name, writable, err)
			case c.file != "" && (!errors.Is(err, index.ErrDamaged) || !strings.Contains(err.Error(), c.file)):
				t.Errorf("%s (writable %v): %v, want ErrDamaged naming %s", c.name, writable, err, c.file)
			}
			if c.file == "root.bolt" {
				if _, err := os.Stat(filepath.Join(gen, "store", "root.bolt")); err == nil {
					t.Errorf("%s (writable %v): root.bolt was created", c.name, writable)
				}
			}
		}
	}
}
