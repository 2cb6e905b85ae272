package query_test

import (
	"context"
	"errors"
	"sync"
	"testing"

	"github.com/zhsearch/zhsearch/index"
	"github.com/zhsearch/zhsearch/query"
)

// TestSearchClosedIndex: a search on a closed index returns ErrClosed
// (bleve's own reader would panic), and searches in flight while the index
// is closed each finish with their hits or fail with ErrClosed: no panic,
// no fault on unmapped data, no race (run with -race).
func TestSearchClosedIndex(t *testing.T) {
	ctx := context.Background()
	t.Run("closed before the search", func(t *testing.T) {
		ix := tempIndex(t, "../testdata/speech.txt")
		if err := ix.Close(); err != nil {
			t.Fatal(err)
		}
		for _, q := range []string{"非煤矿山", `"安全 生产"`, "安全 -煤矿"} {
			if _, err := query.Search(ctx, ix, q, query.Options{}); !errors.Is(err, index.ErrClosed) {
				t.Errorf("Search(%q) after Close: err = %v, want ErrClosed", q, err)
			}
		}
		if _, err := ix.Reader(); !errors.Is(err, index.ErrClosed) {
			t.Errorf("Reader after Close: err = %v, want ErrClosed", err)
		}
	})
	t.Run("closed during searches", func(t *testing.T) {
		ix := tempIndex(t, "../testdata/speech.txt")
		want, err := query.Search(ctx, ix, "安全", query.Options{Limit: 5})
		if err != nil {
			t.Fatal(err)
		}
		start := make(chan struct{})
		var wg sync.WaitGroup
		var mu sync.Mutex
		finished, refused := 0, 0
		// Closed once searching is under way, so that some searches run
		// into the Close and others start after it.
		underWay := make(chan struct{})
		var once sync.Once
		for range 4 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				for range 50 {
					got, err := query.Search(ctx, ix, "安全", query.Options{Limit: 5})
					mu.Lock()
					switch {
					case errors.Is(err, index.ErrClosed):
						refused++
					case err != nil:
						t.Errorf("search while closing: %v", err)
					case got.Total != want.Total || len(got.Hits) != len(want.Hits):
						t.Errorf("search while closing: %d hits of %d, want %d of %d", len(got.Hits), got.Total, len(want.Hits), want.Total)
					default:
						finished++
						once.Do(func() { close(underWay) })
					}
					mu.Unlock()
				}
			}()
		}
		close(start)
		allDone := make(chan struct{})
		go func() { wg.Wait(); close(allDone) }()
		select {
		case <-underWay:
		case <-allDone: // every search failed: reported above
		}
		if err := ix.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
		wg.Wait()
		t.Logf("%d searches finished, %d refused with ErrClosed", finished, refused)
		if finished == 0 || refused == 0 {
			t.Errorf("%d searches finished, %d refused: want some of each", finished, refused)
		}
	})
}
