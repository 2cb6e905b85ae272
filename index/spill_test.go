package index

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestSpillFile checks a spill file's life: what is written is read back
// whole and in order, as often as it is rewound; it is removed once, and
// a removal of a file removed, gone already or never created does nothing;
// a use after its removal, or before it is created, is an error naming
// the file, not a panic.
func TestSpillFile(t *testing.T) {
	long := strings.Repeat("安全生产", spillBuffer/12+1) // more than a buffer
	tests := []struct {
		name  string
		never bool     // no createSpill: a nil spill file
		ops   []string // "write TEXT"; "read": rewind and read to the end; "remove"; "gone": removed by another; "there": whether the file is
		want  []string // what each gives: the text read, "ok", "yes"/"no", or "error: " and what the error says
	}{
		{name: "records read back in order, then removed",
			ops:  []string{"write 第一条", "write 第二条", "there", "read", "remove", "there"},
			want: []string{"ok", "ok", "yes", "第一条第二条", "ok", "no"}},
		{name: "read back twice, from the start each time",
			ops:  []string{"write 第一条", "read", "read"},
			want: []string{"ok", "第一条", "第一条"}},
		{name: "more than a buffer", ops: []string{"write " + long, "read"}, want: []string{"ok", long}},
		{name: "nothing written", ops: []string{"read", "remove"}, want: []string{"", "ok"}},
		{name: "removed twice",
			ops:  []string{"write 第一条", "remove", "remove", "there"},
			want: []string{"ok", "ok", "ok", "no"}},
		{name: "removed by another first",
			ops:  []string{"write 第一条", "gone", "remove"},
			want: []string{"ok", "ok", "ok"}},
		{name: "used after its removal",
			ops:  []string{"write 第一条", "remove", "read", "write 第二条"},
			want: []string{"ok", "ok", "error: test.new: removed", "error: test.new: removed"}},
		{name: "never created", never: true,
			ops:  []string{"remove", "read", "write 第一条"},
			want: []string{"ok", "error: no spill file", "error: no spill file"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "test.new")
			var s *spillFile
			if !tc.never {
				var err error
				if s, err = createSpill(path); err != nil {
					t.Fatal(err)
				}
				defer s.remove()
			}
			var got []string
			for _, op := range tc.ops {
				got = append(got, spillOp(s, path, op))
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("%v (-want +got):\n%s", tc.ops, diff)
			}
		})
	}
}

// spillOp does op (see TestSpillFile) to s, whose path is path, and
// returns what it gave.
func spillOp(s *spillFile, path, op string) string {
	result := func(err error) string {
		if err != nil {
			return "error: " + strings.TrimPrefix(err.Error(), filepath.Dir(path)+string(filepath.Separator))
		}
		return "ok"
	}
	switch {
	case strings.HasPrefix(op, "write "):
		_, err := s.Write([]byte(strings.TrimPrefix(op, "write ")))
		return result(err)
	case op == "read":
		r, err := s.rewind()
		if err != nil {
			return result(err)
		}
		data, err := io.ReadAll(r)
		if err != nil {
			return result(err)
		}
		return string(data)
	case op == "remove":
		return result(s.remove())
	case op == "gone":
		return result(os.Remove(path))
	case op == "there":
		if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
			return "no"
		}
		return "yes"
	}
	panic("no op " + op)
}

// noSpillLeft checks that the live generation of the index in dir holds
// no spill file, nor lists one in its build record: each is removed once
// read.
func noSpillLeft(t *testing.T, dir string) {
	t.Helper()
	cur, err := readCurrent(dir)
	if err != nil {
		t.Fatal(err)
	}
	meta, err := readMeta(filepath.Join(dir, cur.gen), cur)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{signaturesSpill, pairsSpill, placesSpill, rarityWords} {
		_, listed := meta.Files[name]
		if _, err := os.Stat(filepath.Join(dir, cur.gen, name)); !errors.Is(err, os.ErrNotExist) || listed {
			t.Errorf("%s left in the generation (stat: %v; in its build record: %v)", name, err, listed)
		}
	}
}
