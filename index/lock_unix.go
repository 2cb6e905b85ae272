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
// LockFileEx on Windows), so that a process that dies drops its locks, and
// two opens in one process exclude each other as two processes do.

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
