package index

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode"
)

// decodeMeta decodes meta.json into a Meta as json.Unmarshal would, from
// the tokens of a json.Decoder. It exists for the time of a cold search:
// json.Unmarshal into Meta spent 0.45-0.6 ms of a one-search process
// setting up its reflection on first use, the whole of it for a 1 KB file
// (a second call took 14 µs). It is stricter than json.Unmarshal (keys in
// their exact case, no key twice, no negative counts or sizes, nesting
// limited), and skips keys it does not know, whatever their values, for
// what newer versions add; whatever it accepts, json.Unmarshal decodes the
// same (see FuzzDecodeMeta).
func decodeMeta(raw []byte) (Meta, error) {
	d := metaDecoder{raw: raw, dec: json.NewDecoder(bytes.NewReader(raw))}
	d.dec.UseNumber()
	var m Meta
	keys := []string{"format", "segmenter", "built", "documents", "paragraphs", "tokens", "files", "exact_profiles"}
	_, err := d.object(keys, func(key string) error {
		switch key {
		case "format":
			return number(&d, &m.Format)
		case "segmenter":
			return d.string(&m.Segmenter)
		case "built":
			// time.Time decodes itself from the literal, escapes and all,
			// as json.Unmarshal has it do.
			start := d.dec.InputOffset()
			tok, err := d.dec.Token()
			if err != nil || tok == nil {
				return err
			}
			if _, ok := tok.(string); !ok {
				return mismatch(tok, "a time")
			}
			lit := bytes.TrimLeft(raw[start:d.dec.InputOffset()], " \t\r\n:")
			return m.Built.UnmarshalJSON(lit)
		case "documents":
			return number(&d, &m.Documents)
		case "paragraphs":
			return number(&d, &m.Paragraphs)
		case "tokens":
			return mapOf(&d, &m.Tokens, func(n *int) error { return number(&d, n) })
		case "files":
			return mapOf(&d, &m.Files, d.fileSum)
		case "exact_profiles":
			return d.bool(&m.ExactProfiles)
		}
		return nil
	})
	if err == nil {
		if _, err = d.dec.Token(); err == io.EOF {
			return m, nil
		} else if err == nil {
			err = errors.New("more after the object")
		}
	}
	if err == io.EOF {
		err = io.ErrUnexpectedEOF
	}
	return Meta{}, err
}

// maxSkipDepth bounds the nesting of a skipped value, well within
// json.Unmarshal's limit.
const maxSkipDepth = 100

type metaDecoder struct {
	raw []byte
	dec *json.Decoder
}

// object reads an object, or null (isNull), calling value to read the
// value of each of its keys that is one of keys (or of every key, for nil
// keys: a map) and skipping the values of the others.
func (d *metaDecoder) object(keys []string, value func(key string) error) (isNull bool, err error) {
	tok, err := d.dec.Token()
	if err != nil || tok == nil {
		return tok == nil && err == nil, err
	}
	if tok != json.Delim('{') {
		return false, mismatch(tok, "an object")
	}
	seen := map[string]bool{}
	for d.dec.More() {
		tok, err := d.dec.Token()
		if err != nil {
			return false, err
		}
		key, _ := tok.(string) // Token returns only strings for keys
		if seen[key] {
			return false, fmt.Errorf("key %q twice", key)
		}
		seen[key] = true
		if err := d.field(key, keys, value); err != nil {
			return false, fmt.Errorf("%q: %w", key, err)
		}
	}
	if tok, err = d.dec.Token(); err == nil && tok != json.Delim('}') {
		err = mismatch(tok, "the end of an object")
	}
	return false, err
}

// field reads the value of key with value if it is one of keys (or keys is
// nil), and skips it otherwise, unless json.Unmarshal would take it for one
// of keys in another case.
func (d *metaDecoder) field(key string, keys []string, value func(key string) error) error {
	if keys == nil {
		return value(key)
	}
	folded := foldKey(key)
	for _, k := range keys {
		if key == k {
			return value(key)
		}
		if folded == foldKey(k) {
			return fmt.Errorf("not in the case of %q", k)
		}
	}
	for depth := 0; ; {
		tok, err := d.dec.Token()
		if err != nil {
			return err
		}
		switch tok {
		case json.Delim('{'), json.Delim('['):
			if depth++; depth > maxSkipDepth {
				return errors.New("nested too deep")
			}
		case json.Delim('}'), json.Delim(']'):
			depth--
		}
		if depth == 0 {
			return nil
		}
	}
}

// foldKey folds a key as json.Unmarshal does to match it to a field in
// another case.
func foldKey(key string) string {
	return strings.Map(func(r rune) rune { return unicode.ToUpper(unicode.ToLower(r)) }, key)
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
	tok, err := d.dec.Token()
	if err != nil || tok == nil {
		return err
	}
	num, ok := tok.(json.Number)
	if !ok {
		return mismatch(tok, "a number")
	}
	u, err := strconv.ParseUint(string(num), 10, 63)
	if err != nil || uint64(T(u)) != u {
		return fmt.Errorf("%s is not a count of %T", num, *n)
	}
	*n = T(u)
	return nil
}

func (d *metaDecoder) string(s *string) error {
	tok, err := d.dec.Token()
	if err != nil || tok == nil {
		return err
	}
	v, ok := tok.(string)
	if !ok {
		return mismatch(tok, "a string")
	}
	*s = v
	return nil
}

func (d *metaDecoder) bool(b *bool) error {
	tok, err := d.dec.Token()
	if err != nil || tok == nil {
		return err
	}
	v, ok := tok.(bool)
	if !ok {
		return mismatch(tok, "true or false")
	}
	*b = v
	return nil
}

func mismatch(tok json.Token, want string) error {
	return fmt.Errorf("%v where %s belongs", tok, want)
}
