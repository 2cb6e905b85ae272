package index

import (
	"bytes"
	"encoding/binary"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// A group's list read back is its paragraphs' lists as one pair stored
// for each two paragraphs gave them: the other members of its group, then
// those of the groups near it, most similar first, ties by document number
// across groups, cut at maxSimilar; whatever the budget the table is
// written in, and with pairs found twice. The nearest of each paragraph,
// read alone, is as similar as the first of its list.
func TestSimilarTableCut(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	const n, g = 6000, 1500
	// Groups in the order of their first paragraphs, as a build numbers
	// them; some paragraphs have none.
	groupOf := make([]uint32, n)
	seen := uint32(0)
	for num := range groupOf {
		switch {
		case num%11 == 0:
			groupOf[num] = noGroup
		case seen < g && (seen == 0 || rng.IntN(10) < 3):
			groupOf[num] = seen
			seen++
		default:
			groupOf[num] = uint32(rng.IntN(int(seen)))
		}
	}
	if seen != g {
		t.Fatalf("%d groups of %d", seen, g)
	}
	sizes := make([]uint32, g)
	for x := range sizes {
		sizes[x] = uint32(30 + rng.IntN(100))
	}
	// Values that tie across different fractions (1/2, 7/10).
	values := []Similarity{{20, 40}, {30, 60}, {10, 20}, {21, 50}, {42, 100}, {7, 10}, {14, 20}, {9, 20}}
	var pairs []similarPair
	paired := map[[2]uint32]bool{}
	add := func(a, b uint32) {
		paired[[2]uint32{a, b}] = true
		p := similarPair{a, b, values[rng.IntN(len(values))]}
		pairs = append(pairs, p)
		if rng.IntN(5) == 0 {
			pairs = append(pairs, similarPair{b, a, p.sim}) // found twice
		}
	}
	// Group 0 is near every other (its list is cut by groups); the others
	// near a few each.
	for y := uint32(1); y < g; y++ {
		add(0, y)
	}
	for range 4000 {
		a, b := uint32(1+rng.IntN(g-1)), uint32(1+rng.IntN(g-1))
		if a != b && !slices.ContainsFunc(pairs, func(p similarPair) bool {
			return p.a == min(a, b) && p.b == max(a, b) || p.a == max(a, b) && p.b == min(a, b)
		}) {
			add(min(a, b), max(a, b))
		}
	}

	members := make([][]uint64, g)
	for num, x := range groupOf {
		if x != noGroup {
			members[x] = append(members[x], uint64(num))
		}
	}
	near := make([][]similarPair, g)
	for p := range paired {
		sim := Similarity{}
		for _, q := range pairs {
			if q.a == p[0] && q.b == p[1] {
				sim = q.sim
				break
			}
		}
		near[p[0]] = append(near[p[0]], similarPair{p[0], p[1], sim})
		near[p[1]] = append(near[p[1]], similarPair{p[1], p[0], sim})
	}
	want := func(num uint64) []SimilarParagraph {
		x := groupOf[num]
		if x == noGroup {
			return nil
		}
		var l []SimilarParagraph
		for _, m := range members[x] {
			if m != num {
				l = append(l, SimilarParagraph{m, Similarity{int(sizes[x]), int(sizes[x])}})
			}
		}
		for _, p := range near[x] {
			for _, m := range members[p.b] {
				l = append(l, SimilarParagraph{m, p.sim})
			}
		}
		slices.SortFunc(l, func(a, b SimilarParagraph) int {
			if c := moreSimilar(a.Sim, b.Sim); c != 0 {
				return c
			}
			return int(a.Num) - int(b.Num)
		})
		return l[:min(len(l), maxSimilar)]
	}

	write := func(budget int) []byte {
		t.Helper()
		dir := t.TempDir()
		spill, err := createPairSpill(dir + "/" + pairsSpill)
		if err != nil {
			t.Fatal(err)
		}
		defer spill.file.remove()
		if err := spill.write(pairs); err != nil {
			t.Fatal(err)
		}
		if err := writeSimilarTable(dir+"/"+similarFile, groupOf, sizes, spill, budget); err != nil {
			t.Fatal(err)
		}
		data, err := os.ReadFile(dir + "/" + similarFile)
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	data := write(similarBudget)
	if small := write(500); !bytes.Equal(small, data) {
		t.Fatal("written in passes of 500 entries, the table differs")
	}
	tab, err := decodeSimilar(data)
	if err != nil {
		t.Fatal(err)
	}
	cut := 0
	for num := range uint64(n) {
		got, err := tab.list(num)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want(num), got); diff != "" {
			t.Fatalf("paragraph %d (group %d) (-want +got):\n%s", num, groupOf[num], diff)
		}
		if len(got) == maxSimilar {
			cut++
		}
		first := Similarity{}
		if len(got) > 0 {
			first = got[0].Sim
		}
		if near, err := tab.nearest(num); err != nil || !sameValue(near, first) {
			t.Fatalf("paragraph %d: nearest %v, %v; its list starts with %v", num, near, err, first)
		}
	}
	if cut == 0 {
		t.Error("no list reaches maxSimilar: the cut is not tested")
	}
	e := 0
	for x := range tab.g {
		if err := tab.pairs(uint32(x), func(uint32, Similarity) { e++ }); err != nil {
			t.Fatal(err)
		}
	}
	if e >= 2*len(pairs) {
		t.Errorf("%d entries for %d pairs: group 0's list is not cut", e, len(pairs))
	}
}

// refusedTable is a similarity table that decoding or reading its lists
// must refuse.
type refusedTable struct {
	name string
	data []byte
}

// refusedTables are tables whose damage the checksums would not show
// (their sums made right for their bytes), or would: each must be refused,
// never read as pairs or make the reader panic. The groups are those of
// three paragraphs, 0 and 2 of one text.
func refusedTables() []refusedTable {
	groupOf := []uint32{0, 1, 0}
	group0 := uvarints(2, 40, 0, 1, 1, 30, 10) // 2 members of 40 shingles: 0, 2; near group 1
	group1 := uvarints(1, 1, 0, 30, 10)
	patch := func(data []byte, at int, v uint32) []byte {
		binary.LittleEndian.PutUint32(data[at:], v)
		return resumSimilar(data)
	}
	offsets := similarHeader + 4*len(groupOf)
	flip := func(data []byte, at int) []byte {
		data[at] ^= 1
		return data
	}
	base := func() []byte { return rawSimilar(groupOf, group0, group1) }
	return []refusedTable{
		{"more groups than paragraphs", rawSimilar([]uint32{0}, group0, group1)},
		{"a paragraph in a group past the count", rawSimilar([]uint32{0, 2, 0}, group0, group1)},
		{"a member past the paragraphs", rawSimilar(groupOf, group0, uvarints(1, 3, 0, 30, 10))},
		{"a member after the last paragraph", rawSimilar(groupOf, uvarints(2, 40, 2, 0), group1)},
		{"a group of no members", rawSimilar(groupOf, group0, uvarints(0))},
		{"members of no shingles", rawSimilar(groupOf, uvarints(2, 0, 0, 1), group1)},
		{"a pair with itself", rawSimilar(groupOf, group0, uvarints(1, 1, 1, 30, 10))},
		{"a pair with a group past the count", rawSimilar(groupOf, group0, uvarints(1, 1, 2, 30, 10))},
		{"a pair of no shingles", rawSimilar(groupOf, group0, uvarints(1, 1, 0, 0, 0))},
		{"a pair of too many shingles", rawSimilar(groupOf, group0, uvarints(1, 1, 0, 1<<31, 10))},
		{"a record cut short", rawSimilar(groupOf, group0, append(uvarints(1, 1, 0, 30), 0x80))},
		{"an empty record", rawSimilar(groupOf, group0, nil)},
		{"records out of order", patch(base(), offsets+4, 100)},
		{"a record past the end", patch(base(), offsets+8, 100)},
		{"a byte of a record changed", flip(base(), offsets+12+2)},
		{"a byte of a group number changed", flip(base(), similarHeader+4)},
		{"the header's checksum changed", flip(base(), 17)},
		{"the count of paragraphs changed", flip(base(), 4)},
		{"a byte cut", base()[:len(base())-1]},
		{"a block checksum changed", flip(base(), len(base())-1)},
	}
}

// Each damaged or inconsistent table is refused by decoding it or by
// reading a list or a group's pairs; the table they are made from is read
// whole.
func TestSimilarTableRefuses(t *testing.T) {
	read := func(data []byte) error {
		tab, err := decodeSimilar(data)
		if err != nil {
			return err
		}
		for num := range uint64(tab.n) {
			if _, err := tab.list(num); err != nil {
				return err
			}
		}
		for x := range tab.g {
			if err := tab.pairs(uint32(x), func(uint32, Similarity) {}); err != nil {
				return err
			}
		}
		return nil
	}
	intact := rawSimilar([]uint32{0, 1, 0}, uvarints(2, 40, 0, 1, 1, 30, 10), uvarints(1, 1, 0, 30, 10))
	if err := read(intact); err != nil {
		t.Fatalf("the intact table: %v", err)
	}
	tab, _ := decodeSimilar(intact)
	got, _ := tab.list(0)
	want := []SimilarParagraph{{2, Similarity{40, 40}}, {1, Similarity{30, 40}}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("paragraph 0 of the intact table (-want +got):\n%s", diff)
	}
	for _, c := range refusedTables() {
		t.Run(c.name, func(t *testing.T) {
			if err := read(c.data); err == nil {
				t.Error("read without an error")
			} else {
				t.Log(err)
			}
		})
	}
}

// A list reads, and checks, the blocks it needs alone: opening a table of
// many paragraphs reads none of its body, a list a few blocks, and damage
// elsewhere is found by the list that reads it, not by the others.
func TestSimilarChecksWhatItReads(t *testing.T) {
	const n = 40000
	// Paragraphs 2i and 2i+1 have one text, near the next two's.
	groupOf := make([]uint32, n)
	for num := range groupOf {
		groupOf[num] = uint32(num / 2)
	}
	sizes := make([]uint32, n/2)
	var pairs []similarPair
	for x := range sizes {
		sizes[x] = 50
		if x > 0 {
			pairs = append(pairs, similarPair{uint32(x - 1), uint32(x), Similarity{40, 60}})
		}
	}
	data := encodeSimilar(t, groupOf, sizes, pairs)
	tab, err := decodeSimilar(data)
	if err != nil {
		t.Fatal(err)
	}
	if c, _ := tab.blocks.checkedBlocks(); len(c) != 0 {
		t.Errorf("decoding checked blocks %v", c)
	}
	want := []SimilarParagraph{{101, Similarity{50, 50}}, {98, Similarity{40, 60}}, {99, Similarity{40, 60}}, {102, Similarity{40, 60}}, {103, Similarity{40, 60}}}
	got, err := tab.list(100)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("paragraph 100 (-want +got):\n%s", diff)
	}
	if c, blocks := tab.blocks.checkedBlocks(); len(c) > 3 || blocks < 50 {
		t.Errorf("a list checked blocks %v of %d", c, blocks)
	}

	// The last group's record changed.
	damaged := slices.Clone(data)
	damaged[tab.end-2] ^= 1
	tab, err = decodeSimilar(damaged)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := tab.list(100); err != nil || !cmp.Equal(want, got) {
		t.Errorf("paragraph 100 of a table damaged elsewhere: %v, %v", got, err)
	}
	if _, err := tab.list(n - 1); err == nil || !strings.Contains(err.Error(), "checksum mismatch") {
		t.Errorf("the damaged record read: %v; want a checksum mismatch", err)
	}
}
