package index

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	bleveindex "github.com/blevesearch/bleve_index_api"
)

// ErrIncompatible: indexes that cannot be searched as one, because they were
// built by different segmenters (or dictionaries) or formats, or hold the
// same document.
var ErrIncompatible = errors.New("indexes cannot be searched as one")

// A Set is several open indexes searched as one: shards of one corpus built
// apart (a folder each, in parallel jobs), or a user's separate indexes of
// laws and of reports. Package query's SearchSet ranks over a Set exactly as
// over one index built from all its members' files, with the statistics of
// the whole set ([Set.Stats], [Set.Readers]).
//
// The members must have been built by the same segmenter identity (which
// names its dictionaries) and index format, and no document path may be in
// two of them: one index over all the files could not hold it twice, and
// which copy is meant is the user's call, not ours. A Set is immutable and
// safe for concurrent use.
type Set struct {
	members []*Index
	// For more than one member: every member's titles, member by member,
	// and their title lists as one (whose first says where each member's
	// documents begin).
	titles    []DocTitle
	titleList *TitleList
}

// NewSet makes a Set of open indexes, in the order given, after checking
// that they can be searched as one; otherwise the error is ErrIncompatible
// and names the index at fault. Close on the Set closes the members.
func NewSet(members ...*Index) (*Set, error) {
	if len(members) == 0 {
		return nil, fmt.Errorf("no index to search: %w", ErrIncompatible)
	}
	s := &Set{members: members}
	if len(members) == 1 {
		return s, nil
	}
	head := members[0]
	dirs := map[string]string{}
	for _, ix := range members {
		m := ix.Meta()
		switch {
		case m.Format != head.meta.Format:
			return nil, fmt.Errorf("%s: index format %d, but %s has format %d: %w", ix.dir, m.Format, head.dir, head.meta.Format, ErrIncompatible)
		case m.Segmenter != head.meta.Segmenter:
			return nil, fmt.Errorf("%s: built with segmenter %s, but %s with %s; rebuild one with the other's dictionaries: %w", ix.dir, m.Segmenter, head.dir, head.meta.Segmenter, ErrIncompatible)
		}
		abs, err := filepath.Abs(ix.dir)
		if err != nil {
			abs = ix.dir
		}
		if other, ok := dirs[abs]; ok {
			return nil, fmt.Errorf("%s: named twice (as %s too): %w", ix.dir, other, ErrIncompatible)
		}
		dirs[abs] = ix.dir
	}
	type held struct {
		ix   *Index
		path string
	}
	byPath, byKey := map[string]*Index{}, map[string]held{}
	s.titleList = &TitleList{first: []int{0}}
	for _, ix := range members {
		list, err := ix.TitleList()
		if err != nil {
			return nil, err
		}
		s.titleList.files = append(s.titleList.files, list.files...)
		s.titleList.first = append(s.titleList.first, s.titleList.Len()+list.Len())
		titles, err := ix.Titles()
		if err != nil {
			return nil, err
		}
		s.titles = append(s.titles, titles...)
		for _, d := range titles {
			if other, ok := byPath[d.Path]; ok {
				return nil, fmt.Errorf("%s: holds %s, which %s holds too; a document may be in one index of a set only: %w", ix.dir, d.Path, other.dir, ErrIncompatible)
			}
			// The key names the file by its absolute path where it was
			// built: one file given under two names.
			if other, ok := byKey[d.Key]; ok {
				return nil, fmt.Errorf("%s: holds %s, the file %s holds as %s; a document may be in one index of a set only: %w", ix.dir, d.Path, other.ix.dir, other.path, ErrIncompatible)
			}
			byPath[d.Path], byKey[d.Key] = ix, held{ix, d.Path}
		}
	}
	return s, nil
}

// OpenSet opens the indexes in dirs as a Set. On error, none is left open.
func OpenSet(dirs []string, opts OpenOptions) (*Set, error) {
	var members []*Index
	for _, dir := range dirs {
		ix, err := OpenWith(dir, opts)
		if err != nil {
			closeAll(members)
			return nil, err
		}
		members = append(members, ix)
	}
	s, err := NewSet(members...)
	if err != nil {
		closeAll(members)
		return nil, err
	}
	return s, nil
}

func closeAll(members []*Index) error {
	var errs []error
	for _, ix := range members {
		errs = append(errs, ix.Close())
	}
	return errors.Join(errs...)
}

// Members returns the indexes of the set, in order. Do not modify it.
func (s *Set) Members() []*Index { return s.members }

// Close closes every member.
func (s *Set) Close() error { return closeAll(s.members) }

// Dir names the set's indexes: their directories, comma-separated.
func (s *Set) Dir() string {
	dirs := make([]string, len(s.members))
	for i, ix := range s.members {
		dirs[i] = ix.dir
	}
	return strings.Join(dirs, ", ")
}

// Meta is what built the set: its members' format and segmenter, the
// newest build time, and documents, paragraphs and tokens summed. Files is
// nil.
func (s *Set) Meta() Meta {
	m := s.members[0].Meta()
	if len(s.members) == 1 {
		return m
	}
	st := s.Stats()
	m.Files, m.Documents, m.Paragraphs, m.Tokens = nil, len(s.titles), st.Paragraphs, st.Tokens
	for _, ix := range s.members[1:] {
		if ix.meta.Built.After(m.Built) {
			m.Built = ix.meta.Built
		}
	}
	return m
}

// Titles returns the titles of every member's documents, member by member
// (each member's sorted by path): the document i of member m is at
// FirstDoc(m)+i. It is shared: do not modify it.
func (s *Set) Titles() ([]DocTitle, error) {
	if len(s.members) == 1 {
		return s.members[0].Titles()
	}
	return s.titles, nil
}

// TitleList returns the title list of every member's documents, in the
// order of [Set.Titles]. It is valid until the Set is closed.
func (s *Set) TitleList() (*TitleList, error) {
	if len(s.members) == 1 {
		return s.members[0].TitleList()
	}
	return s.titleList, nil
}

// FirstDoc is where member m's documents begin in [Set.Titles].
func (s *Set) FirstDoc(m int) int {
	if len(s.members) == 1 {
		return 0
	}
	return s.titleList.first[m]
}

// Document finds the document with a path: the member holding it and its
// index in that member's titles.
func (s *Set) Document(path string) (ix *Index, doc int, err error) {
	for _, ix := range s.members {
		titles, err := ix.Titles()
		if err != nil {
			return nil, 0, err
		}
		// Titles are sorted by path, bytewise.
		if i, ok := slices.BinarySearchFunc(titles, path, func(d DocTitle, p string) int { return strings.Compare(d.Path, p) }); ok {
			return ix, i, nil
		}
	}
	return nil, -1, nil
}

// Docs returns the records of every member's documents, sorted by path.
func (s *Set) Docs() ([]DocRecord, error) {
	if len(s.members) == 1 {
		return s.members[0].Docs()
	}
	var all []DocRecord
	for _, ix := range s.members {
		docs, err := ix.Docs()
		if err != nil {
			return nil, err
		}
		all = append(all, docs...)
	}
	slices.SortFunc(all, func(a, b DocRecord) int { return strings.Compare(a.Path, b.Path) })
	return all, nil
}

// Stats are the collection statistics BM25 ranks with.
type Stats struct {
	Paragraphs int            // paragraphs (bleve documents)
	Tokens     map[string]int // tokens of each searched field, over all paragraphs (see [Meta.Tokens])
}

// Stats returns the statistics of the whole set: its members' summed.
func (s *Set) Stats() Stats {
	st := Stats{Tokens: map[string]int{}}
	for _, ix := range s.members {
		st.Paragraphs += ix.meta.Paragraphs
		for f, n := range ix.meta.Tokens {
			st.Tokens[f] += n
		}
	}
	return st
}

// Readers returns a reader of each member's bleve snapshot, as
// [Index.Reader] does, whose term readers count the whole set: the Count of
// each is the number of the set's paragraphs that hold the term (found in
// every member, once per term and field, on the first ask). With the
// paragraphs and field lengths of [Set.Stats], which a search passes to
// bleve as its BM25 statistics, that is all bleve's term scorers and
// zhsearch's read, so scores over a member are those over one index of all
// the set's files. DocCount stays the member's own: it is about the
// documents the member numbers. The readers of one call share what they
// found; close each when done. [Index.Paragraph] and friends take them as
// they take the member's own.
func (s *Set) Readers() ([]bleveindex.IndexReader, error) {
	raw := make([]bleveindex.IndexReader, 0, len(s.members))
	closeRaw := func() {
		for _, r := range raw {
			r.Close()
		}
	}
	for _, ix := range s.members {
		r, err := ix.Reader()
		if err != nil {
			closeRaw()
			return nil, err
		}
		raw = append(raw, r)
	}
	if len(s.members) == 1 {
		return raw, nil
	}
	counts := &setCounts{readers: raw, counts: map[string]uint64{}}
	out := make([]bleveindex.IndexReader, len(raw))
	for i, r := range raw {
		out[i] = &setReader{IndexReader: r, member: i, counts: counts}
	}
	return out, nil
}

// setCounts are the document frequencies of terms over a set, found as
// searches ask for them: the distributed frequency pre-pass of
// Elasticsearch's dfs_query_then_fetch, limited to the terms a search reads.
type setCounts struct {
	readers []bleveindex.IndexReader // every member's own

	mu     sync.Mutex
	counts map[string]uint64 // by field "\x00" term
}

// count returns the paragraphs of the set that hold term in field; local is
// member's own count.
func (c *setCounts) count(ctx context.Context, field string, term []byte, member int, local uint64) (uint64, error) {
	key := field + "\x00" + string(term)
	c.mu.Lock()
	defer c.mu.Unlock()
	if n, ok := c.counts[key]; ok {
		return n, nil
	}
	total := local
	for i, r := range c.readers {
		if i == member {
			continue
		}
		tfr, err := r.TermFieldReader(ctx, term, field, false, false, false)
		if err != nil {
			return 0, err
		}
		total += tfr.Count()
		if err := tfr.Close(); err != nil {
			return 0, err
		}
	}
	c.counts[key] = total
	return total, nil
}

// setReader is a member's reader reporting the set's statistics.
type setReader struct {
	bleveindex.IndexReader
	member int
	counts *setCounts
}

func (r *setReader) TermFieldReader(ctx context.Context, term []byte, field string, includeFreq, includeNorm, includeTermVectors bool) (bleveindex.TermFieldReader, error) {
	tfr, err := r.IndexReader.TermFieldReader(ctx, term, field, includeFreq, includeNorm, includeTermVectors)
	if err != nil {
		return nil, err
	}
	n, err := r.counts.count(ctx, field, term, r.member, tfr.Count())
	if err != nil {
		tfr.Close()
		return nil, err
	}
	return &setTermReader{TermFieldReader: tfr, count: n}, nil
}

// setTermReader reads a term's postings in one member and counts them in
// the whole set.
type setTermReader struct {
	bleveindex.TermFieldReader
	count uint64
}

func (t *setTermReader) Count() uint64 { return t.count }

// unwrapReader returns the member's own reader under a set's.
func unwrapReader(r bleveindex.IndexReader) bleveindex.IndexReader {
	if s, ok := r.(*setReader); ok {
		return s.IndexReader
	}
	return r
}

// A LiveSet follows several indexes' live generations, each its own CURRENT
// (see [Live]), and gives the Set of the generations live now. A server
// keeps one and calls Acquire per request: while any member is updated,
// searches go on over the generations they hold.
type LiveSet struct {
	lives []*Live
	opts  OpenOptions

	mu     sync.Mutex
	cur    *heldSet
	failed []*Index // the members of the last combination NewSet refused
	closed bool
}

// heldSet is a Set and the holds on its members' generations: the
// LiveSet's while it is current, and each Acquire's until released.
type heldSet struct {
	set     *Set
	release []func()
	refs    int
}

func (h *heldSet) drop() {
	for _, r := range h.release {
		r()
	}
}

// OpenLiveSet opens the indexes in dirs and follows each. OnReloadError in
// opts is called when a member's new generation cannot be opened, and
// when the generations live now cannot be searched as one (an update gave
// two members one document): the LiveSet keeps answering from the
// generations it has.
func OpenLiveSet(dirs []string, opts OpenOptions) (*LiveSet, error) {
	l := &LiveSet{opts: opts}
	for _, dir := range dirs {
		live, err := OpenLive(dir, opts)
		if err != nil {
			l.closeLives()
			return nil, &MemberError{Dir: dir, Err: err}
		}
		l.lives = append(l.lives, live)
	}
	members, release, err := l.acquireAll()
	if err != nil {
		l.closeLives()
		return nil, err
	}
	set, err := NewSet(members...)
	if err != nil {
		release()
		l.closeLives()
		return nil, err
	}
	l.cur = &heldSet{set: set, release: []func(){release}, refs: 1}
	return l, nil
}

// A MemberError is the error of one index of several opened together:
// Dir is the index's folder, for what a caller says about it (the error's
// own text names the index or its file already).
type MemberError struct {
	Dir string
	Err error
}

func (e *MemberError) Error() string { return e.Err.Error() }
func (e *MemberError) Unwrap() error { return e.Err }

// acquireAll acquires every member's live generation.
func (l *LiveSet) acquireAll() ([]*Index, func(), error) {
	members := make([]*Index, 0, len(l.lives))
	var releases []func()
	release := func() {
		for _, r := range releases {
			r()
		}
	}
	for _, live := range l.lives {
		ix, r, err := live.Acquire()
		if err != nil {
			release()
			return nil, nil, err
		}
		members = append(members, ix)
		releases = append(releases, r)
	}
	return members, release, nil
}

// Acquire returns the Set of the generations live now (each member's
// CURRENT is read at most every 100 ms) and keeps them open until release
// is called. The Set is the same while no member changed, so that callers
// may key caches by it.
func (l *LiveSet) Acquire() (set *Set, release func(), err error) {
	members, releaseMembers, err := l.acquireAll()
	if err != nil {
		return nil, nil, err
	}
	l.mu.Lock()
	if l.closed {
		l.mu.Unlock()
		releaseMembers()
		return nil, nil, fmt.Errorf("%s: %w", l.lives[0].dir, ErrClosed)
	}
	if !slices.Equal(members, l.cur.set.members) && !slices.Equal(members, l.failed) {
		l.mu.Unlock()
		// Checked outside the lock: reading the new members' titles
		// takes a moment, which other requests need not wait for.
		next, err := NewSet(members...)
		l.mu.Lock()
		if l.closed {
			l.mu.Unlock()
			releaseMembers()
			return nil, nil, fmt.Errorf("%s: %w", l.lives[0].dir, ErrClosed)
		}
		if err != nil {
			l.failed = members
			if l.opts.OnReloadError != nil {
				l.opts.OnReloadError(fmt.Errorf("following the indexes to new generations: %w", err))
			}
		} else if !slices.Equal(members, l.cur.set.members) {
			old := l.cur
			l.cur, l.failed = &heldSet{set: next, release: []func(){releaseMembers}, refs: 1}, nil
			releaseMembers = nil // now the LiveSet's hold
			if old.refs--; old.refs == 0 {
				defer old.drop()
			}
		}
	}
	held := l.cur
	held.refs++
	l.mu.Unlock()
	if releaseMembers != nil {
		releaseMembers() // held's own holds keep its generations open
	}
	var once sync.Once
	return held.set, func() {
		once.Do(func() {
			l.mu.Lock()
			held.refs--
			last := held.refs == 0
			l.mu.Unlock()
			if last {
				held.drop()
			}
		})
	}, nil
}

// Close closes the LiveSet; the generations it holds are closed when the
// last Acquire of them is released.
func (l *LiveSet) Close() error {
	l.mu.Lock()
	if l.closed {
		l.mu.Unlock()
		return nil
	}
	l.closed = true
	cur := l.cur
	cur.refs--
	last := cur.refs == 0
	l.mu.Unlock()
	if last {
		cur.drop()
	}
	return l.closeLives()
}

func (l *LiveSet) closeLives() error {
	var errs []error
	for _, live := range l.lives {
		errs = append(errs, live.Close())
	}
	return errors.Join(errs...)
}
