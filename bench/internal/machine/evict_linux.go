package machine

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"unsafe"

	"golang.org/x/sys/unix"
)

// Evict writes back and drops from the page cache every file under root
// (a file or a folder), so that the next process to read them reads them
// from disk, as it reads an index or a program that has not been used for
// a while. How a file came into the page cache moves what a process that
// maps it is counted for: Linux maps a large folio whole on a page fault,
// and a file just written in large writes (a fresh index's segment) sits
// in large folios, so that a search of a fresh index counted tens of
// MiB more resident memory than a search of the same files read from
// disk. Evicting both programs' files before they are measured makes
// their states alike.
func Evict(root string) error {
	root, err := filepath.EvalSymlinks(root) // WalkDir does not follow a linked root
	if err != nil {
		return err
	}
	return filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return err
		}
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := f.Sync(); err != nil {
			return err
		}
		if err := unix.Fadvise(int(f.Fd()), 0, 0, unix.FADV_DONTNEED); err != nil {
			return err
		}
		return stillCached(f, path)
	})
}

// stillCached returns an error when pages of the file f at path are in
// the page cache still: a file of a tmpfs cannot be evicted, and its
// measurements would not be of one read from disk.
func stillCached(f *os.File, path string) error {
	st, err := f.Stat()
	if err != nil || st.Size() == 0 {
		return err
	}
	data, err := unix.Mmap(int(f.Fd()), 0, int(st.Size()), unix.PROT_READ, unix.MAP_SHARED)
	if err != nil {
		return err
	}
	defer unix.Munmap(data)
	pages := make([]byte, (len(data)+os.Getpagesize()-1)/os.Getpagesize())
	_, _, errno := unix.Syscall(unix.SYS_MINCORE, uintptr(unsafe.Pointer(&data[0])), uintptr(len(data)), uintptr(unsafe.Pointer(&pages[0])))
	if errno != 0 {
		return errno
	}
	resident := 0
	for _, p := range pages {
		resident += int(p & 1)
	}
	if resident > 0 {
		return fmt.Errorf("%s: %d of its %d pages stay in the page cache (is it on a tmpfs? set TMPDIR to a folder on disk)", path, resident, len(pages))
	}
	return nil
}
