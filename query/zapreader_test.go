package query

import (
	"encoding/binary"
	"errors"
	"testing"

	"github.com/zhsearch/zhsearch/index"
)

// locations encodes positions as zap writes a posting's locations: field,
// position, start, end and no array positions for each.
func locations(positions ...uint64) []byte {
	var b []byte
	for _, p := range positions {
		b = binary.AppendUvarint(b, 3)
		b = binary.AppendUvarint(b, p)
		b = binary.AppendUvarint(b, 5)   // flags
		b = binary.AppendUvarint(b, 200) // a sentence past one byte
		b = binary.AppendUvarint(b, 0)
	}
	return b
}

// TestFollower checks follower.has, which matchRaw asks in rising order
// of starts: found and not found in order, past the last position, and
// positions out of order (which the index does not write, but which must
// not go unseen).
func TestFollower(t *testing.T) {
	for _, c := range []struct {
		name      string
		positions []uint64
		k         uint64
		starts    []uint64
		want      []bool
	}{
		{"in order", []uint64{3, 7, 130, 131}, 1, []uint64{2, 4, 6, 129, 130, 200}, []bool{true, false, true, true, true, false}},
		{"none", nil, 2, []uint64{1, 5}, []bool{false, false}},
		{"out of order, seen at once", []uint64{9, 4}, 0, []uint64{4, 9}, []bool{true, true}},
		{"out of order after a miss", []uint64{3, 10, 5}, 0, []uint64{5, 10}, []bool{true, true}},
		{"out of order after a hit", []uint64{2, 8, 6}, 2, []uint64{0, 4, 6}, []bool{true, true, true}},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := newFollower(locations(c.positions...), c.k)
			for i, s := range c.starts {
				got, err := f.has(s)
				if err != nil {
					t.Fatal(err)
				}
				if got != c.want[i] {
					t.Errorf("has(%d) = %v, want %v", s, got, c.want[i])
				}
			}
		})
	}
}

// TestLocationsDamaged checks that locations cut short are an error
// naming damage, not a panic or a wrong answer.
func TestLocationsDamaged(t *testing.T) {
	whole := locations(4, 300)
	for cut := 1; cut < len(whole); cut++ {
		if _, err := appendPositions(nil, whole[:cut]); !errors.Is(err, index.ErrDamaged) && cut != len(locations(4)) {
			t.Errorf("cut at %d: %v, want damage", cut, err)
		}
		f := newFollower(whole[:cut], 0)
		if _, err := f.has(300); err != nil && !errors.Is(err, index.ErrDamaged) {
			t.Errorf("cut at %d: %v", cut, err)
		}
	}
	if got, err := appendPositions(nil, whole); err != nil || len(got) != 2 || got[0] != 4 || got[1] != 300 {
		t.Errorf("appendPositions = %v, %v; want [4 300]", got, err)
	}
}

// FuzzZapBytes feeds arbitrary bytes to the parsers of zap's postings
// bytes that the direct reader uses: damaged bytes must be refused, never
// read out of range.
func FuzzZapBytes(f *testing.F) {
	f.Add(locations(1, 2, 300), uint8(1))
	f.Add(binary.AppendUvarint(binary.AppendUvarint(binary.AppendUvarint(nil, 2), 1), 3), uint8(2))
	f.Add([]byte{0x80, 0x80, 0x80}, uint8(1))
	f.Fuzz(func(t *testing.T, b []byte, chunks uint8) {
		for rest := b; len(rest) > 0; {
			var ok bool
			if _, _, _, rest, ok = nextLocation(rest); !ok {
				break
			}
		}
		c, ok := readChunkedInts(b, 0, uint64(chunks))
		if !ok {
			return
		}
		if len(c.ends) != int(chunks) {
			t.Fatalf("%d chunks read of %d", len(c.ends), chunks)
		}
		for i := range c.ends {
			if _, ok := c.chunk(i); !ok {
				t.Fatalf("chunk %d of %d not read", i, len(c.ends))
			}
		}
		if _, ok := c.chunk(len(c.ends)); ok {
			t.Fatal("a chunk past the last read")
		}
	})
}
