//go:build !linux

package machine

// Evict does nothing outside Linux, where the benchmark is not run (see
// PeakRSS).
func Evict(string) error { return nil }
