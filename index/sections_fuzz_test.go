package index

import (
	"bytes"
	"encoding/binary"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// FuzzDecodeSections: whatever the bytes of sections.bin, decoding it and
// reading every heading path never panics and a path read lies within the
// table's text; the same once the checksums are made right for the bytes,
// so that what they would refuse reaches the reader of the offsets. The
// seeds are small (a table of one block): the fuzzer spends its time on
// what it changes rather than on shortening a long seed, and
// TestSectionsReadBack reads a table of two blocks.
func FuzzDecodeSections(f *testing.F) {
	paths := []string{"", "第一章 总则", "第一章 总则" + SectionSeparator + "第一节"}
	table := encodeSections(f, paths)
	f.Add(table)
	f.Add(encodeSections(f, nil))
	f.Add(table[:len(table)-1])
	f.Fuzz(func(t *testing.T, data []byte) {
		readSections(t, data)
		readSections(t, resumSections(slices.Clone(data)))
	})
}

// TestSectionsReadBack: a path table as written reads back its paths, and
// a changed byte anywhere in it is refused, on decoding or by the read of
// a path in the block it is in; never read as another path.
func TestSectionsReadBack(t *testing.T) {
	paths := []string{"", "第一章 总则", "第一章 总则" + SectionSeparator + "第一节", strings.Repeat("安全生产", 600), "附则"}
	table := encodeSections(t, paths)
	tab, err := decodeSections(table)
	if err != nil {
		t.Fatal(err)
	}
	tab.data = table
	if len(tab.blocks.checked) < 2 {
		t.Fatalf("%d blocks, want a table of two at least", len(tab.blocks.checked))
	}
	for i, want := range paths {
		got, err := tab.path(uint32(i))
		if err != nil || string(got) != want {
			t.Fatalf("path %d: %.20q, %v; want %.20q", i, got, err, want)
		}
	}
	for at := range table {
		damaged := slices.Clone(table)
		damaged[at] ^= 0x01
		tab, err := decodeSections(damaged)
		if err != nil {
			continue
		}
		tab.data = damaged
		refused := false
		for i, want := range paths {
			got, err := tab.path(uint32(i))
			refused = refused || err != nil
			if err == nil && string(got) != want {
				t.Fatalf("byte %d changed: path %d reads %.20q, want %.20q", at, i, got, want)
			}
		}
		if !refused {
			t.Fatalf("byte %d changed: every path read", at)
		}
	}
}

// encodeSections is the path table writeSections writes of paths.
func encodeSections(tb testing.TB, paths []string) []byte {
	tb.Helper()
	dir := tb.TempDir()
	if err := writeSections(dir, paths); err != nil {
		tb.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(dir, sectionsFile))
	if err != nil {
		tb.Fatal(err)
	}
	return data
}

// readSections reads every path of the table in data, if it decodes.
func readSections(t *testing.T, data []byte) {
	tab, err := decodeSections(data)
	if err != nil {
		return
	}
	tab.data = data
	text := data[tab.text:tab.end]
	for i := range tab.n {
		p, err := tab.path(i)
		if err == nil && len(p) > 0 && !bytes.Contains(text, p) {
			t.Fatalf("path %d, %q, is not of the table's text", i, p)
		}
	}
}

// resumSections makes the block checksums and trailer of a path table
// right for its bytes, when its size fits its header.
func resumSections(data []byte) []byte {
	if len(data) < sectionsHeader {
		return data
	}
	n := uint64(binary.LittleEndian.Uint32(data[4:]))
	size := uint64(binary.LittleEndian.Uint32(data[8:]))
	body := 4*(n+1) + size
	if uint64(len(data)) != sealedSize(sectionsHeader, body) {
		return data
	}
	return sealTable(data[:sectionsHeader+body], sectionsHeader)
}
