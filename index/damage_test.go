package index_test

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zhsearch/zhsearch/index"
	"github.com/zhsearch/zhsearch/query"
)

// damageQueries are searched on a damaged index: between them they load
// every title and the stored text of many paragraphs.
var damageQueries = []string{"非煤矿山", "安全生产", "高质量发展", "title:讲话", "section:非煤矿山"}

// answers runs damageQueries, loading every hit.
func answers(ix *index.Index) ([]string, error) {
	var out []string
	for _, q := range damageQueries {
		res, err := query.Search(context.Background(), ix, q, query.Options{Limit: 0})
		if err != nil {
			return nil, err
		}
		for _, h := range res.Hits {
			out = append(out, q+" "+h.Title+" "+h.ID+" "+h.Text)
		}
	}
	return out, nil
}

// When damage must show at the latest.
type detectedBy int

const (
	byOpen   detectedBy = iota // index.Open
	bySearch                   // the first search that reads the file
	byVerify                   // only a full check: zhsearch check, or an update
)

func genFile(t *testing.T, dir, name string) string {
	t.Helper()
	if name == "zap" {
		zaps, _ := filepath.Glob(filepath.Join(liveGeneration(t, dir), "store", "*.zap"))
		if len(zaps) != 1 {
			t.Fatalf("%d segment files, want the one of a fresh build", len(zaps))
		}
		return zaps[0]
	}
	return filepath.Join(liveGeneration(t, dir), name)
}

func changeFile(t *testing.T, path string, change func([]byte) []byte) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, change(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func flipAt(frac float64) func([]byte) []byte {
	return func(b []byte) []byte {
		b[int(float64(len(b)-1)*frac)] ^= 0x20
		return b
	}
}

// TestEveryDamageIsDetected: one changed byte, a cut or an emptied file in
// any file of a generation is ErrDamaged naming the file — from Open, from
// the first search that reads it, or at least from a full check and from an
// update — never a panic, never a changed answer; a rebuild repairs it.
func TestEveryDamageIsDetected(t *testing.T) {
	t.Parallel() // long; runs beside the other long tests
	src := copyFiles(t, map[string]string{
		"speech.txt":  "../testdata/speech.txt",
		"河北省.txt":     "../testdata/corpus/reports/河北省.txt",
		"gb18030.txt": "../testdata/corpus/gb18030/山西省.txt",
	})
	pristine := t.TempDir()
	update(t, pristine, []string{src}, index.UpdateOptions{})
	want, err := answers(open(t, pristine))
	if err != nil || len(want) == 0 {
		t.Fatalf("answers of the intact index: %d, %v", len(want), err)
	}
	// A passage of stored text, found literally in the segment file in
	// the encoding it is stored in (stored fields are compressed, but a
	// passage without repeats stays a literal).
	var passage []byte
	zapData, _ := os.ReadFile(genFile(t, pristine, "zap"))
	for _, a := range want {
		text := index.StoredText(a[strings.LastIndex(a, " ")+1:])
		for at := 0; at+60 <= len(text) && passage == nil; at += 30 {
			if cand := text[at : at+30]; bytes.Count(zapData, cand) == 1 {
				passage = cand
			}
		}
	}
	if passage == nil {
		t.Fatal("no hit's text is stored literally in the segment file")
	}

	cases := []struct {
		name   string
		file   string // "zap" for the segment file
		change func([]byte) []byte
		by     detectedBy
	}{
		{"meta.json: a byte changed", "meta.json", flipAt(0.5), byOpen},
		{"CURRENT: another checksum", "../CURRENT", func(b []byte) []byte { b[len(b)-2] ^= 1; return b }, byOpen},
		{"index_meta.json: a byte changed", "index_meta.json", flipAt(0.5), byOpen},
		{"root.bolt: a byte changed", "store/root.bolt", flipAt(0.5), byOpen},
		{"root.bolt: a page zeroed", "store/root.bolt", func(b []byte) []byte { clear(b[4096:8192]); return b }, byOpen},
		{"root.bolt: cut in half", "store/root.bolt", func(b []byte) []byte { return b[:len(b)/2] }, byOpen},
		// Opening reads these files through a buffer smaller than the
		// bolt file: its last bytes and bytes past its end count too.
		{"root.bolt: its last byte changed", "store/root.bolt", flipAt(1), byOpen},
		{"root.bolt: a byte appended", "store/root.bolt", func(b []byte) []byte { return append(b, 0) }, byOpen},
		// The place and path tables check each block as a read first
		// touches it (see TestPlaceBlocksAreCheckedAsRead), their headers
		// and block checksums on open.
		{"places.bin: a byte of an entry changed", "places.bin", flipAt(0.5), bySearch},
		{"places.bin: its paragraph count changed", "places.bin", func(b []byte) []byte { b[4] ^= 0x01; return b }, byOpen},
		{"places.bin: its live count changed", "places.bin", func(b []byte) []byte { b[8] ^= 0x01; return b }, byOpen},
		{"places.bin: a block checksum changed", "places.bin", func(b []byte) []byte { b[len(b)-6] ^= 0x01; return b }, byOpen},
		{"places.bin: cut", "places.bin", func(b []byte) []byte { return b[:len(b)-12] }, byOpen},
		{"sections.bin: a byte changed", "sections.bin", flipAt(0.5), bySearch},
		{"sections.bin: its header changed", "sections.bin", func(b []byte) []byte { b[8] ^= 0x01; return b }, byOpen},
		{"sections.bin: cut", "sections.bin", func(b []byte) []byte { return b[:len(b)-3] }, byOpen},
		// rarity.bin's blocks are checked as they are read: its header
		// and block checksums when it is opened.
		{"rarity.bin: its count of words changed", "rarity.bin", func(b []byte) []byte { b[9] ^= 1; return b }, byOpen},
		{"rarity.bin: a block checksum changed", "rarity.bin", func(b []byte) []byte { b[len(b)-6] ^= 1; return b }, byOpen},
		{"rarity.bin: cut", "rarity.bin", func(b []byte) []byte { return b[:len(b)-3] }, byOpen},
		// Every word's binary search reads the middle entry first.
		{"rarity.bin: a byte of the words table changed", "rarity.bin", func(b []byte) []byte {
			_, m := index.RarityCounts(b)
			b[index.RarityEntryAt(m/2)+3] ^= 0x20
			return b
		}, bySearch},
		// This index's profiles are in one block, which a search ranking
		// by them reads.
		{"rarity.bin: a byte of the profiles changed", "rarity.bin", func(b []byte) []byte {
			n, _ := index.RarityCounts(b)
			b[index.RarityProfileAt(b, n/2)] ^= 0x20
			return b
		}, bySearch},
		{"segment: its header changed", "zap", flipAt(0.001), byOpen},
		{"segment: its footer changed", "zap", flipAt(0.9999), byOpen},
		{"segment: cut", "zap", func(b []byte) []byte { return b[:len(b)-1000] }, byOpen},
		{"segment: a byte of stored text changed", "zap", func(b []byte) []byte {
			b[bytes.Index(b, passage)+len(passage)/2] ^= 0x01
			return b
		}, bySearch},
		{"segment: a byte in the middle changed", "zap", flipAt(0.5), byVerify},
		{"titles.txt: a character of a title changed", "titles.txt", func(b []byte) []byte {
			return bytes.Replace(b, []byte("讲话"), []byte("讲说"), 1)
		}, bySearch},
		{"titles.txt: emptied", "titles.txt", func([]byte) []byte { return nil }, bySearch},
		{"docs.json.gz: a byte changed", "docs.json.gz", flipAt(0.5), byVerify},
		{"docs.json.gz: emptied", "docs.json.gz", func([]byte) []byte { return nil }, byVerify},
		// Read by collapsed searches and reuse (see TestSimilarDamage), and
		// by updates.
		{"similar.bin: a byte changed", "similar.bin", flipAt(0.5), byVerify},
		{"signatures.bin: a byte changed", "signatures.bin", flipAt(0.5), byVerify},
		{"signatures.bin: emptied", "signatures.bin", func([]byte) []byte { return nil }, byVerify},
	}
	repaired := map[string]bool{}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			copyTree(t, pristine, dir)
			path := genFile(t, dir, c.file)
			changeFile(t, path, c.change)
			checkDamage := func(stage string, err error) {
				t.Helper()
				if !errors.Is(err, index.ErrDamaged) {
					t.Fatalf("%s: err = %v, want ErrDamaged", stage, err)
				}
				if msg := err.Error(); !strings.HasPrefix(msg, "index is damaged: "+filepath.Clean(filepath.Dir(path))) || strings.Contains(msg, "\n") {
					t.Errorf("%s: error %q is not one line naming the damaged file (%s)", stage, msg, path)
				}
			}

			ix, err := index.Open(dir)
			switch {
			case err != nil:
				checkDamage("Open", err)
			case c.by == byOpen:
				ix.Close()
				t.Fatal("Open did not notice the damage")
			default:
				got, err := answers(ix)
				switch {
				case err != nil:
					checkDamage("search", err)
				case c.by == bySearch:
					t.Error("searches did not notice the damage")
				case strings.Join(got, "\n") != strings.Join(want, "\n") && !strings.Contains(c.name, "middle"):
					t.Error("searches gave another answer")
				}
				_, err = ix.Verify()
				checkDamage("Verify", err)
				ix.Close()
			}

			_, err = index.Update(context.Background(), dir, seg(t), []string{src}, index.UpdateOptions{})
			checkDamage("an update", err)
			if !strings.Contains(c.name, "CURRENT") {
				// The refused update left the damaged generation live.
				if _, err := os.Stat(path); err != nil {
					t.Errorf("the refused update removed the damaged generation: %v", err)
				}
			}

			// A rebuild ignores the damaged generation whatever the damage:
			// shown for one case of each file.
			if repaired[c.file] {
				return
			}
			repaired[c.file] = true
			update(t, dir, []string{src}, index.UpdateOptions{Rebuild: true})
			got, err := answers(open(t, dir))
			if err != nil || strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("after a rebuild: %d answers, err %v; want the %d of the intact index", len(got), err, len(want))
			}
		})
	}
}

// copyTree copies the index in src to dst.
func copyTree(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}
