package index

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// decodeMeta decodes meta.json into a Meta as json.Unmarshal would, by
// hand. It exists for the time of a cold search, which is mostly the first
// run of code: json.Unmarshal into Meta took 0.45-0.6 ms of a one-search
// process, faulting in encoding/json's and reflect's code and type data (a
// second call took 14 µs), and a decoder over json.Decoder's tokens was no
// faster (its Token decodes each value by reflection). With decodeIndexMeta
// the two files took 44+1 µs of a cold search, not 534+17 µs (medians, a
// one-document index, load 1.0-1.5, 2026-12-02). It is stricter than
// json.Unmarshal (keys in their exact case, no key twice, no escapes or
// invalid UTF-8 in the strings it keeps, no negative counts or sizes,
// nesting limited) and skips, once checked, the values of keys it does not
// know, for what newer versions add; whatever it accepts, json.Unmarshal
// decodes the same (see FuzzDecodeMeta).
func decodeMeta(raw []byte) (Meta, error) {
	d := metaDecoder{b: raw}
	var m Meta
	keys := []string{"format", "segmenter", "built", "documents", "paragraphs", "tokens", "files", "exact_profiles"}
	_, err := d.object(keys, func(key string) error {
		switch key {
		case "format":
			return number(&d, &m.Format)
		case "segmenter":
			return d.string(&m.Segmenter)
		case "built":
			// time.Time decodes itself from the literal, as json.Unmarshal
			// has it do.
			d.space()
			start := d.i
			if err := d.skip(0); err != nil {
				return err
			}
			return m.Built.UnmarshalJSON(raw[start:d.i])
		case "documents":
			return number(&d, &m.Documents)
		case "paragraphs":
			return number(&d, &m.Paragraphs)
		case "tokens":
			return mapOf(&d, &m.Tokens, func(n *int) error { return number(&d, n) })
		case "files":
			return mapOf(&d, &m.Files, d.fileSum)
		default: // "exact_profiles"
			return d.bool(&m.ExactProfiles)
		}
	})
	if err := d.end(err); err != nil {
		return Meta{}, err
	}
	return m, nil
}

// decodeIndexMeta decodes index_meta.json as json.Unmarshal would, as
// decodeMeta does meta.json: the two are the only JSON a search reads, and
// the first use of json.Unmarshal costs the same whichever file it is.
// zhsearch writes no config (segments.go); one that has it, as bleve may
// write, is left to json.Unmarshal.
func decodeIndexMeta(raw []byte) (indexMeta, error) {
	d := metaDecoder{b: raw}
	var m indexMeta
	config := false
	_, err := d.object([]string{"storage", "index_type", "config"}, func(key string) error {
		switch key {
		case "storage":
			return d.string(&m.Storage)
		case "index_type":
			return d.string(&m.IndexType)
		default: // "config"
			config = true
			return d.skip(0)
		}
	})
	if err := d.end(err); err != nil {
		return indexMeta{}, err
	}
	if config {
		m = indexMeta{}
		err = json.Unmarshal(raw, &m)
	}
	return m, err
}

// end returns err, or an error if there is more than white space after
// the value read, with the offset it was found at.
func (d *metaDecoder) end(err error) error {
	if d.space(); err == nil && d.i < len(d.b) {
		err = errors.New("more after the object")
	}
	if err != nil {
		return fmt.Errorf("offset %d: %w", d.i, err)
	}
	return nil
}

// maxSkipDepth bounds the nesting of a skipped value, well within
// json.Unmarshal's limit.
const maxSkipDepth = 100

// A metaDecoder reads JSON from b, at i.
type metaDecoder struct {
	b []byte
	i int
}

// space skips white space.
func (d *metaDecoder) space() {
	for d.i < len(d.b) && (d.b[d.i] == ' ' || d.b[d.i] == '\t' || d.b[d.i] == '\n' || d.b[d.i] == '\r') {
		d.i++
	}
}

// next skips white space and returns the byte it reaches, or 0 at the end.
func (d *metaDecoder) next() byte {
	if d.space(); d.i < len(d.b) {
		return d.b[d.i]
	}
	return 0
}

// literal reads word if it is next.
func (d *metaDecoder) literal(word string) bool {
	if d.next() == word[0] && bytes.HasPrefix(d.b[d.i:], []byte(word)) {
		d.i += len(word)
		return true
	}
	return false
}

func (d *metaDecoder) expect(c byte) error {
	if d.next() != c {
		return fmt.Errorf("no %q", c)
	}
	d.i++
	return nil
}

// object reads an object, or null (isNull), calling value to read the
// value of each of its keys that is one of keys (or of every key, for nil
// keys: a map) and skipping the values of the others.
func (d *metaDecoder) object(keys []string, value func(key string) error) (isNull bool, err error) {
	if d.literal("null") {
		return true, nil
	}
	if err := d.expect('{'); err != nil {
		return false, err
	}
	if d.next() == '}' {
		d.i++
		return false, nil
	}
	var seen uint64 // of keys, by index
	for {
		key, err := d.plainString()
		if err != nil {
			return false, err
		}
		if err := d.expect(':'); err != nil {
			return false, err
		}
		if err := d.field(key, keys, &seen, value); err != nil {
			return false, fmt.Errorf("%q: %w", key, err)
		}
		if d.next() == '}' {
			d.i++
			return false, nil
		}
		if err := d.expect(','); err != nil {
			return false, err
		}
	}
}

// field reads the value of key with value if it is one of keys (or keys is
// nil), and skips it otherwise, unless json.Unmarshal would take it for one
// of keys in another case.
func (d *metaDecoder) field(key string, keys []string, seen *uint64, value func(key string) error) error {
	if keys == nil {
		return value(key)
	}
	for i, k := range keys {
		if key == k {
			if *seen&(1<<i) != 0 {
				return errors.New("twice")
			}
			*seen |= 1 << i
			return value(key)
		}
	}
	for _, k := range keys {
		if foldKey(key) == foldKey(k) {
			return fmt.Errorf("not in the case of %q", k)
		}
	}
	return d.skip(0)
}

// foldKey folds a key as json.Unmarshal does to match it to a field in
// another case.
func foldKey(key string) string {
	return strings.Map(func(r rune) rune { return unicode.ToUpper(unicode.ToLower(r)) }, key)
}

// skip reads a JSON value, at the given depth of nesting, checking it as
// json.Unmarshal does.
func (d *metaDecoder) skip(depth int) error {
	if depth > maxSkipDepth {
		return errors.New("nested too deep")
	}
	switch c := d.next(); {
	case c == '{' || c == '[':
		d.i++
		end := byte(']')
		if c == '{' {
			end = '}'
		}
		if d.next() == end {
			d.i++
			return nil
		}
		for {
			if c == '{' {
				if err := d.skipString(); err != nil {
					return err
				}
				if err := d.expect(':'); err != nil {
					return err
				}
			}
			if err := d.skip(depth + 1); err != nil {
				return err
			}
			if d.next() == end {
				d.i++
				return nil
			}
			if err := d.expect(','); err != nil {
				return err
			}
		}
	case c == '"':
		return d.skipString()
	case c == '-' || '0' <= c && c <= '9':
		return d.skipNumber()
	case d.literal("true") || d.literal("false") || d.literal("null"):
		return nil
	}
	return errors.New("no JSON value")
}

// skipString reads a string, checking its escapes.
func (d *metaDecoder) skipString() error {
	if err := d.expect('"'); err != nil {
		return err
	}
	for ; d.i < len(d.b); d.i++ {
		switch c := d.b[d.i]; {
		case c == '"':
			d.i++
			return nil
		case c < ' ':
			return errors.New("control character in a string")
		case c == '\\':
			d.i++
			if d.i < len(d.b) && strings.IndexByte(`"\/bfnrt`, d.b[d.i]) >= 0 {
				continue
			}
			if d.i+4 < len(d.b) && d.b[d.i] == 'u' && isHex(d.b[d.i+1:d.i+5]) {
				d.i += 4
				continue
			}
			return errors.New("bad escape in a string")
		}
	}
	return errors.New("unfinished string")
}

func isHex(b []byte) bool {
	for _, c := range b {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}

// skipNumber reads a number: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
func (d *metaDecoder) skipNumber() error {
	if d.i < len(d.b) && d.b[d.i] == '-' {
		d.i++
	}
	if d.i < len(d.b) && d.b[d.i] == '0' {
		d.i++
	} else if !d.digits() {
		return errors.New("bad number")
	}
	if d.i < len(d.b) && d.b[d.i] == '.' {
		d.i++
		if !d.digits() {
			return errors.New("bad number")
		}
	}
	if d.i < len(d.b) && (d.b[d.i] == 'e' || d.b[d.i] == 'E') {
		d.i++
		if d.i < len(d.b) && (d.b[d.i] == '+' || d.b[d.i] == '-') {
			d.i++
		}
		if !d.digits() {
			return errors.New("bad number")
		}
	}
	return nil
}

// digits reads one or more digits.
func (d *metaDecoder) digits() bool {
	start := d.i
	for d.i < len(d.b) && '0' <= d.b[d.i] && d.b[d.i] <= '9' {
		d.i++
	}
	return d.i > start
}

func (d *metaDecoder) fileSum(s *FileSum) error {
	_, err := d.object([]string{"size", "crc32c", "ends"}, func(key string) error {
		switch key {
		case "size":
			return number(d, &s.Size)
		case "crc32c":
			return number(d, &s.CRC)
		default: // "ends"
			return number(d, &s.Ends)
		}
	})
	return err
}

// mapOf reads an object into a new map, with elem reading each value; a
// null value is the zero value, a null object a nil map, as json.Unmarshal
// has them.
func mapOf[V any](d *metaDecoder, m *map[string]V, elem func(*V) error) error {
	out := map[string]V{}
	isNull, err := d.object(nil, func(key string) error {
		if _, ok := out[key]; ok {
			return errors.New("twice")
		}
		var v V
		err := elem(&v)
		out[key] = v
		return err
	})
	if err == nil && !isNull {
		*m = out
	}
	return err
}

// number reads a non-negative integer that fits in *n; null leaves *n as
// it is.
func number[T int | int64 | uint32](d *metaDecoder, n *T) error {
	if d.literal("null") {
		return nil
	}
	start := d.i
	if err := d.skipNumber(); err != nil {
		return err
	}
	u, err := strconv.ParseUint(string(d.b[start:d.i]), 10, 63)
	if err != nil || uint64(T(u)) != u {
		return fmt.Errorf("%s is not a count of %T", d.b[start:d.i], *n)
	}
	*n = T(u)
	return nil
}

// string reads a plainString into *s; null leaves *s as it is.
func (d *metaDecoder) string(s *string) (err error) {
	if !d.literal("null") {
		*s, err = d.plainString()
	}
	return err
}

// plainString reads a string without escapes, of valid UTF-8, so that it
// is what json.Unmarshal would make of it.
func (d *metaDecoder) plainString() (string, error) {
	d.space()
	start := d.i
	if err := d.skipString(); err != nil {
		return "", err
	}
	v := d.b[start+1 : d.i-1]
	if bytes.IndexByte(v, '\\') >= 0 || !utf8.Valid(v) {
		return "", errors.New("escape or invalid UTF-8 in a string")
	}
	return string(v), nil
}

func (d *metaDecoder) bool(b *bool) error {
	switch {
	case d.literal("true"):
		*b = true
	case d.literal("false"):
		*b = false
	case !d.literal("null"):
		return errors.New("no true or false")
	}
	return nil
}
