package main

import (
	"io"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"strings"
	"testing"
	"time"
)

// gcSettings reads GOGC and the memory limit without setting them (the
// cleanup collectLate registers may set them at any moment).
func gcSettings() (percent, limit int64) {
	s := []metrics.Sample{{Name: "/gc/gogc:percent"}, {Name: "/gc/gomemlimit:bytes"}}
	metrics.Read(s)
	return int64(s[0].Value.Uint64()), int64(s[1].Value.Uint64())
}

// TestCollectLate: the first collection after collectLate puts GOGC 100
// and the memory limit back. (That collection comes at once here: the
// test process, which has built an index, holds more than
// firstCollection.)
func TestCollectLate(t *testing.T) {
	const limit = 1 << 40
	oldPercent, oldLimit := debug.SetGCPercent(100), debug.SetMemoryLimit(limit)
	t.Cleanup(func() { debug.SetGCPercent(oldPercent); debug.SetMemoryLimit(oldLimit) })

	collectLate()
	for deadline := time.Now().Add(10 * time.Second); ; {
		runtime.GC()
		if p, l := gcSettings(); p == 100 && l == limit {
			break
		}
		if time.Now().After(deadline) {
			p, l := gcSettings()
			t.Fatalf("after a collection: GOGC %d, limit %d; want 100 and %d", p, l, int64(limit))
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestSearchCollectsLateForAPage: a search that shows a page puts its
// first collection off; one that lists every hit (an export) does not.
func TestSearchCollectsLateForAPage(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want int
	}{
		{[]string{"search", "--index", testIndex, "-n", "10", "安全生产"}, 1},
		{[]string{"search", "--index", testIndex, "-n", "100", "安全生产"}, 1},
		{[]string{"search", "--index", testIndex, "-n", "0", "安全生产"}, 0},
		{[]string{"search", "--index", testIndex, "-n", "101", "安全生产"}, 0},
		{[]string{"kwic", "--index", testIndex, "安全生产"}, 0},
	} {
		env := newEnvironment(strings.NewReader(""), io.Discard, io.Discard)
		calls := 0
		env.collectLate = func() { calls++ }
		if code := runIn(env, tc.args); code != exitHits {
			t.Errorf("%v: exit %d", tc.args, code)
		}
		if calls != tc.want {
			t.Errorf("%v: collectLate called %d times, want %d", tc.args, calls, tc.want)
		}
	}
}
