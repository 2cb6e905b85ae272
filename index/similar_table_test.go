package index

import (
	"bytes"
	"math/rand/v2"
	"os"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// A group's list read back is its paragraphs' lists as one pair stored
// for each two paragraphs gave them: the other members of its group, then
// those of the groups near it, most similar first, ties by document number
// across groups, cut at maxSimilar; whatever the budget the table is
// written in, and with pairs found twice.
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
		defer spill.remove()
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
	}
	if cut == 0 {
		t.Error("no list reaches maxSimilar: the cut is not tested")
	}
	if e := tab.e; e >= 2*len(pairs) {
		t.Errorf("%d entries for %d pairs: group 0's list is not cut", e, len(pairs))
	}
}
