package index

import (
	"encoding/binary"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// FuzzDecodeSimilar: whatever the bytes of similar.bin, decoding and
// reading every list and every group's pairs never panics, every pair read
// names a paragraph of the table with a similarity from 0 to 1, and a
// paragraph's nearest, read alone, is as similar as the first of its list
// when that reads; the same once the checksums are made right for the bytes, so
// that what the checksums would refuse reaches the reader of the records.
func FuzzDecodeSimilar(f *testing.F) {
	f.Add(encodeSimilar(f, []uint32{0, 1, noGroup, 0, 2}, []uint32{40, 50, 60}, []similarPair{{0, 1, Similarity{30, 60}}, {1, 2, Similarity{50, 60}}}))
	f.Add(encodeSimilar(f, nil, nil, nil))
	for _, c := range refusedTables() {
		f.Add(c.data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		readSimilar(t, data)
		readSimilar(t, resumSimilar(slices.Clone(data)))
	})
}

// readSimilar reads every list and every group's pairs of the table in
// data, if it decodes, and checks what it reads.
func readSimilar(t *testing.T, data []byte) {
	tab, err := decodeSimilar(data)
	if err != nil {
		return
	}
	for num := 0; num < tab.n; num++ {
		near, nearErr := tab.nearest(uint64(num))
		list, err := tab.list(uint64(num))
		if err != nil {
			continue
		}
		for _, p := range list {
			if p.Num >= uint64(tab.n) || p.Sim.Value() < 0 || p.Sim.Value() > 1 {
				t.Fatalf("paragraph %d: pair %+v", num, p)
			}
		}
		first := Similarity{}
		if len(list) > 0 {
			first = list[0].Sim
		}
		if nearErr != nil || !sameValue(near, first) {
			t.Fatalf("paragraph %d: nearest %v, %v; its list starts with %v", num, near, nearErr, first)
		}
	}
	for x := range tab.g {
		_ = tab.pairs(uint32(x), func(y uint32, sim Similarity) {
			if int(y) >= tab.g || sim.Value() < 0 || sim.Value() > 1 {
				t.Fatalf("group %d: pair with %d, %v", x, y, sim)
			}
		})
	}
}

// resumSimilar writes in data, when its length is that its header gives,
// the block checksums of its body and its trailer, and returns it.
func resumSimilar(data []byte) []byte {
	if len(data) < similarHeader {
		return data
	}
	n := uint64(binary.LittleEndian.Uint32(data[4:]))
	g := uint64(binary.LittleEndian.Uint32(data[8:]))
	r := uint64(binary.LittleEndian.Uint32(data[12:]))
	body := 4*n + 4*(g+1) + r
	if uint64(len(data)) != sealedSize(similarHeader, body) {
		return data
	}
	return sealTable(data[:similarHeader+body], similarHeader)
}

// rawSimilar lays out a similarity table of the groups of each document
// number and the groups' records, as written, whatever they say.
func rawSimilar(groupOf []uint32, records ...[]byte) []byte {
	data := []byte(similarMagic)
	var recs []byte
	offsets := []uint32{0}
	for _, r := range records {
		recs = append(recs, r...)
		offsets = append(offsets, uint32(len(recs)))
	}
	for _, v := range []uint32{uint32(len(groupOf)), uint32(len(records)), uint32(len(recs))} {
		data = binary.LittleEndian.AppendUint32(data, v)
	}
	for _, v := range append(slices.Clone(groupOf), offsets...) {
		data = binary.LittleEndian.AppendUint32(data, v)
	}
	return sealTable(append(data, recs...), similarHeader)
}

func uvarints(v ...uint64) []byte {
	var b []byte
	for _, x := range v {
		b = binary.AppendUvarint(b, x)
	}
	return b
}

// encodeSimilar writes a similarity table as a build does and returns it.
func encodeSimilar(tb testing.TB, groupOf, sizes []uint32, pairs []similarPair) []byte {
	tb.Helper()
	dir := tb.TempDir()
	spill, err := createPairSpill(filepath.Join(dir, pairsSpill))
	if err != nil {
		tb.Fatal(err)
	}
	defer spill.file.remove()
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
