package web

import (
	"container/list"
	"slices"
	"strconv"
	"sync"

	"github.com/zhsearch/zhsearch/index"
)

// An answerCache keeps the most recently used search answers, up to a
// number of bytes, so that a search asked again (the next person typing the
// same keyword, back and forward in the page, a page reloaded) is answered
// without searching. Answers are kept by the index they came from: an
// answer of one generation is never given for another, and those of a
// generation no longer served age out.
type answerCache struct {
	mu      sync.Mutex
	max     int // bytes of answers at most
	size    int
	order   list.List // of *cached, most recently used first
	entries map[cacheKey]*list.Element
}

// The key holds the index itself, which keeps it from being freed while
// its answers are kept: no other index can take its place in a key.
type cacheKey struct {
	ix  *index.Index
	req string // the search's parameters, as cacheRequest encodes them
}

type cached struct {
	key cacheKey
	ans answer
}

// An answer is a search's response body without its took_ms, which each
// request gives for itself: the JSON before it and the JSON after it.
type answer struct{ head, tail []byte }

func (a answer) size() int { return len(a.head) + len(a.tail) }

func newAnswerCache(max int) *answerCache {
	return &answerCache{max: max, entries: map[cacheKey]*list.Element{}}
}

func (c *answerCache) get(k cacheKey) (answer, bool) {
	if c == nil {
		return answer{}, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[k]
	if !ok {
		return answer{}, false
	}
	c.order.MoveToFront(e)
	return e.Value.(*cached).ans, true
}

func (c *answerCache) put(k cacheKey, a answer) {
	n := a.size() + len(k.req)
	if n > c.max/8 { // one answer never pushes out most of the others
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.entries[k]; ok {
		return // another request made it meanwhile
	}
	c.entries[k] = c.order.PushFront(&cached{key: k, ans: a})
	c.size += n
	for c.size > c.max {
		last := c.order.Back()
		old := last.Value.(*cached)
		c.order.Remove(last)
		delete(c.entries, old.key)
		c.size -= old.ans.size() + len(old.key.req)
	}
}

// cacheRequest encodes the parameters that decide a search's answer;
// filters are sets, so their order does not matter.
func cacheRequest(p searchParams) string {
	b := strconv.AppendQuote(nil, p.q)
	b = strconv.AppendInt(append(b, ' '), int64(p.limit), 10)
	b = strconv.AppendInt(append(b, ' '), int64(p.offset), 10)
	for _, set := range [][]string{p.docs, p.years} {
		b = append(b, " ["...)
		for _, v := range slices.Sorted(slices.Values(set)) {
			b = strconv.AppendQuote(append(b, ' '), v)
		}
		b = append(b, ']')
	}
	return string(b)
}
