package index

import (
	"context"
	"errors"
	"math/bits"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/zhsearch/zhsearch/segment"
)

// rarityIndex builds an index of a speech and two reports, whose
// rarity.bin has a dozen blocks, and returns its folder and the path of
// its rarity.bin.
func rarityIndex(t *testing.T) (dir, path string) {
	t.Helper()
	seg, err := segment.New(segment.Options{})
	if err != nil {
		t.Fatal(err)
	}
	dir = t.TempDir()
	paths := []string{"../testdata/speech.txt", "../testdata/corpus/reports/河北省.txt", "../testdata/corpus/gb18030/山西省.txt"}
	if _, err := Update(context.Background(), dir, seg, paths, UpdateOptions{}); err != nil {
		t.Fatal(err)
	}
	ix, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if b := len(ix.rarity.blocks.checked); b < 4 {
		t.Fatalf("rarity.bin has %d blocks: too few for the test", b)
	}
	return dir, ix.rarity.path
}

// checkedBlocks returns the blocks of r that reads have checked.
func checkedBlocks(r *Rarity) []int {
	checked, _ := r.blocks.checkedBlocks()
	return checked
}

// TestRarityOpenChecksNoBlock: opening an index checks rarity.bin's
// header and block checksums, none of its blocks: those are checked as
// reads touch them.
func TestRarityOpenChecksNoBlock(t *testing.T) {
	dir, _ := rarityIndex(t)
	ix, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if got := checkedBlocks(ix.rarity); len(got) != 0 {
		t.Errorf("opening checked blocks %v of %d", got, len(ix.rarity.blocks.checked))
	}
	k, _, _ := ix.rarity.entry(0)
	if _, err := ix.rarity.DF(k); err != nil {
		t.Fatal(err)
	}
	// Halving the entries halves the blocks they lie in: a probe to a
	// new block for each halving, then the rest within one.
	if got := checkedBlocks(ix.rarity); len(got) == 0 || len(got) > bits.Len(uint(len(ix.rarity.blocks.checked)))+1 {
		t.Errorf("a word's count checked blocks %v of %d; want the few its binary search reads", got, len(ix.rarity.blocks.checked))
	}
}

// TestRarityDamageIsAnError: a read of a damaged block of rarity.bin
// returns the damage, an ErrDamaged naming rarity.bin, and so does a
// second read of it; reads of other blocks answer as before, the damage
// found or not.
func TestRarityDamageIsAnError(t *testing.T) {
	dir, path := rarityIndex(t)
	intact, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	ix, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	r := ix.rarity
	// The first and last words of the table, a paragraph of words, what
	// the intact table answers for them and the blocks reading each
	// checks.
	first, _, _ := r.entry(0)
	last, _, _ := r.entry(int(r.m) - 1)
	dfOf := func(k WordKey) uint32 {
		n, err := r.DF(k)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	profileAt := func(num uint64) Profile {
		p, err := r.Profile(num)
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	num := uint64(0)
	for num < r.n && profileAt(num)[0] == NoWord {
		num++
	}
	wantFirst, wantLast, wantProfile := dfOf(first), dfOf(last), profileAt(num)
	if wantFirst == 0 || wantLast == 0 || num == r.n {
		t.Fatalf("counts %d, %d, paragraph %d of %d: the intact table answers nothing", wantFirst, wantLast, num, r.n)
	}
	touched := func(read func()) []int {
		for b := range r.blocks.checked {
			r.blocks.checked[b].Store(false)
		}
		read()
		return checkedBlocks(r)
	}
	byFirst := touched(func() { r.DF(first) })
	byLast := touched(func() { r.DF(last) })
	byProfile := touched(func() { r.Profile(num) })
	ix.Close()
	// A block the first word's search reads and the others do not; the
	// profile's, unless the first word's search reads it.
	onlyFirst := slices.IndexFunc(byFirst, func(b int) bool { return !slices.Contains(byLast, b) && !slices.Contains(byProfile, b) })
	if onlyFirst < 0 || slices.Contains(byFirst, byProfile[0]) {
		t.Fatalf("the reads check blocks %v, %v and %v: none of the first's alone", byFirst, byLast, byProfile)
	}

	// An answer is what a read of a word's count or a paragraph's profile
	// answered, and its error.
	type answer struct {
		v   any
		err error
	}
	df := func(k WordKey) func(r *Rarity) answer {
		return func(r *Rarity) answer { n, err := r.DF(k); return answer{n, err} }
	}
	profile := func(num uint64) func(r *Rarity) answer {
		return func(r *Rarity) answer { p, err := r.Profile(num); return answer{p, err} }
	}
	for _, c := range []struct {
		name    string
		at      int                  // the byte changed
		damaged func(*Rarity) answer // reads the damaged block
		intact  map[string]func(*Rarity) answer
		want    map[string]any // what intact's reads answer
	}{
		{
			name:    "a block of the words table",
			at:      rarityHeader + byFirst[onlyFirst]*tableBlock + 1,
			damaged: df(first),
			intact:  map[string]func(*Rarity) answer{"last word": df(last), "profile": profile(num)},
			want:    map[string]any{"last word": wantLast, "profile": wantProfile},
		},
		{
			name:    "the block of a profile",
			at:      int(r.profilesAt() + ProfileWords*num),
			damaged: profile(num),
			intact:  map[string]func(*Rarity) answer{"first word": df(first)},
			want:    map[string]any{"first word": wantFirst},
		},
	} {
		t.Run(c.name, func(t *testing.T) {
			damaged := slices.Clone(intact)
			damaged[c.at] ^= 0x20
			if err := os.WriteFile(path, damaged, 0o644); err != nil {
				t.Fatal(err)
			}
			defer os.WriteFile(path, intact, 0o644)
			ix, err := Open(dir)
			if err != nil {
				t.Fatalf("Open: %v", err)
			}
			defer ix.Close()
			readIntact := func(when string) {
				t.Helper()
				for name, read := range c.intact {
					if a := read(ix.rarity); a.err != nil || a.v != c.want[name] {
						t.Errorf("%s: the %s read %v, %v; want %v", when, name, a.v, a.err, c.want[name])
					}
				}
			}
			readIntact("before the damage is found")
			for range 2 {
				if a := c.damaged(ix.rarity); !errors.Is(a.err, ErrDamaged) || !strings.Contains(a.err.Error(), path+": checksum mismatch") {
					t.Errorf("the damaged block's read: %v, %v; want ErrDamaged naming %s", a.v, a.err, path)
				}
			}
			readIntact("once it is found")
		})
	}
}

// TestOldRarityFindsPlaceDamage: an update that drops every paragraph of
// the live generation takes away every word it counts, leaving no count;
// where a block of the place table is damaged, whose entries oldRarity
// cannot tell are paragraphs, it returns that damage, an ErrDamaged naming
// places.bin, rather than counts that keep those paragraphs' words. (An
// update verifies the live generation before, and reads every entry of
// its place table checked before it counts words: the counts must not
// depend on either.)
func TestOldRarityFindsPlaceDamage(t *testing.T) {
	dir, _ := rarityIndex(t)
	ix, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	gen, places := ix.gen, ix.places.path
	ix.Close()
	intact, err := os.ReadFile(places)
	if err != nil {
		t.Fatal(err)
	}
	seg, err := segment.New(segment.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name    string
		damaged bool
	}{
		{"intact", false},
		{"a block of the place table damaged", true},
	} {
		t.Run(c.name, func(t *testing.T) {
			data := slices.Clone(intact)
			if c.damaged {
				data[placesHeader+1] ^= 0x20
			}
			if err := os.WriteFile(places, data, 0o644); err != nil {
				t.Fatal(err)
			}
			defer os.WriteFile(places, intact, 0o644)
			rare := newRarityCounter()
			rare.changed = map[string]bool{}
			u := &updater{dir: dir, seg: seg, opts: UpdateOptions{Workers: 1}, report: &Report{}, rare: rare, oldGen: gen}
			paras := &paraIndex{docs: map[string]uint32{}} // no paragraph kept
			df := map[WordKey]uint32{}
			err := u.oldRarity(context.Background(), nil, df, paras, nil, nil)
			if c.damaged {
				if !errors.Is(err, ErrDamaged) || !strings.Contains(err.Error(), places+": checksum mismatch") {
					t.Errorf("oldRarity: %v; want ErrDamaged naming %s", err, places)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			for k, n := range df {
				if n != 0 {
					t.Fatalf("word %#x: %d paragraphs left of none", k, n)
				}
			}
			if len(df) == 0 || len(rare.changed) == 0 {
				t.Errorf("%d words counted, %d changed: the live generation's words were not read", len(df), len(rare.changed))
			}
		})
	}
}
