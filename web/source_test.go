package web

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/zhsearch/zhsearch/index"
)

// buildIndex builds an index of paths in a temporary directory and opens
// it for the test.
func buildIndex(t *testing.T, paths ...string) *index.Index {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "index")
	if _, err := index.Update(context.Background(), dir, testSegmenter, paths, index.UpdateOptions{}); err != nil {
		t.Fatal(err)
	}
	ix, err := index.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	return ix
}

// swapSource is a Source that swaps between the indexes of two directories
// as index.Live swaps generations: each swap opens the next index, and the
// one it replaces is closed once the last request using it has released
// it. A request that used its index after releasing it would read a closed
// index and fail.
type swapSource struct {
	dirs [2]string

	mu    sync.Mutex
	cur   *openGen
	next  int
	fault error // the first misuse seen
}

type openGen struct {
	ix      *index.Index
	set     *index.Set
	refs    int
	retired bool
}

func newSwapSource(dirs [2]string) (*swapSource, error) {
	s := &swapSource{dirs: dirs}
	return s, s.swap()
}

func (s *swapSource) Acquire() (*index.Set, func(), error) {
	s.mu.Lock()
	g := s.cur
	g.refs++
	s.mu.Unlock()
	return g.set, func() {
		s.mu.Lock()
		g.refs--
		if g.refs < 0 && s.fault == nil {
			s.fault = fmt.Errorf("%s released more often than acquired", g.ix.Dir())
		}
		closeNow := g.retired && g.refs == 0
		s.mu.Unlock()
		if closeNow {
			g.ix.Close()
		}
	}, nil
}

// swap makes the other index current.
func (s *swapSource) swap() error {
	ix, err := index.Open(s.dirs[s.next])
	if err != nil {
		return err
	}
	set, err := index.NewSet(ix)
	if err != nil {
		return err
	}
	s.mu.Lock()
	old := s.cur
	s.cur = &openGen{ix: ix, set: set}
	s.next = 1 - s.next
	closeNow := false
	if old != nil {
		old.retired = true
		closeNow = old.refs == 0
	}
	s.mu.Unlock()
	if closeNow {
		old.ix.Close()
	}
	return nil
}

func (s *swapSource) Close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.cur.ix.Close()
}

// TestSwappingSource proves that a handler keeps answering while its
// source swaps indexes under a steady stream of concurrent requests: every
// search answer is 200 with exactly the hits, totals and counts of one of
// the two indexes, and /api/stats describes one of them.
func TestSwappingSource(t *testing.T) {
	var dirs [2]string
	for i, paths := range [][]string{
		{"../testdata/speech.txt", "../testdata/corpus/laws"},
		{"../testdata/speech.txt", "../testdata/corpus/reports"},
	} {
		dirs[i] = buildIndex(t, paths...).Dir()
	}

	// What each index answers, asked of it alone.
	queries := []url.Values{
		{"q": {"安全生产"}},
		{"q": {"发展"}, "limit": {"20"}},
		{"q": {"人民 OR 政府"}, "offset": {"10"}},
		{"q": {"非煤矿山"}},
	}
	type answer struct {
		res   searchResponse
		stats statsResponse
	}
	want := make([][2]answer, len(queries))
	var wantStats [2]statsResponse
	for i, dir := range dirs {
		ix, err := index.Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		h := NewHandler(Fixed(ix), Options{})
		for j, q := range queries {
			res := decodeSearch(t, serve(t, h, "GET", searchURL(q)))
			res.TookMS = 0
			want[j][i].res = res
		}
		if err := json.Unmarshal(serve(t, h, "GET", "/api/stats").Body.Bytes(), &wantStats[i]); err != nil {
			t.Fatal(err)
		}
		ix.Close()
	}
	differ := false
	for j := range queries {
		differ = differ || cmp.Diff(want[j][0].res, want[j][1].res) != ""
	}
	if !differ || wantStats[0].Documents == wantStats[1].Documents {
		t.Fatal("the two indexes answer alike: the test could not tell them apart")
	}

	src, err := newSwapSource(dirs)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	h := NewHandler(src, Options{MaxSearches: 2})
	stop := make(chan struct{})
	var (
		wg      sync.WaitGroup
		seen    [2]atomic.Int64 // answers of each index
		stats   atomic.Int64
		mu      sync.Mutex
		reports []string
	)
	report := func(format string, args ...any) {
		mu.Lock()
		defer mu.Unlock()
		if len(reports) < 10 {
			reports = append(reports, fmt.Sprintf(format, args...))
		}
	}
	for c := range 6 {
		wg.Go(func() {
			for i := c; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				if i%5 == 0 {
					w := serve(t, h, "GET", "/api/stats")
					var got statsResponse
					if w.Code != http.StatusOK || json.Unmarshal(w.Body.Bytes(), &got) != nil {
						report("/api/stats: status %d: %s", w.Code, w.Body)
					} else if got != wantStats[0] && got != wantStats[1] {
						report("/api/stats %+v, of neither index", got)
					}
					stats.Add(1)
					continue
				}
				j := i % len(queries)
				w := serve(t, h, "GET", searchURL(queries[j]))
				if w.Code != http.StatusOK {
					report("%s: status %d: %s", queries[j].Encode(), w.Code, w.Body)
					continue
				}
				var got searchResponse
				if err := json.Unmarshal(w.Body.Bytes(), &got); err != nil {
					report("%s: %v", queries[j].Encode(), err)
					continue
				}
				got.TookMS = 0
				switch {
				case cmp.Diff(want[j][0].res, got) == "":
					seen[0].Add(1)
				case cmp.Diff(want[j][1].res, got) == "":
					seen[1].Add(1)
				default:
					report("%s: the answer is of neither index (-first +got):\n%s", queries[j].Encode(), cmp.Diff(want[j][0].res, got))
				}
			}
		})
	}
	const swaps = 20
	for range swaps {
		time.Sleep(15 * time.Millisecond)
		if err := src.swap(); err != nil {
			t.Error(err)
		}
	}
	time.Sleep(15 * time.Millisecond)
	close(stop)
	wg.Wait()

	for _, r := range reports {
		t.Error(r)
	}
	if src.fault != nil {
		t.Error(src.fault)
	}
	t.Logf("%d swaps; answers of the first index %d, of the second %d; %d stats", swaps, seen[0].Load(), seen[1].Load(), stats.Load())
	if seen[0].Load() == 0 || seen[1].Load() == 0 || stats.Load() == 0 {
		t.Errorf("answers of the first index %d, of the second %d, stats %d: want some of each", seen[0].Load(), seen[1].Load(), stats.Load())
	}
}
