//go:build !windows

package main

// enableEscapes: terminals here handle ANSI escape sequences.
func enableEscapes() bool { return true }
