package index

import (
	"os"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
)

// TestStoredText checks that each text is stored in the shortest encoding
// and read back as it was.
func TestStoredText(t *testing.T) {
	tests := []struct {
		name, text string
		marker     byte
		size       int // stored bytes, marker included
	}{
		{"empty", "", textUTF8, 1},
		{"ASCII stays UTF-8", "GDP 5.2%", textUTF8, 9},
		{"common pairs of characters in the table, a byte each", "安全生产", textTableCode, 3},
		{"full-width punctuation in the table", "（一）强化安全生产。", textTableCode, 8},
		{"mostly Han, a few digits", "经济增长百分之五点二，2025年", textTableCode, 18},
		{"digits and Han in the table", "2025年增长5.2%", textTableCode, 14},
		{"mostly ASCII with a Han character", "see article 12 of 安全法", textUTF8, 1 + len("see article 12 of 安全法")},
		{"no shorter than UTF-8 stays UTF-8", "a安", textUTF8, 5},
		{"a character outside the table escaped", "安全生产管理龘", textTableCode, 1 + 3 + 1 + 3},
		{"traditional characters outside the table in UTF-16", "憂鬱的臺灣烏龜", textUTF16, 1 + 2*7},
		{"beyond the BMP, a surrogate pair", "𠀀𠀁安", textUTF16, 1 + 4 + 4 + 2},
		{"rare characters in UTF-16, not escaped", "鬱鬱", textUTF16, 5},
		{"invalid UTF-8 stays as it is", "安全\xff生产", textUTF8, 1 + len("安全\xff生产")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stored := encodeText(tt.text)
			if stored[0] != tt.marker || len(stored) != tt.size {
				t.Errorf("stored with marker %d in %d bytes, want %d in %d", stored[0], len(stored), tt.marker, tt.size)
			}
			got, err := appendText(nil, stored)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.text, string(got)); diff != "" {
				t.Errorf("read back (-want +got):\n%s", diff)
			}
		})
	}
}

// TestStoredTextRefusesDamage: stored bytes that no text encodes to are
// an error, never a text.
func TestStoredTextRefusesDamage(t *testing.T) {
	for name, b := range map[string][]byte{
		"no marker":               {},
		"unknown marker":          {3, 'a', 0},
		"a two-byte code cut":     {textTableCode, codeTwo},
		"a three-byte code cut":   {textTableCode, codeThree, 1},
		"a code beyond the table": {textTableCode, codeThree, 0xff, 0xff},
		"an escape and nothing":   {textTableCode, codeEscape},
		"an escape and no UTF-8":  {textTableCode, codeEscape, 0x80},
		"odd UTF-16 length":       {textUTF16, 0x89, 0x5b, 0x68},
		"lone high surrogate":     {textUTF16, 0x40, 0xd8},
		"high then no low":        {textUTF16, 0x40, 0xd8, 0x89, 0x5b},
		"low surrogate alone":     {textUTF16, 0x00, 0xdc},
		"high surrogate then cut": {textUTF16, 0x40, 0xd8, 0x00},
	} {
		if got, err := appendText(nil, b); err == nil {
			t.Errorf("%s: read as %q, want an error", name, got)
		}
	}
}

// TestStoredTextOfReports measures what the encodings save on the
// paragraphs of the reports corpus, and checks every one reads back.
func TestStoredTextOfReports(t *testing.T) {
	paths := []string{"../testdata/corpus/reports/河北省.txt", "../testdata/speech.txt"}
	var utf8Bytes, stored int
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		for line := range strings.Lines(string(data)) {
			line = strings.TrimSpace(line)
			b := encodeText(line)
			got, err := appendText(nil, b)
			if err != nil || string(got) != line {
				t.Fatalf("%q read back as %q, %v", line, got, err)
			}
			utf8Bytes += len(line)
			stored += len(b)
		}
	}
	t.Logf("stored %d bytes for %d of UTF-8: %.2fx", stored, utf8Bytes, float64(stored)/float64(utf8Bytes))
	if stored > utf8Bytes*3/5 {
		t.Errorf("stored %d bytes for %d of UTF-8: Chinese text should take about half", stored, utf8Bytes)
	}
}

// FuzzStoredText: any valid text reads back as it was, in no more than one
// byte over its UTF-8; any stored bytes read back as valid UTF-8 when
// they are UTF-16 or the table code, or as an error, never a panic.
func FuzzStoredText(f *testing.F) {
	for _, s := range []string{"", "安全生产", "GDP 5.2%", "𠀀安", "安\xff", "（一）"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		stored := encodeText(s)
		if len(stored) > len(s)+1 {
			t.Fatalf("%q stored in %d bytes", s, len(stored))
		}
		got, err := appendText(nil, stored)
		if err != nil || string(got) != s {
			t.Fatalf("%q read back as %q, %v", s, got, err)
		}
		for _, marker := range []byte{textUTF16, textTableCode} {
			raw := append([]byte{marker}, s...)
			if got, err := appendText(nil, raw); err == nil && !utf8.Valid(got) {
				t.Fatalf("% x read as invalid UTF-8 %q", raw, got)
			}
		}
	})
}
