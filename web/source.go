package web

import "github.com/zhsearch/zhsearch/index"

// A Source gives each request the index it reads. A request acquires once
// and uses that one index for everything it answers, so that a search and
// the counts beside it come from the same generation even while an update
// swaps in a new one.
type Source interface {
	// Acquire returns the index to use now and a function to call when the
	// request is done with it; the index stays open until then.
	Acquire() (ix *index.Index, release func(), err error)
}

// Fixed is a Source that always gives ix. The caller keeps ix open while
// the handler serves.
func Fixed(ix *index.Index) Source { return fixed{ix} }

type fixed struct{ ix *index.Index }

func (f fixed) Acquire() (*index.Index, func(), error) { return f.ix, func() {}, nil }
