//go:build unix

package index

import (
	"errors"
	"os"
	"syscall"
)

// The file locks of an index, in one place because they are what differs
// between systems: the writer's LOCK and each generation's reader lock.
// They are whole-file advisory locks held by an open file (flock here,
// LockFileEx on Windows, see lock_windows.go), so that a process that dies
// drops its locks, and two opens in one process exclude each other as two
// processes do. Replacing and removing files differs too: what is open may
// be removed or replaced here, not on Windows.

// lockShared takes a shared lock on f, waiting for an exclusive holder.
func lockShared(f *os.File) error {
	for {
		err := syscall.Flock(int(f.Fd()), syscall.LOCK_SH)
		if !errors.Is(err, syscall.EINTR) {
			return err
		}
	}
}

// tryLockExclusive takes an exclusive lock on f if no one holds any lock on
// it; ok is false when someone does.
func tryLockExclusive(f *os.File) (ok bool, err error) {
	err = syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
	if errors.Is(err, syscall.EWOULDBLOCK) {
		return false, nil
	}
	return err == nil, err
}

// unlinked reports whether f's file has been removed since it was opened.
func unlinked(f *os.File) (bool, error) {
	var st syscall.Stat_t
	if err := syscall.Fstat(int(f.Fd()), &st); err != nil {
		return false, err
	}
	return st.Nlink == 0, nil
}

// openLockFile opens a generation's reader lock for reading.
func openLockFile(path string) (*os.File, error) { return os.Open(path) }

// errDeletePending never happens here: a removed file is gone at once.
var errDeletePending = errors.New("file is being removed")

// replaceFile renames from to to, replacing to atomically.
func replaceFile(from, to string) error { return os.Rename(from, to) }

// readSmallFile reads a small file that a writer replaces by renaming.
func readSmallFile(path string) ([]byte, error) { return os.ReadFile(path) }

// syncPath flushes the file or directory at path to disk.
func syncPath(path string, isDir bool) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Sync()
}

// removeUnheld removes the file at path.
func removeUnheld(path string) error { return os.Remove(path) }
