// Command zhsearch searches Chinese policy documents by paragraph.
//
// Run "zhsearch help" for usage.
package main

import (
	"io"
	"log"
	"os"
	"runtime/debug"
)

// memoryLimit is the soft heap limit of the process unless GOMEMLIMIT sets
// one. Indexing holds the dictionary and bleve's in-memory segments; the
// limit makes the collector keep its peak flat as the corpus grows rather
// than letting the heap double between collections: a build of the whole
// corpus stays about under it (its heap peaks at about 513 MiB), and one of
// four copies, whose live heap reaches 340 MiB, collects more often instead
// of reaching 690 MiB. Searching stays far below it.
const memoryLimit = 544 << 20

func main() {
	// Process-wide settings are made here, not in run, which tests call.
	// bleve logs what it recovers from on the standard logger; zhsearch
	// reports what matters itself, in one line.
	log.SetOutput(io.Discard)
	if !enableEscapes() {
		os.Setenv("NO_COLOR", "1") // a console that would print escapes raw
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(memoryLimit)
	}
	env := newEnvironment(os.Stdin, os.Stdout, os.Stderr)
	if os.Getenv("GOGC") == "" {
		env.collectNoMore = func() { debug.SetGCPercent(-1) }
	}
	os.Exit(runIn(env, os.Args[1:]))
}
