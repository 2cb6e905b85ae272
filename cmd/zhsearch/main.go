// Command zhsearch searches Chinese policy documents by paragraph.
//
// Run "zhsearch help" for usage.
package main

import (
	"io"
	"log"
	"os"
)

func main() {
	// bleve logs what it recovers from on the standard logger; zhsearch
	// reports what matters itself, in one line.
	log.SetOutput(io.Discard)
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
