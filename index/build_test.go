package index_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2/index/scorch"
	scorchsegment "github.com/blevesearch/scorch_segment_api/v2"
	"github.com/google/go-cmp/cmp"

	"github.com/zhsearch/zhsearch/index"
	"github.com/zhsearch/zhsearch/index/extract"
	"github.com/zhsearch/zhsearch/segment"
)

var testSegmenter = sync.OnceValues(func() (*segment.Segmenter, error) { return segment.New(segment.Options{}) })

func seg(t testing.TB) *segment.Segmenter {
	t.Helper()
	s, err := testSegmenter()
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// copyFiles copies testdata files into a fresh folder, so tests can change
// them.
func copyFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, src := range files {
		data, err := os.ReadFile(src)
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func update(t *testing.T, dir string, paths []string, opts index.UpdateOptions) *index.Report {
	t.Helper()
	rep, err := index.Update(context.Background(), dir, seg(t), paths, opts)
	if err != nil {
		t.Fatalf("Update: %v", err)
	}
	return rep
}

func open(t *testing.T, dir string) *index.Index {
	t.Helper()
	ix, err := index.Open(dir)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { ix.Close() })
	return ix
}

// eachParagraph calls f with every paragraph of ix, document by document
// in order, and its scorch document number.
func eachParagraph(t *testing.T, ix *index.Index, f func(num uint64, p index.Numbered)) {
	t.Helper()
	r, err := ix.Reader()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	titles, err := ix.Titles()
	if err != nil {
		t.Fatal(err)
	}
	for doc := range titles {
		ps, err := ix.DocumentParagraphs(r, doc)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range ps {
			id, err := r.InternalID(p.ID)
			if err != nil || id == nil {
				t.Fatalf("%s: no internal ID: %v", p.ID, err)
			}
			f(id.Value(), p)
		}
	}
}

// paragraphCount counts the paragraph documents in the index.
func paragraphCount(t *testing.T, ix *index.Index) uint64 {
	t.Helper()
	r, err := ix.Reader()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	n, err := r.DocCount()
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// checkParagraphs reads every paragraph of ix, which checks its stored
// fields against the checksum the place table keeps for it: those of the
// documents an update kept are carried over from the generation before.
func checkParagraphs(t *testing.T, ix *index.Index) {
	t.Helper()
	r, err := ix.Reader()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	docs, err := ix.Docs()
	if err != nil {
		t.Fatal(err)
	}
	read := 0
	for doc, d := range docs {
		for n := 1; n <= d.Paragraphs; n++ {
			if _, ok, err := ix.ParagraphAt(r, doc, n); err != nil || !ok {
				t.Fatalf("%s paragraph %d: found %v, %v", d.Path, n, ok, err)
			}
			read++
		}
	}
	if read == 0 {
		t.Fatal("no paragraph read")
	}
}

func TestBuildRecordsDocuments(t *testing.T) {
	src := copyFiles(t, map[string]string{
		"speech.txt":      "../testdata/speech.txt",
		"laws/安全生产法.md":   "../testdata/corpus/laws/安全生产法(2021-06-10).md",
		"gb/山西省.txt":      "../testdata/corpus/gb18030/山西省.txt",
		"notes/skip.json": "../testdata/speech.txt", // not .txt or .md: not indexed from a folder
	})
	dir := filepath.Join(t.TempDir(), "ix")
	rep := update(t, dir, []string{src}, index.UpdateOptions{})
	if rep.Added != 3 || !rep.Swapped || len(rep.Skipped) != 0 {
		t.Fatalf("report %+v: want 3 added, swapped, nothing skipped", rep)
	}
	ix := open(t, dir)
	docs, err := ix.Docs()
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]index.DocRecord{}
	for _, d := range docs {
		byName[filepath.Base(d.Path)] = d
	}
	speech := byName["speech.txt"]
	if speech.Title != "副市长在全市安全生产重点工作推进现场会上的讲话" || speech.Date != "2024-12-23" || speech.Speaker != "副市长" {
		t.Errorf("speech record %+v: want its title, date and speaker", speech)
	}
	if byName["山西省.txt"].Encoding != "gb18030" {
		t.Errorf("山西省.txt encoding %q, want gb18030", byName["山西省.txt"].Encoding)
	}
	total := 0
	for _, d := range docs {
		total += d.Paragraphs
	}
	if got := paragraphCount(t, ix); got != uint64(total) || ix.Meta().Paragraphs != total {
		t.Errorf("index holds %d paragraphs, meta says %d, records say %d", got, ix.Meta().Paragraphs, total)
	}
	if ix.Meta().Format != index.FormatVersion || ix.Meta().Segmenter != seg(t).Identity() {
		t.Errorf("meta %+v does not record what built it", ix.Meta())
	}
	// The title list, which searches filter by, holds each document's
	// metadata as its record does.
	titles, err := ix.Titles()
	if err != nil {
		t.Fatal(err)
	}
	for i, d := range docs {
		want := index.DocTitle{Key: d.Key, Title: d.Title, Path: d.Path, Date: d.Date, FoldedTitle: titles[i].FoldedTitle,
			Effective: d.Effective, Issuer: d.Issuer, Number: d.Number, Type: d.Type, Region: d.Region, Force: d.Force, Status: d.Status}
		if diff := cmp.Diff(want, titles[i]); diff != "" {
			t.Errorf("title list entry of %s (-record +title list):\n%s", d.Path, diff)
		}
	}
	if law := byName["安全生产法.md"]; law.Force != "法律" || law.Type != "法" || law.Issuer == "" {
		t.Errorf("law record %+v: want its force, kind and issuer", law)
	}
}

func TestUpdateAddsChangesAndDrops(t *testing.T) {
	src := copyFiles(t, map[string]string{
		"speech.txt": "../testdata/speech.txt",
		"hebei.txt":  "../testdata/corpus/reports/河北省.txt",
	})
	dir := t.TempDir()
	update(t, dir, []string{src}, index.UpdateOptions{})

	t.Run("an unchanged corpus writes nothing", func(t *testing.T) {
		rep := update(t, dir, []string{src}, index.UpdateOptions{})
		if rep.Swapped || rep.Unchanged != 2 {
			t.Errorf("report %+v: want 2 unchanged and no new generation", rep)
		}
	})
	t.Run("a touched but unchanged file is not reindexed", func(t *testing.T) {
		later := time.Now().Add(time.Hour)
		os.Chtimes(filepath.Join(src, "speech.txt"), later, later)
		rep := update(t, dir, []string{src}, index.UpdateOptions{})
		if rep.Changed != 0 || rep.Unchanged != 2 || rep.Paragraphs != 0 {
			t.Errorf("report %+v: want nothing reindexed", rep)
		}
	})
	t.Run("a changed file replaces its paragraphs", func(t *testing.T) {
		path := filepath.Join(src, "speech.txt")
		if err := os.WriteFile(path, []byte("关于非煤矿山的通知\n\n一、总体要求\n\n全面关闭退出非煤矿山。\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		rep := update(t, dir, []string{src}, index.UpdateOptions{})
		if rep.Changed != 1 || rep.Unchanged != 1 {
			t.Fatalf("report %+v: want 1 changed, 1 unchanged", rep)
		}
		ix := open(t, dir)
		docs, _ := ix.Docs()
		want := 0
		for _, d := range docs {
			want += d.Paragraphs
		}
		if got := paragraphCount(t, ix); got != uint64(want) {
			t.Errorf("index holds %d paragraphs, want %d: old paragraphs left behind", got, want)
		}
		checkParagraphs(t, ix)
	})
	t.Run("a vanished file is dropped", func(t *testing.T) {
		os.Remove(filepath.Join(src, "hebei.txt"))
		rep := update(t, dir, []string{src}, index.UpdateOptions{})
		if rep.Removed != 1 {
			t.Fatalf("report %+v: want 1 removed", rep)
		}
		ix := open(t, dir)
		docs, _ := ix.Docs()
		if len(docs) != 1 || paragraphCount(t, ix) != uint64(docs[0].Paragraphs) {
			t.Errorf("after removal: %d docs, %d paragraphs", len(docs), paragraphCount(t, ix))
		}
	})
	t.Run("documents outside the given paths are kept", func(t *testing.T) {
		other := copyFiles(t, map[string]string{"law.md": "../testdata/corpus/laws/安全生产法(2021-06-10).md"})
		update(t, dir, []string{other}, index.UpdateOptions{})
		ix := open(t, dir)
		docs, _ := ix.Docs()
		if len(docs) != 2 {
			t.Errorf("%d documents, want the earlier one and the law", len(docs))
		}
		checkParagraphs(t, ix)
	})
	t.Run("only one generation is left", func(t *testing.T) {
		entries, _ := os.ReadDir(dir)
		var gens []string
		for _, e := range entries {
			if e.IsDir() {
				gens = append(gens, e.Name())
			}
		}
		if len(gens) != 1 {
			t.Errorf("generations left: %v", gens)
		}
	})
}

func TestUpdateReportsBadPaths(t *testing.T) {
	src := copyFiles(t, map[string]string{"speech.txt": "../testdata/speech.txt"})
	if err := os.WriteFile(filepath.Join(src, "binary.txt"), []byte("abc\x00\x01\x02"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(src, filepath.Join(src, "loop")); err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(src, "missing")
	dir := t.TempDir()

	rep := update(t, dir, []string{src, missing}, index.UpdateOptions{})
	var skipped []string
	for _, s := range rep.Skipped {
		skipped = append(skipped, s.Error())
	}
	joined := strings.Join(skipped, "\n")
	if len(skipped) != 2 || !strings.Contains(joined, "binary.txt") || !strings.Contains(joined, "missing") {
		t.Errorf("skipped %q: want binary.txt and the missing path named", skipped)
	}
	if rep.Added != 1 {
		t.Errorf("report %+v: want the good file indexed", rep)
	}

	t.Run("strict leaves the index as it was", func(t *testing.T) {
		before := paragraphCount(t, open(t, dir))
		os.WriteFile(filepath.Join(src, "new.txt"), []byte("新的文件\n"), 0o644)
		_, err := index.Update(context.Background(), dir, seg(t), []string{src}, index.UpdateOptions{Strict: true})
		if !errors.Is(err, index.ErrSkipped) {
			t.Fatalf("err = %v, want ErrSkipped", err)
		}
		if after := paragraphCount(t, open(t, dir)); after != before {
			t.Errorf("a failed strict update changed the index: %d paragraphs, was %d", after, before)
		}
	})
}

func TestSecondWriterGetsErrLocked(t *testing.T) {
	src := copyFiles(t, map[string]string{"speech.txt": "../testdata/speech.txt"})
	dir := t.TempDir()
	// A barrier, not a sleep: the first writer holds the lock, inside its
	// progress report, until the second writer has given up.
	started, secondDone := make(chan struct{}), make(chan struct{})
	var first error
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		var once sync.Once
		_, first = index.Update(context.Background(), dir, seg(t), []string{src}, index.UpdateOptions{
			Progress: func(p index.Progress) {
				once.Do(func() {
					close(started)
					<-secondDone
				})
			},
		})
	}()
	<-started
	t0 := time.Now()
	_, err := index.Update(context.Background(), dir, seg(t), []string{src}, index.UpdateOptions{LockWait: 200 * time.Millisecond})
	close(secondDone)
	if !errors.Is(err, index.ErrLocked) {
		t.Errorf("second writer: err = %v, want ErrLocked", err)
	}
	if d := time.Since(t0); d > 2*time.Second {
		t.Errorf("second writer waited %v", d)
	}
	wg.Wait()
	if first != nil {
		t.Fatal(first)
	}
}

func TestOpenErrors(t *testing.T) {
	notIndex := t.TempDir()
	os.WriteFile(filepath.Join(notIndex, "notes.txt"), []byte("x"), 0o644)
	tests := []struct {
		name string
		dir  string
		want error
	}{
		{"a missing directory", filepath.Join(t.TempDir(), "none"), index.ErrNotExist},
		{"an empty directory", t.TempDir(), index.ErrNotExist},
		{"a directory of other files", notIndex, index.ErrNotIndex},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := index.Open(tt.dir)
			if !errors.Is(err, tt.want) || !strings.Contains(err.Error(), tt.dir) {
				t.Errorf("Open: err = %v, want %v naming %s", err, tt.want, tt.dir)
			}
		})
	}
	t.Run("Update refuses a directory of other files", func(t *testing.T) {
		_, err := index.Update(context.Background(), notIndex, seg(t), []string{"../testdata/speech.txt"}, index.UpdateOptions{})
		if !errors.Is(err, index.ErrNotIndex) {
			t.Errorf("err = %v, want ErrNotIndex", err)
		}
	})
}

func TestOpenRefusesAnotherSegmenter(t *testing.T) {
	dir := t.TempDir()
	update(t, dir, []string{"../testdata/speech.txt"}, index.UpdateOptions{})
	_, err := index.OpenWith(dir, index.OpenOptions{Segmenter: "gse-v0.0.0+other"})
	if !errors.Is(err, index.ErrNeedsRebuild) {
		t.Errorf("err = %v, want ErrNeedsRebuild", err)
	}
}

func TestFormatMismatchNeedsRebuild(t *testing.T) {
	tests := []struct {
		name, format string
		change       func(t *testing.T, dir string)
	}{
		{"a future format", "format 99", func(t *testing.T, dir string) {
			// Rewrite the build record as a future zhsearch would.
			if err := os.WriteFile(filepath.Join(liveGeneration(t, dir), "meta.json"), []byte(`{"format":99}`), 0o644); err != nil {
				t.Fatal(err)
			}
		}},
		{"format 6, before checksums and reader locks", "format 6", func(t *testing.T, dir string) {
			gen := liveGeneration(t, dir)
			os.WriteFile(filepath.Join(gen, "meta.json"), []byte(`{"format":6}`), 0o644)
			os.Remove(filepath.Join(gen, "READERS"))
			os.WriteFile(filepath.Join(dir, "CURRENT"), []byte(filepath.Base(gen)+"\n"), 0o644)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			update(t, dir, []string{"../testdata/speech.txt"}, index.UpdateOptions{})
			tt.change(t, dir)
			_, err := index.Open(dir)
			if !errors.Is(err, index.ErrNeedsRebuild) || !strings.Contains(err.Error(), tt.format) {
				t.Errorf("Open: err = %v, want ErrNeedsRebuild naming %s", err, tt.format)
			}
			_, err = index.Update(context.Background(), dir, seg(t), []string{"../testdata/speech.txt"}, index.UpdateOptions{})
			if !errors.Is(err, index.ErrNeedsRebuild) || !strings.Contains(err.Error(), tt.format) {
				t.Errorf("Update: err = %v, want ErrNeedsRebuild naming %s", err, tt.format)
			}
		})
	}
}

// TestTokenCounts: the build record counts every field's tokens, the
// average field length BM25 ranks with, as an independent count over the
// paragraphs finds them; an update that drops a file leaves the counts a
// fresh build of the rest would have.
func TestTokenCounts(t *testing.T) {
	src := copyFiles(t, map[string]string{
		"speech.txt": "../testdata/speech.txt",
		"安全生产法.md":   "../testdata/corpus/laws/安全生产法(2021-06-10).md",
	})
	want := map[string]int{}
	for _, name := range []string{"speech.txt", "安全生产法.md"} {
		data, err := os.ReadFile(filepath.Join(src, name))
		if err != nil {
			t.Fatal(err)
		}
		doc, err := extract.Parse(name, data)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range doc.Paragraphs {
			var prev segment.Unit
			n := 0
			for u := range segment.Units(p.Text) {
				if n > 0 && segment.Adjacent(prev, u) {
					want[index.FieldTextBigrams]++
				}
				prev = u
				n++
			}
			want[index.FieldTextUnits] += n
			want[index.FieldDoc]++
		}
	}
	dir := t.TempDir()
	update(t, dir, []string{src}, index.UpdateOptions{})
	got := open(t, dir).Meta().Tokens
	for field, n := range want {
		if got[field] != n {
			t.Errorf("field %s: %d tokens recorded, %d counted", field, got[field], n)
		}
	}

	fresh := t.TempDir()
	update(t, fresh, []string{filepath.Join(src, "speech.txt")}, index.UpdateOptions{})
	os.Remove(filepath.Join(src, "安全生产法.md"))
	update(t, dir, []string{src}, index.UpdateOptions{})
	if got, want := open(t, dir).Meta().Tokens, open(t, fresh).Meta().Tokens; !reflect.DeepEqual(got, want) {
		t.Errorf("after dropping a file: tokens %v, a fresh build %v", got, want)
	}
}

// TestGenerationHoldsLiveFilesOnly: a fresh build is one segment, and
// neither it nor an update leaves segment files its snapshot does not use.
func TestGenerationHoldsLiveFilesOnly(t *testing.T) {
	src := copyFiles(t, map[string]string{
		"speech.txt": "../testdata/speech.txt",
		"安全生产法.md":   "../testdata/corpus/laws/安全生产法(2021-06-10).md",
	})
	dir := t.TempDir()
	check := func(wantOne bool) {
		t.Helper()
		ix := open(t, dir)
		r, err := ix.Reader()
		if err != nil {
			t.Fatal(err)
		}
		defer r.Close()
		used := map[string]bool{}
		for _, s := range r.(*scorch.IndexSnapshot).Segments() {
			used[filepath.Base(s.Segment().(scorchsegment.PersistedSegment).Path())] = true
		}
		files, _ := filepath.Glob(filepath.Join(liveGeneration(t, dir), "store", "*.zap"))
		for _, f := range files {
			if !used[filepath.Base(f)] {
				t.Errorf("%s is not used by the index", f)
			}
		}
		if wantOne && len(files) != 1 {
			t.Errorf("a fresh build has %d segment files, want 1", len(files))
		}
	}
	update(t, dir, []string{src}, index.UpdateOptions{})
	check(true)
	os.WriteFile(filepath.Join(src, "new.txt"), []byte("关于非煤矿山安全生产的通知\n全面排查隐患。\n"), 0o644)
	os.Remove(filepath.Join(src, "speech.txt"))
	update(t, dir, []string{src}, index.UpdateOptions{})
	check(false)
}
