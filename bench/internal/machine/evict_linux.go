package machine

import (
	"io/fs"
	"os"
	"path/filepath"

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
		return unix.Fadvise(int(f.Fd()), 0, 0, unix.FADV_DONTNEED)
	})
}
