//go:build !race

package segment

import "testing"

// skipUnderRace runs the check: the race detector is off.
func skipUnderRace(testing.TB) {}
