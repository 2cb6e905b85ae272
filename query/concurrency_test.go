package query_test

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/zhsearch/zhsearch/index"
	"github.com/zhsearch/zhsearch/query"
)

// TestSearchesDuringUpdates: searches on an open index while other
// goroutines update the same index directory see one consistent state, the
// generation they opened, and a fresh Open sees the new one.
func TestSearchesDuringUpdates(t *testing.T) {
	src := t.TempDir()
	speech, err := os.ReadFile("../testdata/speech.txt")
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(src, "speech.txt"), speech, 0o644)
	dir := t.TempDir()
	ctx := context.Background()
	if _, err := index.Update(ctx, dir, testSeg, []string{src}, index.UpdateOptions{}); err != nil {
		t.Fatal(err)
	}
	ix, err := index.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	want, err := query.Search(ctx, ix, "非煤矿山", query.Options{})
	if err != nil {
		t.Fatal(err)
	}

	var wg sync.WaitGroup
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 20 {
				got, err := query.Search(ctx, ix, "非煤矿山", query.Options{})
				if err != nil {
					t.Error(err)
					return
				}
				if diff := cmp.Diff(keys(want), keys(got)); diff != "" {
					t.Errorf("searcher %d saw another state (-want +got):\n%s", w, diff)
					return
				}
			}
		}()
	}
	// Meanwhile the files change and the index is updated, twice.
	for i, extra := range []string{"关于非煤矿山安全的补充通知\n", "关于非煤矿山的第二个通知\n"} {
		os.WriteFile(filepath.Join(src, "extra.txt"), []byte(extra), 0o644)
		if i == 1 {
			os.Remove(filepath.Join(src, "speech.txt"))
		}
		if _, err := index.Update(ctx, dir, testSeg, []string{src}, index.UpdateOptions{}); err != nil {
			t.Error(err)
		}
	}
	wg.Wait()

	fresh, err := index.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer fresh.Close()
	got, err := query.Search(ctx, fresh, "非煤矿山", query.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got.Total != 1 || got.Hits[0].Text != "关于非煤矿山的第二个通知" {
		t.Errorf("after the updates: %d hits %v, want only the second notice", got.Total, got.Hits)
	}
}
