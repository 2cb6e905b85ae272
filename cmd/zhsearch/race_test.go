//go:build race

package main

import "testing"

// skipUnderRace skips a check of real text that runs one goroutine: under
// the race detector it would take minutes and find no race (each "zhsearch
// index" run in the process loads the dictionary, seconds under -race).
// make test runs such checks in a second pass without -race (see the
// Makefile).
func skipUnderRace(t *testing.T) {
	t.Helper()
	t.Skip("a check of real text, run by make test without -race")
}
