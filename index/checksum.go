package index

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Every file of a generation but meta.json carries a CRC-32C (Castagnoli,
// which CPUs compute in hardware: several GB/s, so the cost is the read)
// in the build record, meta.json; meta.json's own is in CURRENT beside the
// generation's name. Small files are verified whole when they are read.
// Segment files (.zap), which searches map and touch a few pages of, are
// checked on open by size and a CRC of their first and last endBytes,
// where zap keeps its footer and the start of its stored section, as
// Lucene's codec footers are; they are verified whole by [Index.Verify]
// (zhsearch check) and by an update before it builds on them. Stored
// paragraph text, read for the hits shown, carries its own CRC in the place
// table (see [Index.Paragraph]).

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// endBytes is how much of each end of a segment file is checked on open.
const endBytes = 4 << 10

// A FileSum is the size and checksums of one file of a generation.
type FileSum struct {
	Size int64  `json:"size"`
	CRC  uint32 `json:"crc32c"`         // of the whole file
	Ends uint32 `json:"ends,omitempty"` // of its first and last endBytes, for segment files
}

// checkedOnOpen reports whether a file is checked by size and ends only
// when an index is opened (segment files), rather than read whole.
func checkedOnOpen(name string) bool { return strings.HasSuffix(name, ".zap") }

// damaged is the error for a damaged file of an index: one line that names
// it.
func damaged(path string, why any) error {
	return fmt.Errorf("%w: %s: %v", ErrDamaged, path, why)
}

// readError says why a file of an index could not be read, without
// repeating its path.
func readError(err error) string {
	msg, _, _ := strings.Cut(unwrapPathError(err).Error(), "\n")
	return msg
}

func crc(data []byte) uint32 { return crc32.Checksum(data, castagnoli) }

// sumFile computes the checksums of a file.
func sumFile(path string) (FileSum, error) {
	f, err := os.Open(path)
	if err != nil {
		return FileSum{}, err
	}
	defer f.Close()
	n, sum, err := sumReader(f, make([]byte, 32<<10))
	if err != nil {
		return FileSum{}, err
	}
	s := FileSum{Size: n, CRC: sum}
	if checkedOnOpen(path) {
		if s.Ends, err = endsSum(f, n, make([]byte, 2*endBytes)); err != nil {
			return FileSum{}, err
		}
	}
	return s, nil
}

// endsSum is the CRC-32C of the first and last endBytes of a file of size
// bytes (the whole file when it is shorter than both), read into buf, of
// 2*endBytes.
func endsSum(f *os.File, size int64, buf []byte) (uint32, error) {
	if size <= 2*endBytes {
		buf = buf[:size]
		if _, err := f.ReadAt(buf, 0); err != nil {
			return 0, err
		}
		return crc(buf), nil
	}
	buf = buf[:2*endBytes]
	if _, err := f.ReadAt(buf[:endBytes], 0); err != nil {
		return 0, err
	}
	if _, err := f.ReadAt(buf[endBytes:], size-endBytes); err != nil {
		return 0, err
	}
	return crc(buf), nil
}

// sumGeneration computes the checksums of every file in genDir but the
// build record and the reader lock. Segment files named in reuse with the
// same size are hard links of the verified live generation's and keep their
// sums there: scorch never rewrites a segment file.
func sumGeneration(genDir string, reuse map[string]FileSum) (map[string]FileSum, error) {
	sums := map[string]FileSum{}
	err := filepath.WalkDir(genDir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(genDir, path)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		if rel == metaFile || rel == readersFile {
			return nil
		}
		if old, ok := reuse[rel]; ok && checkedOnOpen(rel) {
			if st, err := d.Info(); err == nil && st.Size() == old.Size {
				sums[rel] = old
				return nil
			}
		}
		s, err := sumFile(path)
		if err != nil {
			return err
		}
		sums[rel] = s
		return nil
	})
	return sums, err
}

// verifyOnOpen checks the files of a generation that bleve opens: every
// file listed must be there with its size, segment files must have the
// checksum of their ends, and the others (bleve's bolt file and metadata)
// their whole checksum. titles.txt, docs.json.gz and signatures.bin are
// checked when read; places.bin, sections.bin, rarity.bin and similar.bin
// by blocks as they are read (see blockTable).
func verifyOnOpen(genDir string, files map[string]FileSum) error {
	// One buffer for every file: bleve reads these files itself, so a
	// search keeps none of their bytes. (Read whole, the bolt file alone
	// was 64 KiB of heap that a search kept to its end, as it collects no
	// garbage: a fifth of what a search on the speech touched more than
	// the lean bleve program.)
	buf := make([]byte, 2*endBytes)
	for _, name := range sortedNames(files) {
		want := files[name]
		if name == titlesFile || name == docsFile || name == placesFile || name == sectionsFile || name == similarFile || name == signaturesFile || name == rarityFile {
			continue
		}
		path := filepath.Join(genDir, filepath.FromSlash(name))
		if !checkedOnOpen(name) {
			if err := checkWhole(path, want, buf); err != nil {
				return err
			}
			continue
		}
		f, err := os.Open(path)
		if err != nil {
			return damaged(path, readError(err))
		}
		st, err := f.Stat()
		if err == nil && st.Size() != want.Size {
			err = fmt.Errorf("%d bytes, the build record says %d", st.Size(), want.Size)
		}
		if err == nil {
			var ends uint32
			if ends, err = endsSum(f, want.Size, buf); err == nil && ends != want.Ends {
				err = errors.New("checksum mismatch")
			}
		}
		f.Close()
		if err != nil {
			return damaged(path, readError(err))
		}
	}
	return nil
}

// verifyAll checks every file of a generation whole.
func verifyAll(genDir string, files map[string]FileSum) error {
	buf := make([]byte, 32<<10)
	for _, name := range sortedNames(files) {
		if err := checkWhole(filepath.Join(genDir, filepath.FromSlash(name)), files[name], buf); err != nil {
			return err
		}
	}
	return nil
}

// checkWhole reads a file of a generation through buf and checks it whole.
func checkWhole(path string, want FileSum, buf []byte) error {
	f, err := os.Open(path)
	if err != nil {
		return damaged(path, readError(err))
	}
	defer f.Close()
	size, sum, err := sumReader(f, buf)
	if err != nil {
		return damaged(path, readError(err))
	}
	if err := compareSum(size, sum, want); err != nil {
		return damaged(path, err)
	}
	return nil
}

// sumReader reads r to its end through buf and returns the size and
// CRC-32C of what it read.
func sumReader(r io.Reader, buf []byte) (int64, uint32, error) {
	var size int64
	var sum uint32
	for {
		n, err := r.Read(buf)
		sum = crc32.Update(sum, castagnoli, buf[:n])
		size += int64(n)
		if err == io.EOF {
			return size, sum, nil
		}
		if err != nil {
			return size, sum, err
		}
	}
}

// readVerified reads a file of a generation whole and checks it.
func readVerified(path string, want FileSum) ([]byte, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, damaged(path, readError(err))
	}
	if err := compareSum(int64(len(data)), crc(data), want); err != nil {
		return nil, damaged(path, err)
	}
	return data, nil
}

func compareSum(size int64, sum uint32, want FileSum) error {
	if size != want.Size {
		return fmt.Errorf("%d bytes, the build record says %d", size, want.Size)
	}
	if sum != want.CRC {
		return errors.New("checksum mismatch")
	}
	return nil
}

func sortedNames(files map[string]FileSum) []string {
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// paragraphSum is the checksum of a paragraph's ID, stored text, heading
// path and kind (see kind.code), kept in the place table.
func paragraphSum(id, text, section, kind []byte) uint32 {
	var sep [4]byte
	h := crc32.Update(0, castagnoli, id)
	for _, field := range [][]byte{text, section, kind} {
		binary.LittleEndian.PutUint32(sep[:], uint32(len(field)))
		h = crc32.Update(h, castagnoli, sep[:])
		h = crc32.Update(h, castagnoli, field)
	}
	return h
}

// A VerifyReport says what [Index.Verify] read.
type VerifyReport struct {
	Files int
	Bytes int64
}

// Verify reads every file of the index's generation whole and checks it
// against the build record: the full check that opening does only in part
// for segment files. Damage is ErrDamaged naming the file.
func (ix *Index) Verify() (VerifyReport, error) {
	var rep VerifyReport
	if err := verifyAll(filepath.Join(ix.dir, ix.gen), ix.meta.Files); err != nil {
		return rep, err
	}
	for _, s := range ix.meta.Files {
		rep.Files++
		rep.Bytes += s.Size
	}
	rep.Files++ // meta.json, checked against CURRENT on open
	return rep, nil
}
