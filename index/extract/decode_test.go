package extract

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/text/encoding/simplifiedchinese"
)

func encodeGB18030(t testing.TB, s string) []byte {
	t.Helper()
	b, err := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatalf("encoding %q as GB18030: %v", s, err)
	}
	return b
}

func encodeUTF16(s string, bigEndian bool) []byte {
	b := []byte{0xFF, 0xFE}
	if bigEndian {
		b = []byte{0xFE, 0xFF}
	}
	for _, u := range utf16.Encode([]rune(s)) {
		if bigEndian {
			b = append(b, byte(u>>8), byte(u))
		} else {
			b = append(b, byte(u), byte(u>>8))
		}
	}
	return b
}

func cat(parts ...[]byte) []byte {
	var b []byte
	for _, p := range parts {
		b = append(b, p...)
	}
	return b
}

func TestDecode(t *testing.T) {
	const zh = "中华人民共和国安全生产法\r\n第一条　为了加强安全生产工作。"
	type result struct {
		Text    string
		Enc     Encoding
		Err     string // the error's text, "" for none
		Binary  bool   // errors.Is(err, ErrBinary)
		Unknown bool   // errors.Is(err, ErrUnknownEncoding)
	}
	for _, tc := range []struct {
		name string
		in   []byte
		want result
	}{
		{"empty input is UTF-8", nil, result{Enc: UTF8}},
		{"plain UTF-8", []byte(zh), result{Text: zh, Enc: UTF8}},
		{"UTF-8 BOM is stripped", cat([]byte{0xEF, 0xBB, 0xBF}, []byte(zh)), result{Text: zh, Enc: UTF8BOM}},
		{"UTF-16LE with BOM", encodeUTF16(zh, false), result{Text: zh, Enc: UTF16LE}},
		{"UTF-16BE with BOM", encodeUTF16(zh, true), result{Text: zh, Enc: UTF16BE}},
		{"UTF-16 surrogate pairs", encodeUTF16("𠀀𪚥", false), result{Text: "𠀀𪚥", Enc: UTF16LE}},
		{"GB18030 (GBK range)", encodeGB18030(t, zh), result{Text: zh, Enc: GB18030}},
		{"GB18030 four-byte characters", encodeGB18030(t, "𠀀·€·ǹ"), result{Text: "𠀀·€·ǹ", Enc: GB18030}},
		{
			"NUL byte means binary",
			[]byte("abc\x00def"),
			result{Err: "NUL byte at offset 3: binary file", Binary: true},
		},
		{
			"NUL byte after a UTF-8 BOM",
			[]byte("\xEF\xBB\xBFab\x00"),
			result{Enc: UTF8BOM, Err: "NUL byte at offset 5: binary file", Binary: true},
		},
		{
			"NUL character in UTF-16",
			encodeUTF16("ab\x00", false),
			result{Enc: UTF16LE, Err: "NUL character at offset 6: binary file", Binary: true},
		},
		{
			"neither UTF-8 nor GB18030 names both offsets",
			[]byte("ab\xFFcd"),
			result{Err: "invalid UTF-8 at byte 2 and not GB18030 (bad sequence at byte 2): unknown text encoding", Unknown: true},
		},
		{
			"GB18030 that breaks off later",
			cat(encodeGB18030(t, "中文"), []byte("\x81\x20")),
			result{Err: "invalid UTF-8 at byte 0 and not GB18030 (bad sequence at byte 4): unknown text encoding", Unknown: true},
		},
		{
			"GB18030 with a control character",
			cat(encodeGB18030(t, "中文"), []byte("\x1B[0m")),
			result{Err: "invalid UTF-8 at byte 0 and not GB18030 (bad sequence at byte 4): unknown text encoding", Unknown: true},
		},
		{
			"GB18030 cut in the middle of a character",
			cat(encodeGB18030(t, "中文"), []byte{0xD6}),
			result{Err: "invalid UTF-8 at byte 0 and not GB18030 (bad sequence at byte 4): unknown text encoding", Unknown: true},
		},
		{
			"invalid UTF-8 after a UTF-8 BOM",
			[]byte("\xEF\xBB\xBF中\xD6\xD0"),
			result{Enc: UTF8BOM, Err: "invalid UTF-8 at byte 6 after a UTF-8 BOM: unknown text encoding", Unknown: true},
		},
		{
			"UTF-16 with an odd number of bytes",
			[]byte{0xFF, 0xFE, 'a', 0, 'b'},
			result{Enc: UTF16LE, Err: "UTF-16LE text has an odd number of bytes (5): unknown text encoding", Unknown: true},
		},
		{
			"UTF-16 with an unpaired surrogate",
			[]byte{0xFE, 0xFF, 0xD8, 0x00, 0x00, 'a'},
			result{Enc: UTF16BE, Err: "unpaired UTF-16BE surrogate at byte 2: unknown text encoding", Unknown: true},
		},
		{
			"UTF-16 with a lone low surrogate",
			[]byte{0xFF, 0xFE, 'a', 0, 0x00, 0xDC},
			result{Enc: UTF16LE, Err: "unpaired UTF-16LE surrogate at byte 4: unknown text encoding", Unknown: true},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			text, enc, err := Decode(tc.in)
			got := result{Text: text, Enc: enc, Binary: errors.Is(err, ErrBinary), Unknown: errors.Is(err, ErrUnknownEncoding)}
			if err != nil {
				got.Err = err.Error()
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("Decode(%q) (-want +got):\n%s", tc.in, diff)
			}
		})
	}
}

// TestDecodeGB18030Chunks decodes GB18030 longer than the decoder's buffer,
// with four-byte characters straddling the chunk boundaries, and finds a bad
// byte far from the start.
func TestDecodeGB18030Chunks(t *testing.T) {
	var b strings.Builder
	for i := 0; b.Len() < 4*gbChunk; i++ {
		b.WriteString("安全生产𠀀法")
		b.WriteString(strings.Repeat("a", i%7)) // shift the boundaries
	}
	text := b.String()
	data := encodeGB18030(t, text)
	got, enc, err := Decode(data)
	if err != nil || enc != GB18030 || got != text {
		t.Fatalf("Decode(%d bytes of GB18030) = %d bytes, %q, %v; want the text back", len(data), len(got), enc, err)
	}

	bad := cat(data, []byte{0xFF}, data)
	_, _, err = Decode(bad)
	want := fmt.Sprintf("invalid UTF-8 at byte 0 and not GB18030 (bad sequence at byte %d): unknown text encoding", len(data))
	if err == nil || err.Error() != want {
		t.Errorf("Decode(GB18030 with 0xFF at %d) error = %v; want %s", len(data), err, want)
	}
}

// TestParseDecodes checks that Parse reports the encoding it found and
// passes on Decode's errors.
func TestParseDecodes(t *testing.T) {
	doc, err := Parse("a.txt", encodeGB18030(t, "标题\r\n正文。"))
	if err != nil {
		t.Fatal(err)
	}
	want := &Document{Title: "标题", Encoding: GB18030, Format: FormatText, Paragraphs: []Paragraph{title(1, "标题"), body(2, 2, "正文。")}}
	if diff := cmp.Diff(want, doc); diff != "" {
		t.Errorf("Parse(GB18030) (-want +got):\n%s", diff)
	}
	if _, err := Parse("a.bin", []byte("PK\x03\x04\x00")); !errors.Is(err, ErrBinary) {
		t.Errorf("Parse(binary) error = %v; want one wrapping ErrBinary", err)
	}
}
