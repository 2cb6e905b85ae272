//go:build windows

package index

import (
	"errors"
	"os"
	"time"
	"unsafe"

	"golang.org/x/sys/windows"
)

// The Windows side of lock_unix.go: LockFileEx locks on the whole file,
// shared for readers and exclusive for a writer, held by the open handle so
// that a process that dies drops them.

// lockRange is the byte range every lock covers: all of any file.
const lockRange = ^uint32(0)

// lockShared takes a shared lock on f, waiting for an exclusive holder.
func lockShared(f *os.File) error {
	ol := new(windows.Overlapped)
	return windows.LockFileEx(windows.Handle(f.Fd()), 0, 0, lockRange, lockRange, ol)
}

// tryLockExclusive takes an exclusive lock on f if no one holds any lock on
// it; ok is false when someone does.
func tryLockExclusive(f *os.File) (ok bool, err error) {
	ol := new(windows.Overlapped)
	err = windows.LockFileEx(windows.Handle(f.Fd()), windows.LOCKFILE_EXCLUSIVE_LOCK|windows.LOCKFILE_FAIL_IMMEDIATELY, 0, lockRange, lockRange, ol)
	if errors.Is(err, windows.ERROR_LOCK_VIOLATION) || errors.Is(err, windows.ERROR_IO_PENDING) {
		return false, nil
	}
	return err == nil, err
}

// fileStandardInfo is FILE_STANDARD_INFO, which x/sys does not declare.
type fileStandardInfo struct {
	AllocationSize, EndOfFile int64
	NumberOfLinks             uint32
	DeletePending, Directory  bool
}

// unlinked reports whether f's file has been removed since it was opened.
// A file removed while others hold it open stays, delete-pending, until
// the last handle closes.
func unlinked(f *os.File) (bool, error) {
	var info fileStandardInfo
	err := windows.GetFileInformationByHandleEx(windows.Handle(f.Fd()), windows.FileStandardInfo, (*byte)(unsafe.Pointer(&info)), uint32(unsafe.Sizeof(info)))
	if err != nil {
		return false, err
	}
	return info.DeletePending || info.NumberOfLinks == 0, nil
}

// openLockFile opens a generation's reader lock for reading. It is opened
// sharing delete, so that a writer may remove it while others have it open
// (Windows refuses to remove a file open without that); a file already
// removed but still open elsewhere (delete-pending) reads as missing.
func openLockFile(path string) (*os.File, error) {
	name, err := windows.UTF16PtrFromString(path)
	if err != nil {
		return nil, &os.PathError{Op: "open", Path: path, Err: err}
	}
	h, err := windows.CreateFile(name, windows.GENERIC_READ,
		windows.FILE_SHARE_READ|windows.FILE_SHARE_WRITE|windows.FILE_SHARE_DELETE,
		nil, windows.OPEN_EXISTING, windows.FILE_ATTRIBUTE_NORMAL, 0)
	if err != nil {
		if errors.Is(err, windows.ERROR_ACCESS_DENIED) {
			if _, serr := os.Stat(path); serr == nil {
				err = errDeletePending
			}
		}
		return nil, &os.PathError{Op: "open", Path: path, Err: err}
	}
	return os.NewFile(uintptr(h), path), nil
}

// errDeletePending is why a reader lock that a writer has just removed
// cannot be opened: the generation is going.
var errDeletePending = errors.New("file is being removed")

// replaceFile renames from to to, replacing to. Windows refuses to replace
// a file that another process has open for a moment (a reader reading
// CURRENT), so the rename is retried for a short while, as Go's own
// cmd/go does (internal/robustio).
func replaceFile(from, to string) error {
	deadline := time.Now().Add(2 * time.Second)
	for {
		err := os.Rename(from, to)
		if err == nil || !transient(err) || time.Now().After(deadline) {
			return err
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// readSmallFile reads a small file that a writer replaces by renaming,
// retrying for a short while when the replace holds it (see replaceFile).
func readSmallFile(path string) ([]byte, error) {
	deadline := time.Now().Add(2 * time.Second)
	for {
		raw, err := os.ReadFile(path)
		if err == nil || !transient(err) || time.Now().After(deadline) {
			return raw, err
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// transient reports whether err is one Windows gives while another
// process has a file open or is replacing it.
func transient(err error) bool {
	return errors.Is(err, windows.ERROR_ACCESS_DENIED) || errors.Is(err, windows.ERROR_SHARING_VIOLATION)
}

// syncPath flushes the file at path to disk. FlushFileBuffers needs a
// handle open for writing, which opening leaves unchanged; directories are
// not flushed (NTFS journals what they hold, and Windows has no call for it).
func syncPath(path string, isDir bool) error {
	if isDir {
		return nil
	}
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Sync()
}

// removeUnheld removes the file at path unless another process has it
// open: a segment file no longer used here may be a hard link to one that
// a reader of an older generation has mapped. It is then left (a file the
// build record lists, which bleve does not read) rather than fail the
// update.
func removeUnheld(path string) error {
	if err := os.Remove(path); err != nil && !transient(err) {
		return err
	}
	return nil
}
