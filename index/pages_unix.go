//go:build unix

package index

import "golang.org/x/sys/unix"

// releasePages drops the pages of the read-only file mapping b from the
// process, which counts every page of a mapping it has read as its own
// resident memory. The file's contents stay in the kernel's page cache: a
// later read of b maps them again, from memory. It is advice, so its
// failure changes nothing but the count and is ignored.
func releasePages(b []byte) {
	if len(b) > 0 {
		_ = unix.Madvise(b, unix.MADV_DONTNEED)
	}
}
