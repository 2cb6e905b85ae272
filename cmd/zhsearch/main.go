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
// one. Indexing holds the dictionary and the batches being analysed and
// written, whose live heap peaks at 250-260 MiB while the whole corpus's
// last, largest files go through (the reports), and the collector would
// let the heap grow to twice that between collections. With a limit of
// 544 MiB where that peak lands varied with the timing of collections,
// and a build of four copies of the corpus, which passes
// through that point four times with its freed pages not yet returned,
// peaked at 471 MiB where one copy peaked at 394-408. At 480 MiB the
// collector runs a little more often there, and only there (the same CPU
// time within the noise): one copy peaked at 409 MiB and four at 442
// (1.08x). Searching stays far below it.
const memoryLimit = 480 << 20

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
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
