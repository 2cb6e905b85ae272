package index

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"sync/atomic"
)

// The tables a search maps and reads a few entries of (the place table
// and its path table, rarity.bin, similar.bin) are checked by blocks as
// they are read, not whole when they are opened: a check of the whole
// file would read (and keep resident) every page of a table that grows
// with the corpus, the larger part of a rare keyword's search on a large
// index. Each ends with a CRC-32C of each tableBlock bytes of its body
// (the last block shorter) and then a CRC-32C of its header and of those
// block checksums:
//
//	header | body | a uint32 per block of the body | uint32 trailer
//
// The header and the block checksums are checked, by the trailer, when
// the table is opened, each block the first time a read touches it; a
// [Live] checks every block before it switches to a generation (see
// checkTables). [Index.Verify] and updates check the whole file against
// the build record, as for every other file.
const tableBlock = 4 << 10

// A blockTable is a table's bytes, its blocks checked as they are read.
// It is safe for concurrent use: a block may be checked twice at once,
// never used unchecked.
type blockTable struct {
	data    []byte // the whole file
	body    int    // where the body starts
	sums    int    // where the body ends and its block checksums start
	checked []atomic.Bool
}

// openBlockTable checks that data, a table with a header of header bytes
// and a body of body bytes, has its block checksums and trailer, and that
// the trailer is the checksum of the header and of those.
func openBlockTable(data []byte, header, body uint64) (*blockTable, error) {
	if uint64(len(data)) != sealedSize(header, body) {
		return nil, fmt.Errorf("%d bytes for a header of %d and a body of %d", len(data), header, body)
	}
	sums := header + body
	if tableTrailer(data[:header], data[sums:len(data)-4]) != binary.LittleEndian.Uint32(data[len(data)-4:]) {
		return nil, errors.New("checksum mismatch in the header or the block checksums")
	}
	blocks := (body + tableBlock - 1) / tableBlock
	return &blockTable{data: data, body: int(header), sums: int(sums), checked: make([]atomic.Bool, blocks)}, nil
}

// sealedSize is the size of a table with a header of header bytes and a
// body of body bytes, once its block checksums and trailer follow them.
func sealedSize(header, body uint64) uint64 {
	return header + body + 4*((body+tableBlock-1)/tableBlock) + 4
}

// check verifies the blocks that the bytes of the file from from to to
// (within its body) touch, once each; an empty range touches none.
func (t *blockTable) check(from, to int) error {
	if from >= to {
		return nil
	}
	for b := (from - t.body) / tableBlock; b <= (to-1-t.body)/tableBlock; b++ {
		if t.checked[b].Load() {
			continue
		}
		start := t.body + b*tableBlock
		if crc(t.data[start:min(start+tableBlock, t.sums)]) != binary.LittleEndian.Uint32(t.data[t.sums+4*b:]) {
			return fmt.Errorf("checksum mismatch in block %d", b)
		}
		t.checked[b].Store(true)
	}
	return nil
}

// checkAll checks every block of the body not yet checked.
func (t *blockTable) checkAll() error { return t.check(t.body, t.sums) }

// checkTables checks every block of the index's tables that are checked
// by blocks as they are read (the place and path tables, rarity.bin,
// similar.bin), and so marks them all checked. A [Live] does this before
// it answers from a generation: opening checks only those tables'
// trailers (each the checksum of a header and block checksums), and a
// damaged block found by a search would fail every later search of the
// generation (see [Index.Damage]), where a generation that fails here is
// reported and the one the Live has keeps answering. A one-shot search
// does not pay for it.
func (ix *Index) checkTables() error {
	similar, err := ix.similar()
	if err != nil {
		return err
	}
	for _, t := range []struct {
		file   string
		blocks *blockTable
	}{
		{placesFile, ix.places.blocks},
		{sectionsFile, ix.places.paths.blocks},
		{rarityFile, ix.rarity.blocks},
		{similarFile, similar.blocks},
	} {
		if err := t.blocks.checkAll(); err != nil {
			return damaged(ix.genPath(t.file), err)
		}
	}
	return nil
}

// appendBlockSums appends to sums the checksums of the blocks of body,
// which starts a block.
func appendBlockSums(sums, body []byte) []byte {
	for len(body) > 0 {
		block := body[:min(len(body), tableBlock)]
		sums = binary.LittleEndian.AppendUint32(sums, crc(block))
		body = body[len(block):]
	}
	return sums
}

// tableTrailer is the last uint32 of a table whose header is header and
// whose block checksums are sums.
func tableTrailer(header, sums []byte) uint32 {
	return crc32.Update(crc(header), castagnoli, sums)
}

// sealTable appends to out, a table's header of header bytes and its body,
// its block checksums and trailer.
func sealTable(out []byte, header int) []byte {
	end := len(out)
	out = appendBlockSums(out, out[header:end])
	return binary.LittleEndian.AppendUint32(out, tableTrailer(out[:header], out[end:]))
}

// A tableFile is a table written straight into its file rather than in
// memory: its body's bytes go to their offsets in any order, through a
// buffer that gathers a run of consecutive ones into one write, and then
// one pass over the body, in order, finishes each piece of it (see seal)
// and sums its blocks. The place table, 24 bytes a paragraph, was the
// largest allocation of a build's end, with the collector's headroom as
// much again: its memory grew with the corpus. Not safe for concurrent use.
type tableFile struct {
	f      *os.File
	header int64  // where the body starts
	body   int64  // its size
	run    []byte // bytes to be written at at, in the body
	at     int64
}

// createTableFile creates the file at path for a table with a header of
// header bytes and a body of body bytes, the body unwritten (zero bytes),
// with a buffer of buffer bytes for runs of writes.
func createTableFile(path string, header, body int64, buffer int) (*tableFile, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return nil, err
	}
	t := &tableFile{f: f, header: header, body: body, run: make([]byte, 0, max(min(int64(buffer), body), 1))}
	if err := f.Truncate(int64(sealedSize(uint64(header), uint64(body)))); err != nil {
		f.Close()
		return nil, err
	}
	return t, nil
}

// write puts p at offset at of the body.
func (t *tableFile) write(at int64, p []byte) error {
	if at < 0 || at+int64(len(p)) > t.body {
		return fmt.Errorf("%d bytes at %d of a body of %d", len(p), at, t.body)
	}
	if len(t.run) > 0 && (at != t.at+int64(len(t.run)) || len(t.run)+len(p) > cap(t.run)) {
		if err := t.flush(); err != nil {
			return err
		}
	}
	if len(t.run) == 0 {
		t.at = at
	}
	if len(p) > cap(t.run) {
		_, err := t.f.WriteAt(p, t.header+at)
		return err
	}
	t.run = append(t.run, p...)
	return nil
}

func (t *tableFile) flush() error {
	if len(t.run) == 0 {
		return nil
	}
	_, err := t.f.WriteAt(t.run, t.header+t.at)
	t.run = t.run[:0]
	return err
}

// seal reads the body back in order, chunk bytes at a time (a multiple of
// tableBlock), lets finish change each piece (at is its offset in the body)
// before it writes it back and sums its blocks, then writes the header
// that head returns, once every piece is finished, the block checksums and
// the trailer, and closes the file.
func (t *tableFile) seal(chunk int, finish func(at int64, b []byte) error, head func() []byte) (err error) {
	defer func() {
		if cerr := t.f.Close(); err == nil {
			err = cerr
		}
	}()
	if chunk <= 0 || chunk%tableBlock != 0 {
		return fmt.Errorf("pieces of %d bytes are not whole blocks", chunk)
	}
	if err := t.flush(); err != nil {
		return err
	}
	sums := make([]byte, 0, sealedSize(0, uint64(t.body))-4)
	buf := make([]byte, min(int64(chunk), t.body))
	for at := int64(0); at < t.body; at += int64(len(buf)) {
		b := buf[:min(int64(len(buf)), t.body-at)]
		if _, err := t.f.ReadAt(b, t.header+at); err != nil {
			if err == io.EOF {
				err = io.ErrUnexpectedEOF
			}
			return err
		}
		if err := finish(at, b); err != nil {
			return err
		}
		if _, err := t.f.WriteAt(b, t.header+at); err != nil {
			return err
		}
		sums = appendBlockSums(sums, b)
	}
	header := head()
	if int64(len(header)) != t.header {
		return fmt.Errorf("a header of %d bytes, not %d", len(header), t.header)
	}
	tail := binary.LittleEndian.AppendUint32(sums, tableTrailer(header, sums))
	if _, err := t.f.WriteAt(header, 0); err != nil {
		return err
	}
	_, err = t.f.WriteAt(tail, t.header+t.body)
	return err
}

// close closes the file of a table abandoned before seal; the file is
// left, in the generation that the failed build removes. Deferred, it runs
// after seal's close too, whose error seal has returned.
func (t *tableFile) close() { t.f.Close() }

// A damageLog keeps the first damage that reads of an index's place table
// found where they answer without an error ([Places.Lookup],
// [FieldLengths.Of]): they answer as if the entry were not there, and a
// search asks [Index.Damage] once it has read its hits, so that a hit
// dropped for damage is an error, not a silently shorter answer.
type damageLog struct {
	first atomic.Pointer[error]
}

func (l *damageLog) record(err error) { l.first.CompareAndSwap(nil, &err) }

func (l *damageLog) err() error {
	if err := l.first.Load(); err != nil {
		return *err
	}
	return nil
}

// Damage returns the damage that reads of the index's place table have
// found, an [ErrDamaged] naming the file, or nil. Those reads answer
// without an error: a damaged entry reads as a paragraph that is not
// there ([Places.Lookup] false, [FieldLengths.Of] 0). A search asks once
// it has read its hits, and fails with the damage rather than answer
// short. The damage is kept: once a search has found some, every later
// search of this open index fails too, until a rebuild replaces the
// generation (a [Live] moves on with the next good generation an update
// makes).
func (ix *Index) Damage() error { return ix.damage.err() }
