package index_test

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/zhsearch/zhsearch/index"
	"github.com/zhsearch/zhsearch/query"
)

// liveQuery is searched while updates run; the file the updates change
// does not hold it, so every generation must give the same answer.
const liveQuery = "安全生产"

// searchAnswer is what a search for liveQuery finds: the number of hits
// and each hit's ID and text, which must hold the keyword.
func searchAnswer(ix *index.Index) (string, error) {
	res, err := query.Search(context.Background(), ix, liveQuery, query.Options{Limit: 0})
	if err != nil {
		return "", err
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%d hits", res.Total)
	for _, h := range res.Hits {
		if !strings.Contains(h.Text, liveQuery) {
			return "", fmt.Errorf("hit %s does not hold %s: %q", h.ID, liveQuery, h.Text)
		}
		fmt.Fprintf(&b, "\n%s %s", h.ID, h.Text)
	}
	return b.String(), nil
}

// TestSearchesDuringUpdates: searches that open the index in a loop, in
// goroutines and in a second process, and searches through a Live, go on
// while 20 updates swap generations: never an error, always the right
// answer; the Live ends on the last generation, and a later update removes
// every generation no reader holds any more.
func TestSearchesDuringUpdates(t *testing.T) {
	if testing.Short() {
		t.Skip("20 updates: not in -short")
	}
	src := copyFiles(t, map[string]string{"speech.txt": "../testdata/speech.txt"})
	changing := filepath.Join(src, "changing.txt")
	writeVersion := func(i int) {
		text := fmt.Sprintf("关于第%d次更新的通知\n这是第%d个版本，内容与查询无关。\n", i, i)
		if err := os.WriteFile(changing, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	writeVersion(0)
	dir := t.TempDir()
	update(t, dir, []string{src}, index.UpdateOptions{})
	first := open(t, dir)
	want, err := searchAnswer(first)
	if err != nil {
		t.Fatal(err)
	}
	first.Close() // before the updates, which must be able to retire it

	// A second process searching in a loop until told to stop.
	stop := filepath.Join(t.TempDir(), "stop")
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperSearchLoop$")
	cmd.Env = append(os.Environ(), "ZHSEARCH_SEARCH_LOOP="+dir, "ZHSEARCH_SEARCH_STOP="+stop, "ZHSEARCH_SEARCH_WANT="+strconv.Quote(want))
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = cmd.Stdout
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var helperOut strings.Builder
	helperDone := make(chan struct{})
	go func() {
		defer close(helperDone)
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			helperOut.WriteString(sc.Text() + "\n")
		}
	}()

	live, err := index.OpenLive(dir, index.OpenOptions{OnReloadError: func(err error) { t.Errorf("Live: %v", err) }})
	if err != nil {
		t.Fatal(err)
	}
	var done atomic.Bool
	var searches atomic.Int64
	var wg sync.WaitGroup
	fail := func(format string, args ...any) {
		t.Errorf(format, args...)
		done.Store(true)
	}
	for g := 0; g < 2; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for !done.Load() {
				ix, err := index.Open(dir)
				if err != nil {
					fail("Open during updates: %v", err)
					return
				}
				got, err := searchAnswer(ix)
				ix.Close()
				if err != nil || got != want {
					fail("search during updates: err %v, answer %.200q, want %.200q", err, got, want)
					return
				}
				searches.Add(1)
			}
		}()
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		for !done.Load() {
			ix, release, err := live.Acquire()
			if err != nil {
				fail("Live.Acquire: %v", err)
				return
			}
			got, err := searchAnswer(ix)
			release()
			if err != nil || got != want {
				fail("search through a Live: err %v, answer %.200q, want %.200q", err, got, want)
				return
			}
			searches.Add(1)
		}
	}()

	for i := 1; i <= 20 && !done.Load(); i++ {
		writeVersion(i)
		if rep := update(t, dir, []string{src}, index.UpdateOptions{}); !rep.Swapped || rep.Changed != 1 {
			t.Fatalf("update %d: %+v, want one changed file", i, rep)
		}
	}
	done.Store(true)
	wg.Wait()
	os.WriteFile(stop, nil, 0o644)
	<-helperDone
	if err := cmd.Wait(); err != nil {
		t.Errorf("the searching process: %v\n%s", err, helperOut.String())
	}
	t.Logf("%d searches in this process; the other: %s", searches.Load(), strings.TrimSpace(helperOut.String()))

	// The Live moves to the last generation.
	last := open(t, dir)
	final := last.Meta().Built
	last.Close()
	deadline := time.Now().Add(5 * time.Second)
	for {
		ix, release, err := live.Acquire()
		if err != nil {
			t.Fatal(err)
		}
		built := ix.Meta().Built
		release()
		if built.Equal(final) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the Live still answers from the generation built %v, not the last one (%v)", built, final)
		}
		time.Sleep(20 * time.Millisecond)
	}
	live.Close()
	if _, _, err := live.Acquire(); !errors.Is(err, index.ErrClosed) {
		t.Errorf("Acquire after Close: err = %v, want ErrClosed", err)
	}

	// With every reader gone, the next update leaves the live generation
	// alone.
	writeVersion(21)
	update(t, dir, []string{src}, index.UpdateOptions{})
	gens, _ := filepath.Glob(filepath.Join(dir, "g*"))
	if len(gens) != 1 {
		t.Errorf("after all readers closed, an update left %d generations: %v", len(gens), gens)
	}
}

// TestHelperSearchLoop is the second process of TestSearchesDuringUpdates.
func TestHelperSearchLoop(t *testing.T) {
	dir := os.Getenv("ZHSEARCH_SEARCH_LOOP")
	if dir == "" {
		t.Skip("run by TestSearchesDuringUpdates as a second process")
	}
	want, err := strconv.Unquote(os.Getenv("ZHSEARCH_SEARCH_WANT"))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for {
		if _, err := os.Stat(os.Getenv("ZHSEARCH_SEARCH_STOP")); err == nil {
			break
		}
		ix, err := index.Open(dir)
		if err != nil {
			t.Fatalf("Open after %d searches: %v", n, err)
		}
		got, err := searchAnswer(ix)
		ix.Close()
		if err != nil || got != want {
			t.Fatalf("search %d: err %v, answer %.200q, want %.200q", n, err, got, want)
		}
		n++
	}
	fmt.Printf("%d searches\n", n)
}

// TestLiveKeepsAnsweringWhenANewGenerationFails: a Live whose next
// generation cannot be opened reports it once and answers from the one it
// has; it moves on when a good generation goes live.
func TestLiveKeepsAnsweringWhenANewGenerationFails(t *testing.T) {
	src := copyFiles(t, map[string]string{"speech.txt": "../testdata/speech.txt"})
	dir := t.TempDir()
	update(t, dir, []string{src}, index.UpdateOptions{})
	var mu sync.Mutex
	var reported []error
	live, err := index.OpenLive(dir, index.OpenOptions{OnReloadError: func(err error) {
		mu.Lock()
		reported = append(reported, err)
		mu.Unlock()
	}})
	if err != nil {
		t.Fatal(err)
	}
	defer live.Close()
	ix, release, err := live.Acquire()
	if err != nil {
		t.Fatal(err)
	}
	want, err := searchAnswer(ix)
	release()
	if err != nil {
		t.Fatal(err)
	}

	// A damaged generation goes live: a copy of the live one with a byte
	// changed inside a table whose blocks searches check as they read
	// them, which opening does not read; or with the place table's header
	// changed, which opening checks.
	live1 := liveGeneration(t, dir)
	for i, c := range []struct {
		name, file string
		change     func([]byte) []byte
	}{
		{"a block of the place table", "places.bin", flipAt(0.5)},
		{"the place table's header", "places.bin", func(b []byte) []byte { b[8] ^= 0x01; return b }},
		{"a block of the path table", "sections.bin", flipAt(0.5)},
		{"a block of rarity.bin", "rarity.bin", flipAt(0.5)},
		{"a block of similar.bin", "similar.bin", flipAt(0.5)},
	} {
		t.Run(c.name, func(t *testing.T) {
			gen := fmt.Sprintf("g%06d", 90+i)
			broken := filepath.Join(dir, gen)
			copyTree(t, live1, broken)
			changeFile(t, filepath.Join(broken, c.file), c.change)
			raw, _ := os.ReadFile(filepath.Join(dir, "CURRENT"))
			os.WriteFile(filepath.Join(dir, "CURRENT"), []byte(strings.Replace(string(raw), strings.Fields(string(raw))[0], gen, 1)), 0o644)

			// Answers from the intact generation, at least 400 ms and
			// until the damaged one is reported.
			start := time.Now()
			for {
				ix, release, err := live.Acquire()
				if err != nil {
					t.Fatalf("Acquire with a damaged generation live: %v", err)
				}
				got, err := searchAnswer(ix)
				release()
				if err != nil || got != want {
					t.Fatalf("with a damaged generation live: err %v, answer %.100q", err, got)
				}
				mu.Lock()
				n := len(reported)
				mu.Unlock()
				if n > i && time.Since(start) > 400*time.Millisecond {
					break
				}
				if time.Since(start) > 10*time.Second {
					t.Fatal("the damaged generation was not reported")
				}
				time.Sleep(10 * time.Millisecond)
			}
			mu.Lock()
			defer mu.Unlock()
			if len(reported) != i+1 || !errors.Is(reported[i], index.ErrDamaged) || !strings.Contains(reported[i].Error(), filepath.Join(gen, c.file)) {
				t.Errorf("reported %v; want the damaged %s once", reported[i:], filepath.Join(gen, c.file))
			}
		})
	}

	update(t, dir, []string{src}, index.UpdateOptions{Rebuild: true})
	rebuilt := open(t, dir).Meta().Built
	for end := time.Now().Add(5 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		ix, release, err := live.Acquire()
		if err != nil {
			t.Fatal(err)
		}
		built := ix.Meta().Built
		release()
		if built.Equal(rebuilt) {
			break
		}
		if time.Now().After(end) {
			t.Fatal("the Live did not move to the rebuilt generation")
		}
	}
}
