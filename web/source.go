package web

import "github.com/zhsearch/zhsearch/index"

// A Source gives each request the indexes it reads, as one [index.Set]. A
// request acquires once and uses that set for everything it answers, so
// that a search and the counts beside it come from the same generations
// even while an update swaps in a new one. [index.LiveSet], which follows
// each index's live generation, is a Source.
type Source interface {
	// Acquire returns the set to use now and a function to call when the
	// request is done with it; its indexes stay open until then. While no
	// index changed, it returns the same *Set: answers are cached by it.
	Acquire() (set *index.Set, release func(), err error)
}

// Fixed is a Source that always gives ix. The caller keeps ix open while
// the handler serves.
func Fixed(ix *index.Index) Source {
	set, _ := index.NewSet(ix) // one index always makes a set
	return fixed{set}
}

// FixedSet is a Source that always gives set. The caller keeps it open
// while the handler serves.
func FixedSet(set *index.Set) Source { return fixed{set} }

type fixed struct{ set *index.Set }

func (f fixed) Acquire() (*index.Set, func(), error) { return f.set, func() {}, nil }
