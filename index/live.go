package index

import (
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"time"
)

// ErrClosed is returned by an [Index] or a [Live] after Close.
var ErrClosed = errors.New("index is closed")

// liveRecheck is how often a Live looks at CURRENT: at most one read of a
// small file per this interval, however many searches there are.
const liveRecheck = 100 * time.Millisecond

// Live follows the live generation of an index in dir.
type Live struct {
	dir  string
	opts OpenOptions

	reload sync.Mutex // held by the one Acquire that opens a new generation

	mu      sync.Mutex // guards what follows
	cur     *liveIndex
	checked time.Time
	failed  string // the CURRENT line whose generation failed to open
	closed  bool
}

// liveIndex is an open generation and how many hold it: each Acquire not
// yet released, and the Live itself while the generation is current.
type liveIndex struct {
	ix   *Index
	refs int
}

// OpenLive opens the index in dir and follows it as updates swap in new
// generations: a server keeps one Live and calls Acquire per request.
func OpenLive(dir string, opts OpenOptions) (*Live, error) {
	ix, err := OpenWith(dir, opts)
	if err != nil {
		return nil, err
	}
	// A server checks its tables whole once, as it does each generation
	// it moves to: damage is an error at its start, not a failure of
	// every search after the first that reads it.
	if err := ix.checkTables(); err != nil {
		ix.Close()
		return nil, err
	}
	return &Live{dir: dir, opts: opts, cur: &liveIndex{ix: ix, refs: 1}, checked: time.Now()}, nil
}

// Acquire returns the generation CURRENT names now (opening it when it
// changed since the last call; CURRENT is read at most every 100 ms) and
// keeps it open until release is called; the previous one is closed when
// its last user releases it. When a new generation cannot be opened, the
// one the Live has keeps answering and the error goes to
// [OpenOptions.OnReloadError]. A generation is checked as opening
// checks it and, besides, every block of its block-checked tables (the
// place and path tables, rarity.bin, similar.bin) before it answers.
func (l *Live) Acquire() (ix *Index, release func(), err error) {
	l.maybeReload()
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		return nil, nil, fmt.Errorf("%s: %w", l.dir, ErrClosed)
	}
	held := l.cur
	held.refs++
	var once sync.Once
	return held.ix, func() { once.Do(func() { l.release(held) }) }, nil
}

// maybeReload opens the generation CURRENT names if it is not the one the
// Live has, at most once per liveRecheck. Searches meanwhile go on with
// the current one: only one caller reloads, the others do not wait.
func (l *Live) maybeReload() {
	l.mu.Lock()
	due := !l.closed && time.Since(l.checked) >= liveRecheck
	l.mu.Unlock()
	if !due || !l.reload.TryLock() {
		return
	}
	defer l.reload.Unlock()
	l.mu.Lock()
	if l.closed || time.Since(l.checked) < liveRecheck {
		l.mu.Unlock()
		return
	}
	l.checked = time.Now()
	have := l.cur.ix.current
	failed := l.failed
	l.mu.Unlock()

	raw, err := readSmallFile(filepath.Join(l.dir, currentFile))
	line := string(trimLine(raw))
	if err == nil && (line == have || line == failed) {
		return
	}
	next, err := OpenWith(l.dir, l.opts)
	if err == nil && next.current == have {
		next.Close() // CURRENT changed and changed back, or is unreadable now
		return
	}
	if err == nil {
		// Opening leaves the blocks of the place table and its kin to
		// the reads: a damaged block found by a search would fail that
		// search and every later one, where the generation the Live has
		// can keep answering. Checked whole once, here, per update.
		if err = next.checkTables(); err != nil {
			next.Close()
		}
	}
	if err != nil {
		l.mu.Lock()
		l.failed = line
		l.mu.Unlock()
		if l.opts.OnReloadError != nil {
			l.opts.OnReloadError(fmt.Errorf("following %s to a new generation: %w", l.dir, err))
		}
		return
	}
	l.mu.Lock()
	if l.closed {
		l.mu.Unlock()
		next.Close()
		return
	}
	old := l.cur
	l.cur, l.failed = &liveIndex{ix: next, refs: 1}, ""
	done := l.releaseLocked(old)
	l.mu.Unlock()
	closeIndex(done)
}

func trimLine(raw []byte) []byte {
	for len(raw) > 0 && (raw[len(raw)-1] == '\n' || raw[len(raw)-1] == '\r' || raw[len(raw)-1] == ' ') {
		raw = raw[:len(raw)-1]
	}
	return raw
}

func (l *Live) release(li *liveIndex) {
	l.mu.Lock()
	done := l.releaseLocked(li)
	l.mu.Unlock()
	closeIndex(done)
}

// releaseLocked drops one hold of li and returns its index when that was
// the last, for the caller to close once it has unlocked l.mu (closing
// takes some milliseconds, which Acquire should not wait for).
func (l *Live) releaseLocked(li *liveIndex) *Index {
	li.refs--
	if li.refs == 0 {
		return li.ix
	}
	return nil
}

func closeIndex(ix *Index) {
	if ix != nil {
		ix.Close()
	}
}

// Close closes the Live; the generation it holds is closed when the last
// Acquire of it is released.
func (l *Live) Close() error {
	l.mu.Lock()
	if l.closed {
		l.mu.Unlock()
		return nil
	}
	l.closed = true
	done := l.releaseLocked(l.cur)
	l.mu.Unlock()
	if done != nil {
		return done.Close()
	}
	return nil
}
