package machine

import (
	"os"
	"syscall"
)

// PeakRSS is a finished process's peak resident memory in bytes (Linux
// reports it in KiB).
func PeakRSS(ps *os.ProcessState) int64 {
	ru, ok := ps.SysUsage().(*syscall.Rusage)
	if !ok {
		return 0
	}
	return ru.Maxrss * 1024
}
