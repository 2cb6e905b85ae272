package main

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/zhsearch/zhsearch/index"
)

// progressBar draws an index build's progress on one terminal line: files,
// megabytes, rate and time left.
type progressBar struct {
	w     io.Writer
	start time.Time
	last  time.Time
	drawn bool
}

const barWidth = 24

func (b *progressBar) update(p index.Progress) {
	now := time.Now()
	if now.Sub(b.last) < 100*time.Millisecond && p.FilesDone < p.Files {
		return
	}
	b.last = now
	b.drawn = true
	// A line as wide as the terminal would wrap (some terminals wrap at the
	// last column already), and "\r" would then redraw only its second
	// part, leaving the first behind; the width is read each time, since
	// the window may have been resized.
	line := truncateWidth(progressLine(p, now.Sub(b.start)), max(terminalWidth(b.w)-1, 10))
	fmt.Fprint(b.w, "\r"+line+"\x1b[K")
}

// progressLine renders p after elapsed time.
func progressLine(p index.Progress, elapsed time.Duration) string {
	frac := 1.0
	if p.Bytes > 0 {
		frac = float64(p.BytesDone) / float64(p.Bytes)
	}
	filled := int(frac * barWidth)
	bar := strings.Repeat("█", filled) + strings.Repeat("░", barWidth-filled)
	rate := float64(p.BytesDone) / (1 << 20) / max(elapsed.Seconds(), 0.001)
	left := "–"
	if frac > 0 && frac < 1 {
		left = (time.Duration(float64(elapsed)*(1-frac)/frac) + time.Second/2).Truncate(time.Second).String()
	}
	if p.Merging {
		return fmt.Sprintf("%s %d/%d files  %.1f/%.1f MB  merging the index into one segment…",
			bar, p.FilesDone, p.Files, float64(p.BytesDone)/(1<<20), float64(p.Bytes)/(1<<20))
	}
	return fmt.Sprintf("%s %d/%d files  %.1f/%.1f MB  %.1f MB/s  %s left",
		bar, p.FilesDone, p.Files, float64(p.BytesDone)/(1<<20), float64(p.Bytes)/(1<<20), rate, left)
}

// clear removes the bar, so that what follows starts on a clean line.
func (b *progressBar) clear() {
	if b != nil && b.drawn {
		fmt.Fprint(b.w, "\r\x1b[K")
	}
}
