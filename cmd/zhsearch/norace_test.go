//go:build !race

package main

import "testing"

// skipUnderRace runs the check: the race detector is off.
func skipUnderRace(*testing.T) {}
