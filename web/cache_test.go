package web

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/zhsearch/zhsearch/index"
)

// tookMS matches the one field that differs between two answers of a
// search.
var tookMS = regexp.MustCompile(`"took_ms":[0-9.e+-]+`)

// TestCachedAnswers proves that a search asked again is answered from the
// cache, without waiting for a slot, with the same body but its own
// took_ms; that filters in another order are the same search; and that
// with the cache off every search waits its turn.
func TestCachedAnswers(t *testing.T) {
	first := url.Values{"q": {"安全生产"}, "year": {"2024", "1956"}, "limit": {"20"}}
	again := url.Values{"q": {"安全生产"}, "year": {"1956", "2024"}, "limit": {"20"}}
	other := url.Values{"q": {"安全生产"}, "year": {"2024"}, "limit": {"20"}}

	h := NewHandler(Fixed(testIndex), Options{MaxSearches: 1, QueueWait: 1}).(*handler)
	w1 := serve(t, h, "GET", searchURL(first))
	decodeSearch(t, w1)
	h.gate.slots <- struct{}{} // every slot taken from now on
	w2 := serve(t, h, "GET", searchURL(again))
	res := decodeSearch(t, w2)
	if diff := cmp.Diff(tookMS.ReplaceAllString(w1.Body.String(), ""), tookMS.ReplaceAllString(w2.Body.String(), "")); diff != "" {
		t.Errorf("the cached answer differs beyond took_ms (-searched +cached):\n%s", diff)
	}
	if res.TookMS < 0 || res.TookMS > 1000 {
		t.Errorf("took_ms %v", res.TookMS)
	}
	wantOverloaded(t, serve(t, h, "GET", searchURL(other))) // not the same search: it must wait

	off := NewHandler(Fixed(testIndex), Options{MaxSearches: 1, QueueWait: 1, CacheBytes: -1}).(*handler)
	decodeSearch(t, serve(t, off, "GET", searchURL(first)))
	off.gate.slots <- struct{}{}
	wantOverloaded(t, serve(t, off, "GET", searchURL(first)))
	if off.cache != nil {
		t.Error("CacheBytes -1 made a cache")
	}
}

// TestAnswerCacheBound proves that the cache keeps at most its bytes,
// dropping the least recently used answer first, and never keeps an answer
// too large for it.
func TestAnswerCacheBound(t *testing.T) {
	c := newAnswerCache(1000)
	set := oneSet(t, testIndex)
	key := func(i int) string { return fmt.Sprintf("%04d", i) }   // 4 bytes
	ans := answer{head: make([]byte, 50), tail: make([]byte, 46)} // 100 bytes with its key
	for i := range 10 {
		c.put(set, key(i), ans)
	}
	c.get(set, key(0)) // 0 is now the most recently used
	c.put(set, key(10), ans)
	var kept []int
	for i := range 11 {
		if _, ok := c.get(set, key(i)); ok {
			kept = append(kept, i)
		}
	}
	if diff := cmp.Diff([]int{0, 2, 3, 4, 5, 6, 7, 8, 9, 10}, kept); diff != "" {
		t.Errorf("answers kept (-want +got):\n%s", diff)
	}
	if c.size > 1000 || c.size != 100*len(c.entries) || c.order.Len() != len(c.entries) {
		t.Errorf("size %d for %d entries (%d in order); at most 1000", c.size, len(c.entries), c.order.Len())
	}
	c.put(set, key(99), answer{head: make([]byte, 200)})
	if _, ok := c.get(set, key(99)); ok {
		t.Error("kept an answer over an eighth of the cache")
	}
}

// TestErrorsNotCached proves that only answers (200) are cached, not
// errors: a bad query is parsed anew each time.
func TestErrorsNotCached(t *testing.T) {
	h := NewHandler(Fixed(testIndex), Options{}).(*handler)
	for range 2 {
		if w := serve(t, h, "GET", searchURL(url.Values{"q": {`安全 "非煤矿山`}})); w.Code != http.StatusBadRequest {
			t.Errorf("status %d, want 400", w.Code)
		}
	}
	if n := len(h.cache.entries); n != 0 {
		t.Errorf("%d answers cached after two bad queries", n)
	}
}

// TestCacheGenerations proves that the cache gives an index only its own
// answers, that a newer index's answer drops the older one's, and that a
// late answer of an older index does not.
func TestCacheGenerations(t *testing.T) {
	older := oneSet(t, testIndex)
	newer := oneSet(t, buildIndex(t, "../testdata/speech.txt")) // built after testIndex
	if !older.Meta().Built.Before(newer.Meta().Built) {
		t.Fatalf("built %v and %v: want the second later", older.Meta().Built, newer.Meta().Built)
	}
	c := newAnswerCache(1 << 20)
	a := answer{head: []byte("a")}
	has := func(ix *index.Set, req string) bool { _, ok := c.get(ix, req); return ok }
	c.put(older, "q1", a)
	if !has(older, "q1") || has(newer, "q1") {
		t.Errorf("after an answer of the older index: older %v, newer %v; want true, false", has(older, "q1"), has(newer, "q1"))
	}
	c.put(newer, "q2", a)
	if has(older, "q1") || !has(newer, "q2") || has(older, "q2") {
		t.Errorf("after an answer of the newer index: older q1 %v, newer q2 %v, older q2 %v; want false, true, false", has(older, "q1"), has(newer, "q2"), has(older, "q2"))
	}
	c.put(older, "q3", a)
	if has(older, "q3") || !has(newer, "q2") {
		t.Errorf("after a late answer of the older index: older q3 %v, newer q2 %v; want false, true", has(older, "q3"), has(newer, "q2"))
	}
	if c.set != newer || len(c.entries) != 1 {
		t.Errorf("the cache holds %d answers of %p; want 1 of the newer index %p", len(c.entries), c.set, newer)
	}
}

// oneSet is the set of one index.
func oneSet(t *testing.T, ix *index.Index) *index.Set {
	t.Helper()
	set, err := index.NewSet(ix)
	if err != nil {
		t.Fatal(err)
	}
	return set
}
