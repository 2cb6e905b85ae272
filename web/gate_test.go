package web

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"
)

const searchTarget = "/api/search?q=%E5%AE%89%E5%85%A8" // 安全

// queued waits until n requests wait in h's queue.
func queued(t *testing.T, h *handler, n int) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for len(h.gate.queue) != n {
		if time.Now().After(deadline) {
			t.Fatalf("%d requests queued, want %d", len(h.gate.queue), n)
		}
		time.Sleep(time.Millisecond)
	}
}

// wantOverloaded checks a 503 answer of a full server.
func wantOverloaded(t *testing.T, w *httptest.ResponseRecorder) {
	t.Helper()
	var e apiError
	if err := json.Unmarshal(w.Body.Bytes(), &e); err != nil {
		t.Errorf("body %q is not JSON: %v", w.Body, err)
	}
	if w.Code != http.StatusServiceUnavailable || e.Code != "overloaded" || w.Header().Get("Retry-After") == "" {
		t.Errorf("status %d, code %q, Retry-After %q; want 503, overloaded and a Retry-After", w.Code, e.Code, w.Header().Get("Retry-After"))
	}
}

// TestQueue proves that a search finding every slot taken waits its turn
// rather than being turned away, and that the wait and the queue are
// bounded.
func TestQueue(t *testing.T) {
	t.Run("waits for a slot", func(t *testing.T) {
		h := NewHandler(Fixed(testIndex), Options{MaxSearches: 1}).(*handler)
		h.gate.slots <- struct{}{} // a search under way
		done := make(chan *httptest.ResponseRecorder)
		go func() { done <- serve(t, h, "GET", searchTarget) }()
		queued(t, h, 1)
		<-h.gate.slots // the search under way ends
		if w := <-done; w.Code != http.StatusOK {
			t.Errorf("status %d, want 200 once the slot was free: %s", w.Code, w.Body)
		}
		if len(h.gate.slots) != 0 || len(h.gate.queue) != 0 {
			t.Errorf("%d slots taken and %d requests queued after the search", len(h.gate.slots), len(h.gate.queue))
		}
	})
	t.Run("gives up after QueueWait", func(t *testing.T) {
		h := NewHandler(Fixed(testIndex), Options{MaxSearches: 1, QueueWait: 50 * time.Millisecond}).(*handler)
		h.gate.slots <- struct{}{}
		start := time.Now()
		w := serve(t, h, "GET", searchTarget)
		if d := time.Since(start); d < 50*time.Millisecond {
			t.Errorf("answered after %v, before QueueWait", d)
		}
		wantOverloaded(t, w)
		if len(h.gate.queue) != 0 {
			t.Errorf("%d requests still queued", len(h.gate.queue))
		}
	})
	t.Run("a full queue answers at once", func(t *testing.T) {
		h := NewHandler(Fixed(testIndex), Options{MaxSearches: 1, MaxQueue: 1, QueueWait: time.Minute}).(*handler)
		h.gate.slots <- struct{}{}
		done := make(chan *httptest.ResponseRecorder)
		go func() { done <- serve(t, h, "GET", searchTarget) }()
		queued(t, h, 1)
		start := time.Now()
		wantOverloaded(t, serve(t, h, "GET", searchTarget))
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("a request beyond the queue waited %v", d)
		}
		<-h.gate.slots
		if w := <-done; w.Code != http.StatusOK {
			t.Errorf("the queued request: status %d, want 200", w.Code)
		}
	})
	t.Run("a client that leaves stops waiting", func(t *testing.T) {
		h := NewHandler(Fixed(testIndex), Options{MaxSearches: 1, QueueWait: time.Minute}).(*handler)
		h.gate.slots <- struct{}{}
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan struct{})
		go func() {
			w := httptest.NewRecorder()
			h.ServeHTTP(w, httptest.NewRequestWithContext(ctx, "GET", searchTarget, nil))
			close(done)
		}()
		queued(t, h, 1)
		cancel()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.Fatal("the request still waits after its client left")
		}
		if len(h.gate.queue) != 0 || len(h.gate.slots) != 1 {
			t.Errorf("%d queued, %d slots taken; want 0 and the 1 held by the test", len(h.gate.queue), len(h.gate.slots))
		}
	})
	t.Run("more clients than slots all get answers", func(t *testing.T) {
		h := NewHandler(Fixed(testIndex), Options{MaxSearches: 1, MaxQueue: 64}).(*handler)
		var wg sync.WaitGroup
		codes := make(chan int, 48)
		for range 48 {
			wg.Go(func() { codes <- serve(t, h, "GET", searchTarget).Code })
		}
		wg.Wait()
		close(codes)
		for c := range codes {
			if c != http.StatusOK {
				t.Errorf("status %d, want 200 for every client", c)
			}
		}
		if len(h.gate.slots) != 0 || len(h.gate.queue) != 0 {
			t.Errorf("%d slots taken and %d requests queued after all answered", len(h.gate.slots), len(h.gate.queue))
		}
	})
}
