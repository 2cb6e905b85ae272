// Command zhsearch searches Chinese policy documents by paragraph.
//
// Run "zhsearch help" for usage.
package main

import (
	"io"
	"log"
	"os"
	"runtime"
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
	env := newEnvironment(os.Stdin, os.Stdout, os.Stderr)
	if os.Getenv("GOGC") == "" {
		env.collectLate = collectLate
	}
	env.exitReleases = true
	os.Exit(runIn(env, os.Args[1:]))
}

// firstCollection is the memory a process that collectLate was called in
// reaches before its first garbage collection.
const firstCollection = 32 << 20

// collectLate puts the process's first garbage collection off until its
// memory reaches firstCollection (or the memory limit, if lower), and then
// collects as usual (GOGC 100, the limit as it was). A search that shows a
// page allocates a few MB and exits: the collector's first cycle, due at 4
// MB, frees little and cost a cold search an eighth of its CPU. A search
// that allocates far more (a common word on a large index) must collect:
// with no collection at all, it touched twice the memory and spent more
// CPU on faulting fresh pages than the collector costs.
func collectLate() {
	limit := debug.SetMemoryLimit(-1)
	debug.SetGCPercent(-1)
	debug.SetMemoryLimit(min(limit, firstCollection))
	// The first collection finds the marker unreachable; its cleanup puts
	// the settings back.
	runtime.AddCleanup(new(collectionMarker), func(limit int64) {
		debug.SetGCPercent(100)
		debug.SetMemoryLimit(limit)
	}, limit)
}

// collectionMarker is large enough to have an allocation of its own (the
// tiny allocator packs smaller pointer-free objects together, and frees
// them together).
type collectionMarker [32]byte
