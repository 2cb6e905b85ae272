package index

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzDecodeSimilar: whatever the bytes of similar.bin (the checksum
// aside), decoding and reading every list never panics, and every pair read
// names a paragraph of the table with a similarity from 0 to 1.
func FuzzDecodeSimilar(f *testing.F) {
	f.Add(encodeSimilar(f, []uint32{0, 1, noGroup, 0, 2}, []uint32{40, 50, 60}, []similarPair{{0, 1, Similarity{30, 60}}, {1, 2, Similarity{50, 60}}}))
	f.Add(encodeSimilar(f, nil, nil, nil))
	f.Add([]byte("ZHSM\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00"))
	// A paragraph in a group past the count (found by fuzzing).
	f.Add([]byte("ZHSM\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00"))
	f.Fuzz(func(t *testing.T, data []byte) {
		tab, err := decodeSimilar(data)
		if err != nil {
			return
		}
		for num := 0; num < tab.n; num++ {
			list, err := tab.list(uint64(num))
			if err != nil {
				continue
			}
			for _, p := range list {
				if p.Num >= uint64(tab.n) || p.Sim.Value() < 0 || p.Sim.Value() > 1 {
					t.Fatalf("paragraph %d: pair %+v", num, p)
				}
			}
		}
	})
}

// encodeSimilar writes a similarity table as a build does and returns it.
func encodeSimilar(tb testing.TB, groupOf, sizes []uint32, pairs []similarPair) []byte {
	tb.Helper()
	dir := tb.TempDir()
	spill, err := createPairSpill(filepath.Join(dir, pairsSpill))
	if err != nil {
		tb.Fatal(err)
	}
	defer spill.remove()
	if err := spill.write(pairs); err != nil {
		tb.Fatal(err)
	}
	path := filepath.Join(dir, similarFile)
	if err := writeSimilarTable(path, groupOf, sizes, spill, similarBudget); err != nil {
		tb.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	return data
}

// FuzzShingles: any text gives sorted, distinct shingles, or none for a
// text of fewer than MinReuseChars letters and digits, and a text is the
// same as itself.
func FuzzShingles(f *testing.F) {
	f.Add("现在，我代表省人民政府向大会报告工作，请予审议，并请省政协委员和列席人员提出意见。")
	f.Add("一、2025年工作回顾")
	f.Add("ＧＤＰ增长5.4%，國務院")
	f.Fuzz(func(t *testing.T, text string) {
		sh := Shingles(text)
		for i := 1; i < len(sh); i++ {
			if sh[i-1] >= sh[i] {
				t.Fatalf("shingles not sorted and distinct at %d", i)
			}
		}
		if n := len(normalize(text)); (n < MinReuseChars) != (sh == nil) {
			t.Fatalf("%d characters, %d shingles", n, len(sh))
		}
		if sh != nil && Compare(sh, sh) != (Similarity{len(sh), len(sh)}) {
			t.Fatalf("a text is not the same as itself: %v", Compare(sh, sh))
		}
	})
}
