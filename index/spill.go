package index

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
)

// A spillFile is a file of a new generation that a build writes records
// to, through a buffer, and reads back once, in order, before it removes
// it. What a build learns about every paragraph and needs only at its end
// (the words rarity counts, the signatures, the pairs found, the place
// records) waits there rather than in memory, where it would grow the
// build's peak with its corpus. Each user owns its records' layout.
//
// It is removed after it is read and whenever the build fails: a file
// left in the generation would be summed into its build record. Not safe
// for concurrent use.
type spillFile struct {
	path string
	file *os.File
	w    *bufio.Writer
}

// spillBuffer is the size of a spill file's buffers, for writing and for
// reading back.
const spillBuffer = 256 << 10

// createSpill creates the spill file at path.
func createSpill(path string) (*spillFile, error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	return &spillFile{path: path, file: f, w: bufio.NewWriterSize(f, spillBuffer)}, nil
}

// Write adds p to the file.
func (s *spillFile) Write(p []byte) (int, error) {
	if err := s.open(); err != nil {
		return 0, err
	}
	return s.w.Write(p)
}

// rewind flushes what was written and returns a reader of the file from
// its start. Nothing is to be written after it.
func (s *spillFile) rewind() (*bufio.Reader, error) {
	if err := s.open(); err != nil {
		return nil, err
	}
	if err := s.w.Flush(); err != nil {
		return nil, err
	}
	if _, err := s.file.Seek(0, io.SeekStart); err != nil {
		return nil, err
	}
	return bufio.NewReaderSize(s.file, spillBuffer), nil
}

// open returns an error unless the file is open: for a use before
// createSpill or after remove.
func (s *spillFile) open() error {
	if s == nil {
		return errors.New("no spill file")
	} else if s.file == nil {
		return fmt.Errorf("%s: removed", s.path)
	}
	return nil
}

// name is the file's path, for errors.
func (s *spillFile) name() string { return s.path }

// remove closes and removes the file, if it is there; a nil or removed
// spill file is left as it is.
func (s *spillFile) remove() error {
	if s == nil || s.file == nil {
		return nil
	}
	s.file.Close()
	s.file, s.w = nil, nil
	if err := os.Remove(s.path); err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	return nil
}
