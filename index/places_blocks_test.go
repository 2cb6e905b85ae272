package index_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/zhsearch/zhsearch/index"
	"github.com/zhsearch/zhsearch/query"
)

// TestPlaceBlocksAreCheckedAsRead: opening an index checks no block of its
// place table or of its path table; a search checks the blocks it reads.
// With a byte of one block's entry changed, a search that reads only other
// blocks answers as on the intact index, while one whose hits lie in the
// damaged block fails with ErrDamaged naming places.bin, never a shorter
// answer; so do reading the paragraph and a full check.
func TestPlaceBlocksAreCheckedAsRead(t *testing.T) {
	dir := t.TempDir()
	update(t, dir, []string{"../testdata/corpus"}, index.UpdateOptions{})
	// A rare keyword of the 1956 report, whose entry is to be damaged, and
	// rare keywords of other documents, one of which reads only other
	// blocks (scorch numbers paragraphs in the order a build's workers
	// wrote them, which varies).
	const inDamaged = "农业合作化"
	candidates := []string{"非煤矿山", "雄安新区", "人工智能", "煤矿"}
	search := func(ix *index.Index, q string) ([]query.Hit, error) {
		t.Helper()
		res, err := query.Search(context.Background(), ix, q, query.Options{Limit: 0})
		if err != nil {
			return nil, err
		}
		return res.Hits, nil
	}
	checked := func(ix *index.Index) []int {
		c, _ := ix.Places().CheckedBlocks()
		return c
	}

	// On the intact index: the blocks each search reads, from a fresh
	// open.
	reads := func(q string) ([]query.Hit, []int) {
		t.Helper()
		ix := open(t, dir)
		defer ix.Close()
		c, blocks := ix.Places().CheckedBlocks()
		paths, _ := ix.Places().CheckedPathBlocks()
		if blocks < 3 || len(c) != 0 || len(paths) != 0 {
			t.Fatalf("after Open: blocks %v of %d checked, path blocks %v; want none, of 3 blocks or more", c, blocks, paths)
		}
		hits, err := search(ix, q)
		if err != nil || len(hits) == 0 {
			t.Fatalf("%s: %d hits, %v", q, len(hits), err)
		}
		read := checked(ix)
		if len(read) == blocks {
			t.Fatalf("%s read every block of %d", q, blocks)
		}
		return hits, read
	}
	ix := open(t, dir)
	hits, err := search(ix, inDamaged)
	if err != nil {
		t.Fatal(err)
	}
	const filterAlone = "date:1956" // the 1956 report
	if filtered, err := search(ix, filterAlone+" "+inDamaged); err != nil || len(filtered) != len(hits) {
		t.Fatalf("%s %s: %d hits of %d, %v", filterAlone, inDamaged, len(filtered), len(hits), err)
	}
	r, err := ix.Reader()
	if err != nil {
		t.Fatal(err)
	}
	// A hit of inDamaged in a block that a search of another keyword
	// does not read.
	var num uint64
	var want []query.Hit
	elsewhere := ""
	at, block := -1, -1
	for _, q := range candidates {
		var read []int
		want, read = reads(q)
		for _, h := range hits {
			id, err := r.InternalID(h.ID)
			if err != nil || id == nil {
				t.Fatalf("%s: %v", h.ID, err)
			}
			if o, b := index.PlaceEntry(id.Value()); !slices.Contains(read, b) {
				num, at, block, elsewhere = id.Value(), o, b, q
				break
			}
		}
		if at >= 0 {
			break
		}
	}
	r.Close()
	if at < 0 {
		t.Fatalf("every hit of %s is in a block that searches of %q read", inDamaged, candidates)
	}
	lengths, _ := ix.Places().Lengths(index.FieldTextUnits)
	if lengths.Of(num) == 0 {
		t.Fatalf("paragraph %d has no length", num)
	}
	if listed, err := search(ix, filterAlone); err != nil || len(listed) != 1 {
		t.Fatalf("%s: %d hits, %v; want its document", filterAlone, len(listed), err)
	}
	r, err = ix.Reader()
	if err != nil {
		t.Fatal(err)
	}
	titles, _ := ix.Titles()
	doc := slices.IndexFunc(titles, func(d index.DocTitle) bool { return strings.Contains(d.Path, "1956") })
	id, err := r.InternalID(index.ParagraphID(titles[doc].Key, 1))
	if err != nil || id == nil {
		t.Fatalf("the first paragraph of %s: %v", titles[doc].Path, err)
	}
	first, _ := index.PlaceEntry(id.Value())
	r.Close()
	ix.Close()

	// The document of that hit's entry changed, and in a copy of the
	// index the entry of the first paragraph of the document a query of
	// a filter alone lists.
	path := filepath.Join(liveGeneration(t, dir), "places.bin")
	listing := t.TempDir()
	copyTree(t, dir, listing)
	changeFile(t, path, func(b []byte) []byte { b[at] ^= 0x01; return b })
	listingPath := filepath.Join(liveGeneration(t, listing), "places.bin")
	changeFile(t, listingPath, func(b []byte) []byte { b[first] ^= 0x01; return b })
	isDamageOf := func(path, what string, err error) {
		t.Helper()
		if !errors.Is(err, index.ErrDamaged) || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "block") {
			t.Errorf("%s: err = %v, want ErrDamaged naming %s and the block", what, err, path)
		}
	}
	isDamage := func(what string, err error) { t.Helper(); isDamageOf(path, what, err) }
	ix = open(t, dir)
	if c := checked(ix); len(c) != 0 {
		t.Fatalf("after Open of the damaged table: blocks %v checked", c)
	}
	got, err := search(ix, elsewhere)
	if err != nil {
		t.Fatalf("%s, reading undamaged blocks: %v", elsewhere, err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("%s, reading undamaged blocks (-intact +damaged):\n%s", elsewhere, diff)
	}
	if err := ix.Damage(); err != nil || slices.Contains(checked(ix), block) {
		t.Fatalf("%s checked blocks %v, damage %v: want not block %d", elsewhere, checked(ix), err, block)
	}
	_, err = search(ix, inDamaged)
	isDamage(fmt.Sprintf("%s, its hit %d in block %d", inDamaged, num, block), err)
	isDamage("Damage", ix.Damage())
	if _, ok := ix.Places().Lookup(num); ok {
		t.Errorf("Lookup found the damaged entry of %d", num)
	}
	lengths, _ = ix.Places().Lengths(index.FieldTextUnits)
	if n := lengths.Of(num); n != 0 {
		t.Errorf("the damaged entry of %d has a length %d, want 0", num, n)
	}
	r, err = ix.Reader()
	if err != nil {
		t.Fatal(err)
	}
	_, err = ix.Paragraph(r, num)
	isDamage("Paragraph", err)
	r.Close()
	_, err = ix.Verify()
	if !errors.Is(err, index.ErrDamaged) || !strings.Contains(err.Error(), path) {
		t.Errorf("Verify: err = %v, want ErrDamaged naming %s", err, path)
	}

	// A filter drops a paragraph whose place it cannot read: the search
	// fails rather than answer without it.
	_, err = search(open(t, dir), filterAlone+" "+inDamaged)
	isDamage(filterAlone+" "+inDamaged, err)
	_, err = search(open(t, listing), filterAlone)
	isDamageOf(listingPath, filterAlone+", its document's first paragraph damaged", err)
}
