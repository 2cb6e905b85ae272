package index_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zhsearch/zhsearch/index"
	"github.com/zhsearch/zhsearch/segment"
)

func liveGeneration(t *testing.T, dir string) string {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(dir, "CURRENT"))
	if err != nil {
		t.Fatal(err)
	}
	gen, _, _ := strings.Cut(strings.TrimSpace(string(raw)), " ") // "<generation> <checksum of meta.json>"
	return filepath.Join(dir, gen)
}

func TestUpdateWithAnotherDictionaryNeedsRebuild(t *testing.T) {
	dir := t.TempDir()
	update(t, dir, []string{"../testdata/speech.txt"}, index.UpdateOptions{})
	dict := filepath.Join(t.TempDir(), "user.txt")
	os.WriteFile(dict, []byte("推进现场会 9000 n\n"), 0o644)
	other, err := segment.New(segment.Options{UserDicts: []string{dict}})
	if err != nil {
		t.Fatal(err)
	}
	before := liveGeneration(t, dir)
	_, err = index.Update(context.Background(), dir, other, []string{"../testdata/speech.txt"}, index.UpdateOptions{})
	if !errors.Is(err, index.ErrNeedsRebuild) || !strings.Contains(err.Error(), other.Identity()) {
		t.Fatalf("err = %v, want ErrNeedsRebuild naming the new segmenter", err)
	}
	if liveGeneration(t, dir) != before {
		t.Error("a refused update changed the live generation")
	}
	rep, err := index.Update(context.Background(), dir, other, []string{"../testdata/speech.txt"}, index.UpdateOptions{Rebuild: true})
	if err != nil || !rep.Swapped {
		t.Fatalf("rebuild: %v, %+v", err, rep)
	}
	if got := open(t, dir).Meta().Segmenter; got != other.Identity() {
		t.Errorf("rebuilt index records segmenter %s, want %s", got, other.Identity())
	}
}

func TestDamagedIndexIsReported(t *testing.T) {
	t.Parallel() // long; runs beside the other long tests
	damage := []struct {
		name string
		do   func(t *testing.T, dir string)
	}{
		{"a segment file deleted", func(t *testing.T, dir string) {
			zaps, _ := filepath.Glob(filepath.Join(liveGeneration(t, dir), "store", "*.zap"))
			if len(zaps) == 0 {
				t.Fatal("no segment files")
			}
			for _, z := range zaps {
				os.Remove(z)
			}
		}},
		{"a segment file truncated", func(t *testing.T, dir string) {
			zaps, _ := filepath.Glob(filepath.Join(liveGeneration(t, dir), "store", "*.zap"))
			if len(zaps) == 0 {
				t.Fatal("no segment files")
			}
			os.Truncate(zaps[0], 100)
		}},
		{"the bolt file truncated", func(t *testing.T, dir string) {
			os.Truncate(filepath.Join(liveGeneration(t, dir), "store", "root.bolt"), 10)
		}},
		{"the live generation deleted", func(t *testing.T, dir string) {
			os.RemoveAll(liveGeneration(t, dir))
		}},
		{"the document list deleted", func(t *testing.T, dir string) {
			os.Remove(filepath.Join(liveGeneration(t, dir), "docs.json.gz"))
		}},
		{"the place table deleted", func(t *testing.T, dir string) {
			os.Remove(filepath.Join(liveGeneration(t, dir), "places.bin"))
		}},
		{"the place table truncated", func(t *testing.T, dir string) {
			os.Truncate(filepath.Join(liveGeneration(t, dir), "places.bin"), 100)
		}},
		{"the place table of another index", func(t *testing.T, dir string) {
			other := t.TempDir()
			update(t, other, []string{"../testdata/corpus"}, index.UpdateOptions{})
			data, err := os.ReadFile(filepath.Join(liveGeneration(t, other), "places.bin"))
			if err != nil {
				t.Fatal(err)
			}
			os.WriteFile(filepath.Join(liveGeneration(t, dir), "places.bin"), data, 0o644)
		}},
		{"CURRENT garbled", func(t *testing.T, dir string) {
			os.WriteFile(filepath.Join(dir, "CURRENT"), []byte("../../etc\n"), 0o644)
		}},
	}
	// Each case damages a copy of one build (as TestEveryDamageIsDetected
	// does): building it again for each would add nothing but time.
	pristine := t.TempDir()
	update(t, pristine, []string{"../testdata/speech.txt"}, index.UpdateOptions{})
	for _, d := range damage {
		t.Run(d.name, func(t *testing.T) {
			dir := t.TempDir()
			copyTree(t, pristine, dir)
			d.do(t, dir)
			ix, err := index.Open(dir)
			if err == nil {
				// Some damage shows only when the data is read.
				_, err = ix.Docs()
				if err == nil {
					_, err = ix.Titles()
				}
				ix.Close()
			}
			if !errors.Is(err, index.ErrDamaged) || !strings.Contains(err.Error(), dir) {
				t.Fatalf("err = %v, want ErrDamaged naming %s", err, dir)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("error %q is not one line", err)
			}
			// An update refuses to build on it; a rebuild replaces it.
			if _, err := index.Update(context.Background(), dir, seg(t), []string{"../testdata/speech.txt"}, index.UpdateOptions{}); err == nil {
				t.Error("an update built on a damaged index")
			}
			update(t, dir, []string{"../testdata/speech.txt"}, index.UpdateOptions{Rebuild: true})
			if got := paragraphCount(t, open(t, dir)); got == 0 {
				t.Error("the rebuilt index is empty")
			}
		})
	}
}

func TestEmptyAndOddFiles(t *testing.T) {
	src := t.TempDir()
	files := map[string]string{
		"empty.txt":    "",
		"blank.txt":    "\n\r\n \u3000\n",
		"crlf.txt":     "关于安全生产的通知\r\n\r\n一、总体要求\r\n全面排查隐患。\r\n",
		"lone-cr.txt":  "关于安全生产的通知\r一、总体要求\r全面排查隐患。\r",
		"utf16.txt":    "\xff\xfe" + utf16le("关于安全生产的通知\n全面排查隐患。\n"),
		"one-line.txt": strings.Repeat("全面排查安全隐患，落实企业主体责任。", 20000), // 1 MB, one line
	}
	for name, text := range files {
		os.WriteFile(filepath.Join(src, name), []byte(text), 0o644)
	}
	dir := t.TempDir()
	rep := update(t, dir, []string{src}, index.UpdateOptions{Strict: true})
	if rep.Added != len(files) {
		t.Fatalf("report %+v: want all %d files indexed", rep, len(files))
	}
	docs, _ := open(t, dir).Docs()
	byName := map[string]index.DocRecord{}
	for _, d := range docs {
		byName[filepath.Base(d.Path)] = d
	}
	for name, want := range map[string]int{"empty.txt": 0, "blank.txt": 0, "crlf.txt": 3, "lone-cr.txt": 3, "utf16.txt": 2, "one-line.txt": 1} {
		if got := byName[name].Paragraphs; got != want {
			t.Errorf("%s: %d paragraphs, want %d", name, got, want)
		}
	}
	if d := byName["one-line.txt"]; len(d.Parts) < 10 {
		t.Errorf("a 1 MB paragraph is stored in %d extra parts, want it cut into parts of at most 64 KiB", len(d.Parts))
	}
}

func utf16le(s string) string {
	var b []byte
	for _, r := range s {
		b = append(b, byte(r), byte(r>>8))
	}
	return string(b)
}
