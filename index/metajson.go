package index

import (
	"bytes"
	"encoding/json"
	"strconv"
	"unicode/utf8"
)

// decodeMeta decodes meta.json as json.Unmarshal does. The first
// json.Unmarshal of a process faults in encoding/json's and reflect's code
// and builds its decoders: 0.5 ms of a search on a small index, whose cold
// search is mostly the process starting. So meta.json as zhsearch writes it
// is read by fastMeta, and anything else (an escape, a key it does not know,
// a null) by json.Unmarshal, which decides.
func decodeMeta(raw []byte) (Meta, error) {
	if m, ok := fastMeta(raw); ok {
		return m, nil
	}
	var m Meta
	err := json.Unmarshal(raw, &m)
	return m, err
}

// indexMetaJSON is the index_meta.json of every generation, as
// segmentWriter.finish writes it.
const indexMetaJSON = `{"storage":"scorch","index_type":"scorch"}`

// decodeIndexMeta decodes index_meta.json as json.Unmarshal does, without
// it for the one zhsearch writes (see decodeMeta).
func decodeIndexMeta(raw []byte) (indexMeta, error) {
	var m indexMeta
	if bytes.Equal(raw, []byte(indexMetaJSON)) {
		return indexMeta{Storage: "scorch", IndexType: "scorch"}, nil
	}
	err := json.Unmarshal(raw, &m)
	return m, err
}

// fastMeta reads a meta.json that holds Meta's keys, each once in its own
// case, strings without escapes, and whole numbers; ok is false for any
// other input, which it leaves to json.Unmarshal. Whatever it reads,
// json.Unmarshal reads the same (FuzzDecodeMeta).
func fastMeta(raw []byte) (m Meta, ok bool) {
	r := jsonReader{b: raw}
	ok = r.object(func(key string) bool {
		switch key {
		case "format":
			return r.int(&m.Format)
		case "segmenter":
			return r.string(&m.Segmenter)
		case "built": // a time decodes itself from its quoted text
			r.space()
			start := r.i
			var s string
			return r.string(&s) && m.Built.UnmarshalJSON(raw[start:r.i]) == nil
		case "documents":
			return r.int(&m.Documents)
		case "paragraphs":
			return r.int(&m.Paragraphs)
		case "tokens":
			m.Tokens = map[string]int{}
			return r.object(func(k string) bool {
				var n int
				ok := r.int(&n)
				m.Tokens[k] = n
				return ok
			})
		case "files":
			m.Files = map[string]FileSum{}
			return r.object(func(k string) bool {
				sum, ok := r.fileSum()
				m.Files[k] = sum
				return ok
			})
		case "exact_profiles":
			return r.bool(&m.ExactProfiles)
		}
		return false
	}) && r.end()
	return m, ok
}

// fileSum reads a FileSum's object.
func (r *jsonReader) fileSum() (s FileSum, ok bool) {
	ok = r.object(func(key string) bool {
		switch key {
		case "size":
			return r.int64(&s.Size)
		case "crc32c":
			return r.uint32(&s.CRC)
		case "ends":
			return r.uint32(&s.Ends)
		}
		return false
	})
	return s, ok
}

// A jsonReader reads the JSON fastMeta knows, at b[i:]. Its methods report
// whether what stands there is what they read.
type jsonReader struct {
	b []byte
	i int
}

func (r *jsonReader) space() {
	for r.i < len(r.b) && (r.b[r.i] == ' ' || r.b[r.i] == '\t' || r.b[r.i] == '\n' || r.b[r.i] == '\r') {
		r.i++
	}
}

func (r *jsonReader) byte(c byte) bool {
	r.space()
	if r.i < len(r.b) && r.b[r.i] == c {
		r.i++
		return true
	}
	return false
}

// end reports whether nothing but space is left.
func (r *jsonReader) end() bool {
	r.space()
	return r.i == len(r.b)
}

// object reads an object whose keys each stand once, calling member with
// each key with the reader at its value. (json.Unmarshal lets a later
// value of a key override an earlier one, or add to it: left to it.)
func (r *jsonReader) object(member func(key string) bool) bool {
	if !r.byte('{') {
		return false
	}
	if r.byte('}') {
		return true
	}
	seen := map[string]bool{}
	for {
		var key string
		if !r.string(&key) || seen[key] || !r.byte(':') || !member(key) {
			return false
		}
		seen[key] = true
		if r.byte('}') {
			return true
		}
		if !r.byte(',') {
			return false
		}
	}
}

// string reads a string without escapes, of valid UTF-8.
func (r *jsonReader) string(s *string) bool {
	if !r.byte('"') {
		return false
	}
	start := r.i
	for r.i < len(r.b) {
		switch c := r.b[r.i]; {
		case c == '"':
			*s = string(r.b[start:r.i])
			r.i++
			return utf8.ValidString(*s)
		case c == '\\' || c < 0x20:
			return false
		}
		r.i++
	}
	return false
}

// digits reads a whole number without sign or leading zeros, as JSON
// writes one, that fits bits bits.
func (r *jsonReader) digits(bits int) (uint64, bool) {
	r.space()
	start := r.i
	for r.i < len(r.b) && '0' <= r.b[r.i] && r.b[r.i] <= '9' {
		r.i++
	}
	if r.i == start || (r.b[start] == '0' && r.i-start > 1) {
		return 0, false
	}
	if r.i < len(r.b) && (r.b[r.i] == '.' || r.b[r.i] == 'e' || r.b[r.i] == 'E') {
		return 0, false
	}
	n, err := strconv.ParseUint(string(r.b[start:r.i]), 10, bits)
	return n, err == nil
}

// int reads a non-negative int (counts, which fit 63 bits wherever int has
// 64; on 32-bit systems, 31).
func (r *jsonReader) int(n *int) bool {
	v, ok := r.digits(strconv.IntSize - 1)
	*n = int(v)
	return ok
}

func (r *jsonReader) int64(n *int64) bool {
	v, ok := r.digits(63)
	*n = int64(v)
	return ok
}

func (r *jsonReader) uint32(n *uint32) bool {
	v, ok := r.digits(32)
	*n = uint32(v)
	return ok
}

func (r *jsonReader) bool(b *bool) bool {
	r.space()
	for _, lit := range []string{"true", "false"} {
		if bytes.HasPrefix(r.b[r.i:], []byte(lit)) {
			r.i += len(lit)
			*b = lit == "true"
			return true
		}
	}
	return false
}
