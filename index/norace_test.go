//go:build !race

package index

import "testing"

// SkipUnderRace runs the check: the race detector is off.
func SkipUnderRace(testing.TB) {}
