package segment

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

func TestSimplified(t *testing.T) {
	tests := []struct{ in, want string }{
		{"非煤礦山", "非煤矿山"},
		{"國務院", "国务院"},
		{"國務院關於加強安全生產工作的決定", "国务院关於加强安全生产工作的决定"}, // 於 is in GB 2312: kept
		{"显著", "显著"}, // 著 is a simplified character too: not folded to 着
		{"乾隆", "乾隆"},
		{"非煤矿山", "非煤矿山"},
	}
	for _, tt := range tests {
		got := []rune(tt.in)
		for i, r := range got {
			got[i] = simplified(r)
		}
		if string(got) != tt.want {
			t.Errorf("simplified(%s) = %s, want %s", tt.in, string(got), tt.want)
		}
	}
}

// TestT2STableIsGenerated regenerates the table from OpenCC and compares.
func TestT2STableIsGenerated(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the generator")
	}
	out := filepath.Join(t.TempDir(), "t2s_table.go")
	cmd := exec.Command("go", "run", "./internal/t2sgen", out)
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("t2sgen: %v\n%s", err, msg)
	}
	want, _ := os.ReadFile(out)
	got, _ := os.ReadFile("t2s_table.go")
	if !bytes.Equal(got, want) {
		t.Error("t2s_table.go differs from what OpenCC gives: run go generate ./segment")
	}
}

// TestFoldIsIdempotent: text and keywords are both folded, and titles are
// stored folded and matched by folding again, so folding twice must change
// nothing (OpenCC's 薴 → 苧 → 苎 chain once broke this).
func TestFoldIsIdempotent(t *testing.T) {
	for r := rune(0); r <= 0x10FFFF; r++ {
		if f := Fold(r); Fold(f) != f {
			t.Errorf("Fold(%U %c) = %c, but Fold(%c) = %c", r, r, f, f, Fold(f))
		}
	}
}

// TestT2SDenseMatchesPairs: the dense array and the pairs are one table, so
// a character folds the same whichever of them simplified looks it up in.
func TestT2SDenseMatchesPairs(t *testing.T) {
	want := make(map[rune]rune)
	for _, p := range t2sPairs {
		if p[0] >= t2sDenseStart && p[0] < t2sDenseEnd {
			want[p[0]] = p[1]
		}
	}
	for i, s := range t2sDense {
		r := t2sDenseStart + rune(i)
		if s != want[r] {
			t.Errorf("t2sDense[%U] = %U, t2sPairs say %U", r, s, want[r])
		}
	}
	if len(want) == 0 {
		t.Error("no pairs in the dense range")
	}
}
