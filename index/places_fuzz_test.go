package index

import (
	"encoding/binary"
	"errors"
	"slices"
	"testing"
)

// FuzzPlacesLayout: whatever the bytes of places.bin, opening it as a
// place table and reading every entry (Lookup, each field's lengths, each
// document's paragraphs) never panics; a place read is the one its entry's
// bytes hold; damage is ErrDamaged, from document or recorded for
// [Index.Damage], never another error; and once the checksums are made
// right for the bytes, nothing reads as damaged.
func FuzzPlacesLayout(f *testing.F) {
	// Paragraph 1 of document 0, a deleted number, paragraph 2 of
	// document 1 (a heading), the second part of paragraph 1 of document 0.
	table := rawPlaces(
		[placeEntry]byte{5: 1 << (partBits - 8), 8: 0x12, 12: 1, 16: 5},
		[placeEntry]byte{0: 0xff, 1: 0xff, 2: 0xff, 3: 0xff},
		[placeEntry]byte{0: 1, 5: 2 << (partBits - 8), 15: 0x40, 18: 7},
		[placeEntry]byte{4: 1, 5: 1 << (partBits - 8), 8: 0x34, 16: 9},
	)
	if n, _, err := placesLayout(table); err != nil || n != 4 {
		f.Fatalf("the seed opens as %d entries, %v", n, err)
	}
	f.Add(table)
	f.Add(rawPlaces())
	f.Add(table[:len(table)-1])
	f.Fuzz(func(t *testing.T, data []byte) {
		readPlaces(t, data, false)
		readPlaces(t, resumPlaces(slices.Clone(data)), true)
	})
}

// readPlaces reads every entry of the place table in data, if it opens,
// and checks what the reads return; sealed says its checksums are right.
func readPlaces(t *testing.T, data []byte, sealed bool) {
	n, blocks, err := placesLayout(data)
	if err != nil {
		return
	}
	log := &damageLog{}
	p := &Places{data: data, n: n, blocks: blocks, path: placesFile, damage: log}
	docs := map[int]bool{}
	for num := range n + 1 {
		place, ok := p.Lookup(num)
		if !ok {
			continue
		}
		if num >= n {
			t.Fatalf("number %d of %d: Lookup %+v", num, n, place)
		}
		e := data[placesHeader+placeEntry*num:][:placeEntry]
		if doc := binary.LittleEndian.Uint32(e); doc == noDocument || place.Doc != int(doc) || place.Order != int(binary.LittleEndian.Uint32(e[4:])) {
			t.Fatalf("number %d: Lookup %+v from entry % x", num, place, e)
		}
		docs[place.Doc] = true
		for _, field := range []string{FieldTextUnits, FieldTextBigrams, FieldSectionUnits, FieldSectionBigrams} {
			l, _ := p.Lengths(field)
			if got := l.Of(num); got > 0xffff {
				t.Fatalf("number %d: length %d of %s", num, got, field)
			}
		}
	}
	if err := log.err(); err != nil && (sealed || !errors.Is(err, ErrDamaged)) {
		t.Fatalf("damage recorded (sealed %v): %v", sealed, err)
	}
	for doc := range docs {
		nums, err := p.document(doc)
		if err != nil {
			if sealed || !errors.Is(err, ErrDamaged) {
				t.Fatalf("document %d (sealed %v): %v", doc, sealed, err)
			}
			continue
		}
		for _, num := range nums {
			if place, ok := p.Lookup(num); !ok || place.Doc != doc {
				t.Fatalf("document %d lists number %d, which Lookup places at %+v, %v", doc, num, place, ok)
			}
		}
	}
}

// rawPlaces lays out a place table of entries, whatever they say, with
// its checksums.
func rawPlaces(entries ...[placeEntry]byte) []byte {
	data := []byte(placesMagic)
	data = binary.LittleEndian.AppendUint32(data, uint32(len(entries)))
	data = binary.LittleEndian.AppendUint32(data, uint32(len(entries)))
	for _, e := range entries {
		data = append(data, e[:]...)
	}
	return sealTable(data, placesHeader)
}

// resumPlaces writes in data, when its length is that its header gives,
// the block checksums of its body and its trailer, and returns it.
func resumPlaces(data []byte) []byte {
	if len(data) < placesHeader {
		return data
	}
	body := placeEntry * uint64(binary.LittleEndian.Uint32(data[4:]))
	if uint64(len(data)) != sealedSize(placesHeader, body) {
		return data
	}
	return sealTable(data[:placesHeader+body], placesHeader)
}
