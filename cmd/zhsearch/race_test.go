//go:build race

package main

import "testing"

// skipUnderRace skips a check of real text whose concurrency other tests
// cover under the race detector: there it would take minutes (each
// "zhsearch index" run in the process loads the dictionary, seconds under
// -race) and find no race its own.
// make test runs such checks in a second pass without -race (see the
// Makefile).
func skipUnderRace(t *testing.T) {
	t.Helper()
	t.Skip("a check of real text, run by make test without -race")
}
