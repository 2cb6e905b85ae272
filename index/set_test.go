package index_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/zhsearch/zhsearch/index"
	"github.com/zhsearch/zhsearch/segment"
)

// buildWith builds an index of paths with seg in a new directory.
func buildWith(t *testing.T, seg *segment.Segmenter, paths ...string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "index")
	if _, err := index.Update(context.Background(), dir, seg, paths, index.UpdateOptions{Strict: true}); err != nil {
		t.Fatal(err)
	}
	return dir
}

func defaultSegmenter(t *testing.T) *segment.Segmenter {
	t.Helper()
	seg, err := testSegmenter()
	if err != nil {
		t.Fatal(err)
	}
	return seg
}

// TestSetStatistics proves that a set of shards has the statistics of one
// index built over all their files: paragraphs, each field's tokens, and,
// through its readers, each term's paragraphs.
func TestSetStatistics(t *testing.T) {
	index.SkipUnderRace(t)
	t.Parallel() // long; runs beside the other long tests
	seg := defaultSegmenter(t)
	one, err := index.Open(buildWith(t, seg, "../testdata/speech.txt", "../testdata/corpus"))
	if err != nil {
		t.Fatal(err)
	}
	defer one.Close()
	set, err := index.OpenSet([]string{
		buildWith(t, seg, "../testdata/corpus/reports"),
		buildWith(t, seg, "../testdata/speech.txt", "../testdata/corpus/laws"),
		buildWith(t, seg, "../testdata/corpus/gb18030"),
	}, index.OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer set.Close()

	want := index.Stats{Paragraphs: one.Meta().Paragraphs, Tokens: one.Meta().Tokens}
	if diff := cmp.Diff(want, set.Stats()); diff != "" {
		t.Errorf("statistics of the set (-one index +set):\n%s", diff)
	}
	if got, want := set.Meta().Documents, one.Meta().Documents; got != want {
		t.Errorf("the set holds %d documents, the one index %d", got, want)
	}
	oneDocs, err := one.Docs()
	if err != nil {
		t.Fatal(err)
	}
	setDocs, err := set.Docs()
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(oneDocs, setDocs); diff != "" {
		t.Errorf("documents of the set (-one index +set):\n%s", diff)
	}

	oneReader, err := one.Reader()
	if err != nil {
		t.Fatal(err)
	}
	defer oneReader.Close()
	readers, err := set.Readers()
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		for _, r := range readers {
			r.Close()
		}
	}()
	ctx := context.Background()
	for _, term := range []string{"安全", "生产", "矿", "发展", "煤矿", "不在其中"} {
		for _, field := range []string{index.FieldTextUnits, index.FieldTextBigrams, index.FieldSectionBigrams} {
			tfr, err := oneReader.TermFieldReader(ctx, []byte(term), field, false, false, false)
			if err != nil {
				t.Fatal(err)
			}
			want := tfr.Count()
			tfr.Close()
			for i, r := range readers {
				n, err := r.DocCount()
				if own := set.Members()[i].Meta().Paragraphs; err != nil || n != uint64(own) {
					t.Errorf("member %d: DocCount %d, %v; want its own %d", i, n, err, own)
				}
				tfr, err := r.TermFieldReader(ctx, []byte(term), field, true, true, false)
				if err != nil {
					t.Fatal(err)
				}
				if got := tfr.Count(); got != want {
					t.Errorf("%s in %s, member %d: counted in %d paragraphs, one index says %d", term, field, i, got, want)
				}
				tfr.Close()
			}
		}
	}
	// A member's reader still reads the member's paragraphs.
	titles, err := set.Members()[1].Titles()
	if err != nil {
		t.Fatal(err)
	}
	if _, ok, err := set.Members()[1].ParagraphAt(readers[1], 0, 1); err != nil || !ok {
		t.Errorf("paragraph 1 of %s through the set's reader: %v, %v", titles[0].Path, ok, err)
	}
	ix, doc, err := set.Document("../testdata/corpus/laws/安全生产法(2021-06-10).md")
	if err != nil || ix != set.Members()[1] || doc < 0 {
		t.Errorf("Document finds the law in %v, document %d, %v; want member 1", ix, doc, err)
	}
	if ix, _, err := set.Document("../testdata/nowhere.txt"); ix != nil || err != nil {
		t.Errorf("Document finds a path no member holds: %v, %v", ix, err)
	}
}

// TestSetRefused proves that indexes that cannot be searched as one are
// refused with ErrIncompatible, in one line naming the index at fault.
func TestSetRefused(t *testing.T) {
	index.SkipUnderRace(t)
	t.Parallel() // long; runs beside the other long tests
	seg := defaultSegmenter(t)
	dict := filepath.Join(t.TempDir(), "words.txt")
	if err := os.WriteFile(dict, []byte("非煤矿山整治\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	otherSeg, err := segment.New(segment.Options{UserDicts: []string{dict}})
	if err != nil {
		t.Fatal(err)
	}
	speech := buildWith(t, seg, "../testdata/speech.txt")
	laws := buildWith(t, seg, "../testdata/corpus/laws")
	lawsAgain := buildWith(t, seg, "../testdata/corpus/gb18030", "../testdata/corpus/laws")
	reports := buildWith(t, otherSeg, "../testdata/corpus/reports")
	// The law again, under another name of the same file.
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	lawsAbs := buildWith(t, seg, filepath.Join(wd, "../testdata/corpus/laws"))
	tests := []struct {
		name string
		dirs []string
		want string // the start of the message
	}{
		{"another dictionary", []string{speech, reports}, reports + ": built with segmenter " + otherSeg.Identity() + ", but " + speech + " with " + seg.Identity()},
		{"one document in two", []string{laws, speech, lawsAgain}, lawsAgain + ": holds ../testdata/corpus/laws/安全生产法(2021-06-10).md, which " + laws + " holds too"},
		{"one file under two names", []string{laws, lawsAbs}, lawsAbs + ": holds " + filepath.Join(wd, "../testdata/corpus/laws/安全生产法(2021-06-10).md") + ", the file " + laws + " holds as ../testdata/corpus/laws/安全生产法(2021-06-10).md"},
		{"one index twice", []string{speech, laws, speech}, speech + ": named twice"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			set, err := index.OpenSet(tt.dirs, index.OpenOptions{})
			if err == nil {
				set.Close()
				t.Fatal("opened as one")
			}
			if !errors.Is(err, index.ErrIncompatible) || !strings.HasPrefix(err.Error(), tt.want) || strings.Contains(err.Error(), "\n") {
				t.Errorf("error %q; want one line starting %q, ErrIncompatible", err, tt.want)
			}
		})
	}
	if _, err := index.NewSet(); !errors.Is(err, index.ErrIncompatible) {
		t.Errorf("a set of no index: %v", err)
	}
}

// TestLiveSetFollowsEachIndex proves that a LiveSet follows each member's
// CURRENT on its own, gives the same Set while nothing changed, keeps an
// acquired Set readable after an update, and keeps answering from the
// generations it has when an update makes the members overlap.
func TestLiveSetFollowsEachIndex(t *testing.T) {
	seg := defaultSegmenter(t)
	corpus := t.TempDir()
	write := func(name, text string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(corpus, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("a.txt", "第一份\n安全生产。\n")
	write("b.txt", "第二份\n应急管理。\n")
	dirA, dirB := filepath.Join(t.TempDir(), "a"), filepath.Join(t.TempDir(), "b")
	update := func(dir string, files ...string) {
		t.Helper()
		var paths []string
		for _, f := range files {
			paths = append(paths, filepath.Join(corpus, f))
		}
		if _, err := index.Update(context.Background(), dir, seg, paths, index.UpdateOptions{Strict: true, Rebuild: true}); err != nil {
			t.Fatal(err)
		}
	}
	update(dirA, "a.txt")
	update(dirB, "b.txt")
	var mu sync.Mutex
	var reloadErrs []error
	live, err := index.OpenLiveSet([]string{dirA, dirB}, index.OpenOptions{OnReloadError: func(err error) {
		mu.Lock()
		defer mu.Unlock()
		reloadErrs = append(reloadErrs, err)
	}})
	if err != nil {
		t.Fatal(err)
	}
	defer live.Close()

	first, releaseFirst, err := live.Acquire()
	if err != nil {
		t.Fatal(err)
	}
	again, releaseAgain, err := live.Acquire()
	if err != nil {
		t.Fatal(err)
	}
	releaseAgain()
	if again != first {
		t.Error("two Acquires with no update between gave two Sets")
	}
	documents := func(set *index.Set) int { return set.Meta().Documents }

	// B gains a document: the next Set has it, the one held still reads.
	write("c.txt", "第三份\n安全生产责任制。\n")
	update(dirB, "b.txt", "c.txt")
	next := waitForSet(t, live, func(s *index.Set) bool { return documents(s) == 3 })
	if titles, err := first.Titles(); err != nil || len(titles) != 2 {
		t.Errorf("the Set held across the update: %d titles, %v; want 2", len(titles), err)
	}
	if _, err := first.Members()[1].Docs(); err != nil {
		t.Errorf("reading the Set held across the update: %v", err)
	}
	releaseFirst()
	if next.Members()[0] != first.Members()[0] {
		t.Error("A was reopened though only B changed")
	}

	// A takes c.txt too: the members overlap, the LiveSet says so and
	// keeps the Set it has.
	update(dirA, "a.txt", "c.txt")
	time.Sleep(250 * time.Millisecond) // past the CURRENT recheck interval
	for range 3 {
		set, release, err := live.Acquire()
		if err != nil {
			t.Fatal(err)
		}
		if set != next {
			t.Error("a Set of overlapping indexes replaced the one served")
		}
		release()
	}
	mu.Lock()
	if len(reloadErrs) != 1 || !errors.Is(reloadErrs[0], index.ErrIncompatible) {
		t.Errorf("reload errors %v; want one ErrIncompatible", reloadErrs)
	}
	mu.Unlock()

	// B gives c.txt up: the two are one corpus again.
	update(dirB, "b.txt")
	waitForSet(t, live, func(s *index.Set) bool { return documents(s) == 3 && s != next })
}

// waitForSet acquires from live until ok says the Set is the one waited
// for, up to some seconds.
func waitForSet(t *testing.T, live *index.LiveSet, ok func(*index.Set) bool) *index.Set {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		set, release, err := live.Acquire()
		if err != nil {
			t.Fatal(err)
		}
		release()
		if ok(set) {
			return set
		}
		if time.Now().After(deadline) {
			t.Fatalf("the LiveSet did not move on: %d documents in %s", set.Meta().Documents, set.Dir())
		}
		time.Sleep(20 * time.Millisecond)
	}
}
