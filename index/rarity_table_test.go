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
	var out []int
	for b := range r.blocks.checked {
		if r.blocks.checked[b].Load() {
			out = append(out, b)
		}
	}
	return out
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
	ix.rarity.DF(k)
	// Halving the entries halves the blocks they lie in: a probe to a
	// new block for each halving, then the rest within one.
	if got := checkedBlocks(ix.rarity); len(got) == 0 || len(got) > bits.Len(uint(len(ix.rarity.blocks.checked)))+1 {
		t.Errorf("a word's count checked blocks %v of %d; want the few its binary search reads", got, len(ix.rarity.blocks.checked))
	}
}

// TestRarityDamageReadsAsAbsent: a read of a damaged block of rarity.bin
// answers as if what it asked for were not there (a word in no paragraph,
// a paragraph of no word), its checked form returns the damage, and
// Index.Damage reports it, an ErrDamaged naming rarity.bin; reads of other
// blocks answer as before, and a second read of the damaged block finds it
// again.
func TestRarityDamageReadsAsAbsent(t *testing.T) {
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
	num := uint64(0)
	for num < r.n && r.Profile(num)[0] == NoWord {
		num++
	}
	wantFirst, wantLast, wantProfile := r.DF(first), r.DF(last), r.Profile(num)
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

	noProfile := Profile{NoWord, NoWord, NoWord}
	for _, c := range []struct {
		name string
		at   int // the byte changed
		// damaged reads the damaged block and reports whether it answered
		// as absent, and its checked form's error; intact reads others and
		// reports whether they answered as before.
		damaged func(r *Rarity) (absent bool, err error)
		intact  func(r *Rarity) bool
	}{
		{
			name: "a block of the words table",
			at:   rarityHeader + byFirst[onlyFirst]*tableBlock + 1,
			damaged: func(r *Rarity) (bool, error) {
				_, err := r.ReadDF(first)
				return r.DF(first) == 0, err
			},
			intact: func(r *Rarity) bool { return r.DF(last) == wantLast && r.Profile(num) == wantProfile },
		},
		{
			name: "the block of a profile",
			at:   int(r.profilesAt() + ProfileWords*num),
			damaged: func(r *Rarity) (bool, error) {
				_, err := r.ReadProfile(num)
				return r.Profile(num) == noProfile, err
			},
			intact: func(r *Rarity) bool { return r.DF(first) == wantFirst },
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
			if !c.intact(ix.rarity) || ix.Damage() != nil {
				t.Errorf("reads of intact blocks answered otherwise, or found damage: %v", ix.Damage())
			}
			for range 2 {
				absent, err := c.damaged(ix.rarity)
				if !absent {
					t.Error("the damaged block's read answered as if intact")
				}
				if !errors.Is(err, ErrDamaged) || !strings.Contains(err.Error(), path) {
					t.Errorf("the checked read's error: %v; want ErrDamaged naming %s", err, path)
				}
			}
			if err := ix.Damage(); !errors.Is(err, ErrDamaged) || !strings.Contains(err.Error(), path+": checksum mismatch") {
				t.Errorf("Damage() = %v; want ErrDamaged naming %s", err, path)
			}
			if !c.intact(ix.rarity) {
				t.Error("reads of intact blocks answered otherwise once the damage was found")
			}
		})
	}
}
