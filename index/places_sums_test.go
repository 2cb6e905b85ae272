package index

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"unique"

	"github.com/google/go-cmp/cmp"

	"github.com/zhsearch/zhsearch/segment"
)

// TestSumSpillKeepsTheLatestRecords checks that the spill gives back, for
// each document, the records added for it last, heading paths and all: an
// update that re-reads a document replaces its records, and one that
// leaves it with no paragraph leaves none.
func TestSumSpillKeepsTheLatestRecords(t *testing.T) {
	s := newSumSpill()
	var err error
	if s.file, err = createSpill(filepath.Join(t.TempDir(), placesSpill)); err != nil {
		t.Fatal(err)
	}
	defer s.file.remove()
	rec := func(n int, sum uint32, path string) placeSum {
		return placeSum{placeOrder(n, 1), paragraphRecord{sum: sum, section: unique.Make(path), kind: kindHeading, lengths: [numLengths]uint32{uint32(n), 2, 3, 65535}}}
	}
	s.add("a", []placeSum{rec(1, 11, "一"), rec(2, 12, "一"), rec(3, 13, "二")})
	s.add("b", []placeSum{rec(1, 21, "二")})
	s.add("a", []placeSum{rec(1, 14, "三"), rec(2, 15, "一")})
	s.add("c", []placeSum{rec(1, 31, "四")})
	s.add("c", nil)
	got := map[string][]string{}
	err = s.each(func(key []byte, r *spilledSum) error {
		got[string(key)] = append(got[string(key)], fmt.Sprintf("%d %d %s %d %v", r.order>>partBits, r.sum, s.names[r.path].Value(), r.kind, r.lengths))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]string{
		"a": {"1 14 三 2 [1 2 3 65535]", "2 15 一 2 [2 2 3 65535]"},
		"b": {"1 21 二 2 [1 2 3 65535]"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("records (-want +got):\n%s", diff)
	}
	if !s.rewritten("c") || s.rewritten("d") {
		t.Errorf("rewritten: c %v, d %v; want true, false", s.rewritten("c"), s.rewritten("d"))
	}
}

// TestUpdatedPlacesMatchAFreshBuild checks the place table an update writes,
// from the records of what it re-read and those it carries over from the
// generation before, against that of a fresh build of the same files:
// each paragraph's checksum, kind, heading path and lengths.
func TestUpdatedPlacesMatchAFreshBuild(t *testing.T) {
	src := t.TempDir()
	write := func(name, from string, cut int) {
		data, err := os.ReadFile(from)
		if err != nil {
			t.Fatal(err)
		}
		if cut > 0 {
			data = data[:cut]
		}
		if err := os.WriteFile(filepath.Join(src, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("speech.txt", "../testdata/speech.txt", 0)
	write("hebei.txt", "../testdata/corpus/reports/河北省.txt", 0)
	write("law.md", "../testdata/corpus/laws/安全生产法(2021-06-10).md", 0)
	sg, err := segment.New(segment.Options{})
	if err != nil {
		t.Fatal(err)
	}
	// The updated index writes its place tables an entry a write, the
	// fresh one in runs (see tableFile).
	build := func(dir string, buffer int) {
		t.Helper()
		if _, err := Update(context.Background(), dir, sg, []string{src}, UpdateOptions{Strict: true, placeBuffer: buffer}); err != nil {
			t.Fatal(err)
		}
		noSpillLeft(t, dir)
	}
	updated, fresh := t.TempDir(), t.TempDir()
	build(updated, 1)
	// The speech loses its later paragraphs, the report goes, a copy of
	// the law comes; the law is kept.
	write("speech.txt", "../testdata/speech.txt", 3000)
	if err := os.Remove(filepath.Join(src, "hebei.txt")); err != nil {
		t.Fatal(err)
	}
	write("law-copy.md", "../testdata/corpus/laws/安全生产法(2021-06-10).md", 0)
	build(updated, 1)
	build(fresh, 0)
	want, got := placeRecords(t, fresh), placeRecords(t, updated)
	if len(want) < 100 {
		t.Fatalf("only %d paragraphs", len(want))
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("place records, by paragraph (-fresh +updated):\n%s", diff)
	}
}

// TestPlaceTableInPieces: a place table written an entry a write and
// finished in pieces of 512 entries (see tableFile), the last one short, is
// the bytes of one written in runs and finished in one piece, and so is
// its path table; one-worker builds number paragraphs alike.
func TestPlaceTableInPieces(t *testing.T) {
	sg, err := segment.New(segment.Options{})
	if err != nil {
		t.Fatal(err)
	}
	tables := func(buffer int) map[string][]byte {
		t.Helper()
		dir := t.TempDir()
		opts := UpdateOptions{Strict: true, Workers: 1, placeBuffer: buffer}
		if _, err := Update(context.Background(), dir, sg, []string{"../testdata/corpus"}, opts); err != nil {
			t.Fatal(err)
		}
		cur, err := readCurrent(dir)
		if err != nil {
			t.Fatal(err)
		}
		out := map[string][]byte{}
		for _, name := range []string{placesFile, sectionsFile} {
			if out[name], err = os.ReadFile(filepath.Join(dir, cur.gen, name)); err != nil {
				t.Fatal(err)
			}
		}
		return out
	}
	whole, pieces := tables(1<<30), tables(1)
	if n := len(whole[placesFile]); n <= int(sealedSize(placesHeader, placeChunk)) {
		t.Fatalf("a place table of %d bytes: want more than one piece of %d", n, placeChunk)
	}
	for name, want := range whole {
		if !bytes.Equal(want, pieces[name]) {
			t.Errorf("%s differs when written in pieces", name)
		}
	}
}

// placeRecords returns what the place table of the index in dir keeps of
// each paragraph, by ID.
func placeRecords(t *testing.T, dir string) map[string]string {
	t.Helper()
	ix, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	titles, err := ix.Titles()
	if err != nil {
		t.Fatal(err)
	}
	p := ix.Places()
	out := map[string]string{}
	eachLivePlace(t, p, func(num uint64, place Place, e placeEntryBytes, section []byte) {
		var lengths []uint64
		for _, f := range []string{FieldTextUnits, FieldTextBigrams, FieldSectionUnits, FieldSectionBigrams} {
			l, _ := p.Lengths(f)
			lengths = append(lengths, l.Of(num))
		}
		out[PlaceID(titles[place.Doc].Key, place)] = fmt.Sprintf("sum %08x kind %d path %q lengths %v", e.sum(), e.kind(), section, lengths)
	})
	return out
}

// eachLivePlace calls fn with each live paragraph of p: its number, place,
// entry and heading path.
func eachLivePlace(t *testing.T, p *Places, fn func(num uint64, place Place, e placeEntryBytes, section []byte)) {
	t.Helper()
	for num := range p.n {
		place, ok := p.Lookup(num)
		if !ok {
			continue
		}
		e, err := p.find(num)
		if err != nil {
			t.Fatal(err)
		}
		section, err := p.paths.path(e.section())
		if err != nil {
			t.Fatal(err)
		}
		fn(num, place, e, section)
	}
}
