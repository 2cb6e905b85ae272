package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// openPTY opens a pseudo-terminal of cols columns: the terminal side a
// command gets as a standard stream, and what was written to it so far,
// which done returns once the terminal side is closed.
func openPTY(t *testing.T, cols int) (tty *os.File, done func() string) {
	t.Helper()
	ptmx, err := os.OpenFile("/dev/ptmx", os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Skipf("no pseudo-terminals here: %v", err)
	}
	fd := int(ptmx.Fd())
	if err := unix.IoctlSetPointerInt(fd, unix.TIOCSPTLCK, 0); err != nil {
		t.Skipf("unlockpt: %v", err)
	}
	n, err := unix.IoctlGetInt(fd, unix.TIOCGPTN)
	if err != nil {
		t.Skipf("ptsname: %v", err)
	}
	tty, err = os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Skipf("opening the terminal side: %v", err)
	}
	if err := unix.IoctlSetWinsize(int(tty.Fd()), unix.TIOCSWINSZ, &unix.Winsize{Col: uint16(cols), Row: 24}); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	read := make(chan struct{})
	go func() {
		io.Copy(&out, ptmx) // until the terminal side is closed (EIO)
		close(read)
	}()
	t.Cleanup(func() { tty.Close(); ptmx.Close() })
	return tty, func() string {
		tty.Close()
		select {
		case <-read:
		case <-time.After(10 * time.Second):
			t.Fatal("the terminal's output did not end")
		}
		return out.String()
	}
}

func TestSegmentOnATerminalShowsUsage(t *testing.T) {
	tty, _ := openPTY(t, 80)
	var stdout, stderr strings.Builder
	code := make(chan int, 1)
	go func() { code <- run([]string{"segment"}, tty, &stdout, &stderr) }()
	select {
	case c := <-code:
		if c != 2 || !strings.Contains(stderr.String(), "zhsearch: segment: no text\nUsage: zhsearch segment") {
			t.Errorf("exit %d, stderr %q", c, stderr.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("segment waits for text typed on the terminal")
	}
}

func TestProgressFitsTheTerminal(t *testing.T) {
	const cols = 40
	tty, done := openPTY(t, cols)
	var stdout strings.Builder
	dir := filepath.Join(t.TempDir(), "ix")
	code := run([]string{"index", "--index", dir, "../../testdata/speech.txt", "../../testdata/corpus/laws"}, nil, &stdout, tty)
	out := done()
	if code != 0 {
		t.Fatalf("exit %d: %q", code, out)
	}
	// Each redraw is "\r", the line, then erase to the end of the line.
	var lines []string
	for _, part := range strings.Split(out, "\r") {
		if line, ok := strings.CutSuffix(part, "\x1b[K"); ok && line != "" {
			lines = append(lines, line)
		}
	}
	if len(lines) == 0 {
		t.Fatalf("no progress line drawn: %q", out)
	}
	merging := false
	for _, line := range lines {
		if w := stringWidth(line); w >= cols {
			t.Errorf("a progress line of %d columns on a terminal of %d: %q", w, cols, line)
		}
		merging = merging || strings.Contains(line, "files  ")
	}
	if !merging {
		t.Errorf("no line shows the files: %q", lines)
	}
}
