package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"unicode/utf8"
)

// jsonWriter writes JSON Lines. encoding/json escapes C0 controls, U+2028
// and U+2029, but writes DEL, the C1 controls and the bidi controls as they
// are: valid JSON, yet acted on by a terminal that `zhsearch ... --json` or
// `| jq` prints to. They are written as \u escapes too, which every JSON
// reader decodes to the same string. (Bytes that are not UTF-8, which only
// file names hold, become U+FFFD: JSON strings cannot carry them.)
type jsonWriter struct {
	w   io.Writer
	buf bytes.Buffer
	enc *json.Encoder
}

func newJSONWriter(w io.Writer) *jsonWriter {
	j := &jsonWriter{w: w}
	j.enc = json.NewEncoder(&j.buf)
	j.enc.SetEscapeHTML(false)
	return j
}

// Encode writes v as one line.
func (j *jsonWriter) Encode(v any) error {
	j.buf.Reset()
	if err := j.enc.Encode(v); err != nil {
		return err
	}
	out := j.buf.Bytes()
	if bytes.IndexFunc(out, jsonUnsafe) >= 0 {
		// Every such rune is inside a string: the JSON syntax around
		// them is ASCII.
		var b bytes.Buffer
		for len(out) > 0 {
			r, n := utf8.DecodeRune(out)
			if jsonUnsafe(r) {
				fmt.Fprintf(&b, `\u%04x`, r)
			} else {
				b.Write(out[:n])
			}
			out = out[n:]
		}
		out = b.Bytes()
	}
	_, err := j.w.Write(out)
	return err
}

// jsonUnsafe reports whether encoding/json leaves r unescaped although a
// terminal would act on it. (It escapes C0 itself; the newline that ends a
// line is not in a string.)
func jsonUnsafe(r rune) bool { return r >= 0x7f && unsafeRune(r) }
