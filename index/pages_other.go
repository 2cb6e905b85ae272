//go:build !unix

package index

// releasePages does nothing where there is no madvise (Windows): the pages
// of a mapping stay in the process's working set until it is unmapped, as
// they would without it. See pages_unix.go.
func releasePages(b []byte) {}
