// Package machine describes the machine a benchmark runs on and what a
// measured process used, for the benchmark commands under bench/.
package machine

import (
	"os"
	"runtime"
	"strings"
)

// CPUModel is the processor's model name, or the architecture where the
// system does not say (outside Linux).
func CPUModel() string {
	data, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return runtime.GOARCH
	}
	for _, line := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(line, "model name") {
			if _, v, ok := strings.Cut(line, ":"); ok {
				return strings.TrimSpace(v)
			}
		}
	}
	return runtime.GOARCH
}

// LoadAverage is the one-minute load average, which says how busy a shared
// machine was while a figure was taken; "?" where the system does not say
// (outside Linux).
func LoadAverage() string {
	data, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	if f := strings.Fields(string(data)); len(f) > 0 {
		return f[0]
	}
	return "?"
}
