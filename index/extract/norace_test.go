//go:build !race

package extract

import "testing"

// skipUnderRace runs the check: the race detector is off.
func skipUnderRace(*testing.T) {}
