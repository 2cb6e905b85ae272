package web

import (
	"container/list"
	"slices"
	"strconv"
	"sync"

	"github.com/zhsearch/zhsearch/index"
)

// An answerCache keeps the most recently used search answers of one index,
// up to a number of bytes, so that a search asked again (the next person
// typing the same keyword, back and forward in the page, a page reloaded)
// is answered without searching. Its answers are those of the newest index
// it has been given: an answer of one generation is never given for
// another, and when a newer generation comes, the older one's answers are
// dropped, and the older index with them.
type answerCache struct {
	mu      sync.Mutex
	max     int        // bytes of answers at most
	set     *index.Set // whose answers these are
	size    int
	order   list.List // of *cached, most recently used first
	entries map[string]*list.Element
}

type cached struct {
	req string // the search's parameters, as cacheRequest encodes them
	ans answer
}

// An answer is a search's response body without its took_ms, which each
// request gives for itself: the JSON before it and the JSON after it.
type answer struct{ head, tail []byte }

func (a answer) size() int { return len(a.head) + len(a.tail) }

func newAnswerCache(max int) *answerCache {
	return &answerCache{max: max, entries: map[string]*list.Element{}}
}

// get returns the answer of set to req, if it is kept.
func (c *answerCache) get(set *index.Set, req string) (answer, bool) {
	if c == nil {
		return answer{}, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[req]
	if !ok || set != c.set {
		return answer{}, false
	}
	c.order.MoveToFront(e)
	return e.Value.(*cached).ans, true
}

// put keeps a, the answer of set to req. The answer of an index older than
// the cache's (a request that began before a swap and ended after) is not
// kept; that of a newer one replaces all the cache holds.
func (c *answerCache) put(set *index.Set, req string, a answer) {
	if c == nil {
		return
	}
	n := a.size() + len(req)
	if n > c.max/8 { // one answer never pushes out most of the others
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if set != c.set {
		if c.set != nil && set.Meta().Built.Before(c.set.Meta().Built) {
			return
		}
		c.set = set
		c.size = 0
		c.order.Init()
		clear(c.entries)
	}
	if _, ok := c.entries[req]; ok {
		return // another request made it meanwhile
	}
	c.entries[req] = c.order.PushFront(&cached{req: req, ans: a})
	c.size += n
	for c.size > c.max {
		last := c.order.Back()
		old := last.Value.(*cached)
		c.order.Remove(last)
		delete(c.entries, old.req)
		c.size -= old.ans.size() + len(old.req)
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
	filters := make([]string, len(p.filters))
	for i, f := range p.filters {
		filters[i] = string(f.Name) + "=" + f.Value
	}
	b = append(b, " ["...)
	for _, v := range slices.Sorted(slices.Values(filters)) {
		b = strconv.AppendQuote(append(b, ' '), v)
	}
	b = append(b, ']')
	if p.explain {
		b = append(b, " explain"...)
	}
	if p.collapse {
		b = strconv.AppendFloat(append(b, " collapse "...), p.similarity, 'g', -1, 64)
	}
	return string(b)
}
