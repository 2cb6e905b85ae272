//go:build race

package extract

import "testing"

// skipUnderRace skips a check of real text that runs one goroutine: under
// the race detector it would take many times longer and find no race.
// make test runs such checks in a second pass without -race (see the
// Makefile).
func skipUnderRace(t *testing.T) {
	t.Helper()
	t.Skip("a check of real text, run by make test without -race")
}
