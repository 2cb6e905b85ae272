//go:build windows

package main

import (
	"os"

	"golang.org/x/sys/windows"
)

// enableEscapes turns on the console's handling of ANSI escape sequences
// (colours, the progress bar's line clearing) for stdout and stderr, which
// Windows consoles other than Windows Terminal leave off for a program. It
// reports false when a console cannot (before Windows 10): zhsearch then
// writes no colour, as with NO_COLOR.
func enableEscapes() bool {
	ok := true
	for _, f := range []*os.File{os.Stdout, os.Stderr} {
		h := windows.Handle(f.Fd())
		var mode uint32
		if windows.GetConsoleMode(h, &mode) != nil {
			continue // not a console: a pipe or a file
		}
		if windows.SetConsoleMode(h, mode|windows.ENABLE_VIRTUAL_TERMINAL_PROCESSING) != nil {
			ok = false
		}
	}
	return ok
}
