//go:build race

package segment

import "testing"

// skipUnderRace skips a check of real text that runs one goroutine: under
// the race detector it would take minutes and find no race (gse's
// dictionary alone takes seconds to load there). make test runs such
// checks in a second pass without -race (see the Makefile).
func skipUnderRace(t testing.TB) {
	t.Helper()
	t.Skip("a check of real text, run by make test without -race")
}
