//go:build race

package query_test

// raceEnabled says whether the race detector is on: it makes building an
// index of real reports too slow for make test.
const raceEnabled = true
