package index

import (
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"testing"
	"unicode/utf8"

	"github.com/zhsearch/zhsearch/segment"
)

// FuzzKeywordWords cuts any keyword against a small words table: no
// panic, and the words it finds are words of the table, of two or more Han
// characters each and not overlapping, so at most half as many as the
// keyword has Han characters.
func FuzzKeywordWords(f *testing.F) {
	table := map[WordKey]uint32{}
	for i, w := range []string{"安全", "安全生产", "安全生产责任制", "责任制", "责任", "落实", "隐患", "排查", "隐患排查", "管理人员"} {
		table[wordKey(w)] = uint32(i + 1)
	}
	for _, s := range []string{"全面落实安全生产责任制", "隐患 排查", "管理人員", "a安全b", "", "的", "安全生产责任制安全生产责任制"} {
		f.Add(s)
	}
	df := func(k WordKey) (uint32, error) { return table[k], nil }
	f.Fuzz(func(t *testing.T, keyword string) {
		if !utf8.ValidString(keyword) {
			return // keywords are valid UTF-8: input is decoded at the edge
		}
		han := 0
		for _, r := range segment.FoldString(keyword) {
			if segment.IsHan(r) {
				han++
			}
		}
		got, err := KeywordWords(keyword, df)
		if err != nil {
			t.Fatalf("KeywordWords(%q): %v from counts that return none", keyword, err)
		}
		for _, n := range got {
			if n == 0 || int(n) > len(table) {
				t.Fatalf("KeywordWords(%q) = %v: %d is no word's count", keyword, got, n)
			}
		}
		if 2*len(got) > han {
			t.Fatalf("KeywordWords(%q) = %v: more words than %d Han characters hold", keyword, got, han)
		}
	})
}

// FuzzDecodeRarity: whatever the bytes of rarity.bin, decoding it and
// reading what decodes (words' counts, paragraphs' profiles) never panics;
// damage is only ever an ErrDamaged error; a count read is that of an
// entry of the word; a table whose keys are in order answers each entry's
// count for its word. The same once the checksums are made right for the
// bytes, so that what they would refuse reaches the reads, which must then
// find no damage.
func FuzzDecodeRarity(f *testing.F) {
	// One block each: a table of two is 4 KiB, whose minimizing would slow
	// the fuzzer tenfold (TestRarityDamageIsAnError reads one of a dozen).
	f.Add(encodeRarity(map[WordKey]uint32{wordKey("安全"): 3, wordKey("生产"): 1, wordKey("隐患"): 2},
		[]Profile{{0, 12, NoWord}, {NoWord, NoWord, NoWord}, {0, 0, 19}}))
	f.Add(encodeRarity(nil, nil))
	f.Add([]byte(rarityMagic))
	f.Fuzz(func(t *testing.T, data []byte) {
		readRarity(t, data, false)
		if sealed, ok := resealRarity(data); ok {
			readRarity(t, sealed, true)
		}
	})
}

// readRarity decodes the table in data, if it does, and reads from it the
// counts of its own words and of a few others, and every profile; sealed
// says its checksums are right, so that no read may find damage.
func readRarity(t *testing.T, data []byte, sealed bool) {
	if len(data) < rarityHeader {
		if _, err := decodeRarity(data, 0); err == nil {
			t.Fatalf("a table of %d bytes decoded", len(data))
		}
		return
	}
	n := uint64(binary.LittleEndian.Uint32(data[4:]))
	if _, err := decodeRarity(data, n+1); err == nil {
		t.Fatalf("a table of %d paragraphs decoded for %d", n, n+1)
	}
	r, err := decodeRarity(data, n)
	if err != nil {
		return
	}
	damage := func(what string, err error) {
		t.Helper()
		if err != nil && (sealed || !errors.Is(err, ErrDamaged)) {
			t.Fatalf("%s: %v (sealed %v)", what, err, sealed)
		}
	}
	// The counts the entries give each key, and whether the keys are in
	// order, none twice.
	entries := map[WordKey][]uint32{}
	ordered := true
	var last WordKey
	for i := range int(r.m) {
		k, df, err := r.entry(i)
		damage(fmt.Sprintf("entry %d", i), err)
		if err != nil {
			ordered = false
			continue
		}
		ordered = ordered && (i == 0 || k > last)
		entries[k], last = append(entries[k], df), k
	}
	keys := []WordKey{0, 1, wordKey("安全"), wordKey("隐患"), ^WordKey(0)}
	for k := range entries {
		keys = append(keys, k)
	}
	for _, k := range keys {
		got, err := r.DF(k)
		damage(fmt.Sprintf("the count of %#x", k), err)
		want := entries[k]
		switch {
		case err != nil:
		case got != 0 && !slices.Contains(want, got):
			t.Fatalf("the count of %#x: %d; its entries say %v", k, got, want)
		case ordered && k != 0 && len(want) > 0 && got != want[0]:
			t.Fatalf("the count of %#x: %d in a table in order whose entry says %d", k, got, want[0])
		}
	}
	for num := range r.n + 2 {
		p, err := r.Profile(num)
		damage(fmt.Sprintf("the profile of %d", num), err)
		if num >= r.n && (err != nil || p != Profile{NoWord, NoWord, NoWord}) {
			t.Fatalf("the profile of %d of %d: %v, %v", num, r.n, p, err)
		}
	}
}

// resealRarity returns data, when its length is that its header gives,
// with the block checksums of its body and its trailer made right.
func resealRarity(data []byte) ([]byte, bool) {
	if len(data) < rarityHeader {
		return nil, false
	}
	n := uint64(binary.LittleEndian.Uint32(data[4:]))
	m := uint64(binary.LittleEndian.Uint32(data[8:]))
	body := rarityEntry*m + ProfileWords*n
	if uint64(len(data)) != rarityHeader+body+4*((body+tableBlock-1)/tableBlock)+4 {
		return nil, false
	}
	return sealTable(slices.Clone(data[:rarityHeader+body]), rarityHeader), true
}
