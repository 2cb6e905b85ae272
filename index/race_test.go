//go:build race

package index

import "testing"

// SkipUnderRace skips a check of real text that runs one goroutine: under
// the race detector it would take minutes and find no race (the builds and
// updates it makes run under -race in the tests of building, updating and
// searching during updates). make test runs such checks in a second pass
// without -race (see the Makefile). Exported for the external tests.
func SkipUnderRace(t testing.TB) {
	t.Helper()
	t.Skip("a check of real text, run by make test without -race")
}
