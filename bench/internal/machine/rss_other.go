//go:build !linux

package machine

import "os"

// PeakRSS is not measured outside Linux (macOS reports bytes, Windows has no
// rusage): the benchmark is run on the project's Linux machine, and a 0
// shows as an unmeasured column rather than a wrong figure.
func PeakRSS(*os.ProcessState) int64 { return 0 }
