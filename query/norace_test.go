//go:build !race

package query_test

import "testing"

// skipUnderRace runs the check: the race detector is off.
func skipUnderRace(*testing.T) {}
