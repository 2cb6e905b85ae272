package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"
)

var killSeed = flag.Uint64("kill-seed", 0, "seed of TestKillDuringIndex's kill moments (0: from the clock, logged)")

// TestKillDuringIndex kills a real "zhsearch index" with SIGKILL at random
// moments of an update. Every time, the index must open and answer exactly
// as before the update, or exactly as after it if the kill came after the
// swap: never a half-written state, never a stuck lock.
func TestKillDuringIndex(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and runs it many times; skipped with -short")
	}
	work := t.TempDir()
	bin := filepath.Join(work, "zhsearch")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	src := filepath.Join(work, "src")
	copyTree(t, "../../testdata/corpus", src)
	copyTree(t, "../../testdata/speech.txt", filepath.Join(src, "speech.txt"))
	dir := filepath.Join(work, "index")
	runBinary(t, bin, "index", "--quiet", "--index", dir, src)
	before := answers(t, bin, dir)

	// The update: one file changed, one added, one removed.
	os.WriteFile(filepath.Join(src, "speech.txt"), []byte("关于非煤矿山安全生产的通知\n\n一、全面关闭非煤矿山。\n"), 0o644)
	os.WriteFile(filepath.Join(src, "new.txt"), []byte("交通安全宣传月活动方案\n\n安全生产，交通先行。\n"), 0o644)
	os.Remove(filepath.Join(src, "reports", "河北省.txt"))
	afterDir := filepath.Join(work, "after")
	runBinary(t, bin, "index", "--quiet", "--index", afterDir, src)
	after := answers(t, bin, afterDir)
	if before == after {
		t.Fatal("the update changes no answer: the test could not tell the states apart")
	}
	pristine := filepath.Join(work, "pristine")
	copyTree(t, dir, pristine)

	seed := *killSeed
	if seed == 0 {
		seed = uint64(time.Now().UnixNano())
	}
	t.Logf("kill moments drawn with seed %d (replay with: go test ./cmd/zhsearch -run TestKillDuringIndex -kill-seed %d)", seed, seed)
	r := rand.New(rand.NewPCG(seed, 7))
	sawBefore, sawAfter := 0, 0
	for i := range 8 {
		delay := time.Duration(r.IntN(4000)) * time.Millisecond
		cmd := exec.Command(bin, "index", "--quiet", "--index", dir, src)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(delay)
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()
		switch got := answers(t, bin, dir); got {
		case before:
			sawBefore++
		case after:
			sawAfter++
			os.RemoveAll(dir)
			copyTree(t, pristine, dir)
		default:
			t.Fatalf("kill %d after %v: the index answers neither as before nor as after the update:\n%s", i+1, delay, got)
		}
	}
	t.Logf("%d kills left the previous index, %d came after the swap", sawBefore, sawAfter)
	// An update after all that completes, and equals a fresh build.
	runBinary(t, bin, "index", "--quiet", "--index", dir, src)
	if got := answers(t, bin, dir); got != after {
		t.Errorf("the update after the kills answers:\n%s\nwant:\n%s", got, after)
	}
	gens, _ := filepath.Glob(filepath.Join(dir, "g*"))
	if len(gens) != 1 {
		t.Errorf("generations left after the kills: %v", gens)
	}
}

func runBinary(t *testing.T, bin string, args ...string) string {
	t.Helper()
	out, err := exec.Command(bin, args...).Output()
	if err != nil {
		var stderr string
		if ee, ok := err.(*exec.ExitError); ok {
			stderr = string(ee.Stderr)
		}
		t.Fatalf("zhsearch %s: %v\n%s", strings.Join(args, " "), err, stderr)
	}
	return string(out)
}

// answers sums up what an index answers to a few queries: for each, the set
// of paragraphs found with their text and matches.
func answers(t *testing.T, bin, dir string) string {
	t.Helper()
	var b strings.Builder
	for _, q := range []string{"非煤矿山", "安全生产", "交通", "河北"} {
		cmd := exec.Command(bin, "search", "--index", dir, "--json", "--limit", "0", q)
		out, err := cmd.Output()
		if err != nil && cmd.ProcessState.ExitCode() != 1 {
			var stderr string
			if ee, ok := err.(*exec.ExitError); ok {
				stderr = string(ee.Stderr)
			}
			t.Fatalf("search %s in %s: %v\n%s", q, dir, err, stderr)
		}
		var lines []string
		for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
			if line == "" {
				continue
			}
			var h struct {
				Doc       string
				Paragraph int
				Text      string
				Matches   []struct{ Start, End int }
			}
			if err := json.Unmarshal([]byte(line), &h); err != nil {
				t.Fatal(err)
			}
			lines = append(lines, fmt.Sprintf("%s ¶%d %v %s", filepath.Base(h.Doc), h.Paragraph, h.Matches, h.Text))
		}
		sort.Strings(lines)
		fmt.Fprintf(&b, "%s: %d\n%s\n", q, len(lines), strings.Join(lines, "\n"))
	}
	return b.String()
}

func copyTree(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, path)
		target := filepath.Join(to, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		os.MkdirAll(filepath.Dir(target), 0o755)
		return os.WriteFile(target, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}
