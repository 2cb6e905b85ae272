package web

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/zhsearch/zhsearch/index"
)

// TestServeAcrossUpdates is the deployment the README promises: a server on
// an index.LiveSet answers a steady stream of searches over HTTP while 20
// updates swap generations under it, of its one index or of each of its
// indexes in turn, each followed through its own CURRENT. Every answer is
// 200 with the hits of the corpus as it was before or after an update, and
// the server moves on to the last generations by itself.
func TestServeAcrossUpdates(t *testing.T) {
	t.Run("one index", func(t *testing.T) { serveAcrossUpdates(t, 1) })
	t.Run("three indexes", func(t *testing.T) { serveAcrossUpdates(t, 3) })
}

func serveAcrossUpdates(t *testing.T, indexes int) {
	speech, err := os.ReadFile("../testdata/speech.txt")
	if err != nil {
		t.Fatal(err)
	}
	var corpora, dirs []string
	for i := range indexes {
		corpus := filepath.Join(t.TempDir(), fmt.Sprintf("corpus%d", i))
		if err := os.Mkdir(corpus, 0o755); err != nil {
			t.Fatal(err)
		}
		text := speech
		if i > 0 {
			text = []byte(fmt.Sprintf("第%d份材料\n关于安全生产的安排。\n", i))
		}
		if err := os.WriteFile(filepath.Join(corpus, "base.txt"), text, 0o644); err != nil {
			t.Fatal(err)
		}
		corpora, dirs = append(corpora, corpus), append(dirs, filepath.Join(t.TempDir(), fmt.Sprintf("index%d", i)))
	}
	update := func(i int) {
		t.Helper()
		if _, err := index.Update(context.Background(), dirs[i], testSegmenter, []string{corpora[i]}, index.UpdateOptions{LockWait: time.Minute}); err != nil {
			t.Fatal(err)
		}
	}
	// Each update adds one document of its own with one paragraph
	// holding the keyword: the total tells which generations answered.
	const keyword = "非煤矿山"
	extra := func(i int) {
		t.Helper()
		text := "第" + string(rune('A'+i)) + "号通知\n关于非煤矿山整治的第" + string(rune('A'+i)) + "项安排。\n"
		if err := os.WriteFile(filepath.Join(corpora[i%indexes], "extra"+string(rune('a'+i))+".txt"), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for i := range indexes {
		update(i)
	}
	live, err := index.OpenLiveSet(dirs, index.OpenOptions{OnReloadError: func(err error) { t.Errorf("reload: %v", err) }})
	if err != nil {
		t.Fatal(err)
	}
	defer live.Close()
	srv := httptest.NewServer(NewHandler(live, Options{CacheBytes: -1}))
	defer srv.Close()

	total := func() (int, int) {
		resp, err := http.Get(srv.URL + "/api/search?q=" + keyword)
		if err != nil {
			return 0, 0
		}
		defer resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return resp.StatusCode, 0
		}
		var res searchResponse
		if err := json.NewDecoder(resp.Body).Decode(&res); err != nil {
			return -1, 0
		}
		return resp.StatusCode, res.Total
	}
	_, base := total()
	if base == 0 {
		t.Fatalf("no hits of %s before the updates", keyword)
	}

	const updates = 20
	var done atomic.Bool
	var asked atomic.Int64
	var wg sync.WaitGroup
	var mu sync.Mutex
	var bad []string
	for range 4 {
		wg.Go(func() {
			for !done.Load() {
				code, n := total()
				asked.Add(1)
				// Update i adds one hit; a search sees the corpus
				// before or after some update.
				if code != http.StatusOK || n < base || n > base+updates {
					mu.Lock()
					if len(bad) < 10 {
						bad = append(bad, fmt.Sprintf("%d with %d hits", code, n))
					}
					mu.Unlock()
				}
			}
		})
	}
	for i := range updates {
		extra(i)
		update(i % indexes)
	}
	// The server follows CURRENT by itself, within its polling interval.
	deadline := time.Now().Add(10 * time.Second)
	for {
		if code, n := total(); code == http.StatusOK && n == base+updates {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the server did not move to the last generation: %d hits, want %d", func() int { _, n := total(); return n }(), base+updates)
		}
		time.Sleep(20 * time.Millisecond)
	}
	done.Store(true)
	wg.Wait()
	if len(bad) > 0 {
		t.Errorf("answers during updates that were not 200 with a count of some generation: %q", bad)
	}
	if asked.Load() < updates {
		t.Errorf("only %d searches ran during %d updates", asked.Load(), updates)
	}
}
