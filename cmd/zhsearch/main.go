// Command zhsearch searches Chinese policy documents by paragraph.
//
// Run "zhsearch help" for usage.
package main

import "os"

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
