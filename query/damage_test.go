package query_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/zhsearch/zhsearch/index"
	"github.com/zhsearch/zhsearch/query"
)

// TestSegmentChangedUnderSearch truncates the segment file of an open index,
// as a copy or a disk error would change it under a running server: the
// pages searches map are then gone, which is a fault (SIGBUS) rather than an
// error in Go. Searches must report the index as damaged, not crash.
func TestSegmentChangedUnderSearch(t *testing.T) {
	ix := tempIndex(t, "../testdata/speech.txt", "../testdata/corpus/reports")
	if _, err := query.Search(context.Background(), ix, "非煤矿山", query.Options{Limit: 10}); err != nil {
		t.Fatal(err)
	}
	var zaps []string
	filepath.WalkDir(ix.Dir(), func(path string, d os.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(path, ".zap") {
			zaps = append(zaps, path)
		}
		return nil
	})
	if len(zaps) == 0 {
		t.Fatal("no segment file in the index")
	}
	for _, z := range zaps {
		if err := os.Truncate(z, 0); err != nil {
			if runtime.GOOS == "windows" {
				// Windows refuses to change a file that is mapped: the
				// damage this test makes cannot happen there.
				t.Skipf("this system keeps a mapped segment from changing: %v", err)
			}
			t.Fatal(err)
		}
	}
	for _, q := range []string{"非煤矿山", "安全生产 责任", "发展 OR 改革", "政府工作报告"} {
		res, err := query.Search(context.Background(), ix, q, query.Options{Limit: 10})
		if err == nil {
			t.Errorf("%s: %d hits from a truncated segment, want an error", q, res.Total)
			continue
		}
		if !errors.Is(err, index.ErrDamaged) {
			t.Errorf("%s: error %v, want ErrDamaged", q, err)
		}
	}
}
