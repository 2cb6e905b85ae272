//go:build race

package segment

// raceEnabled says whether the race detector is on: it slows gse down.
const raceEnabled = true
