package query_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/zhsearch/zhsearch/query"
)

// TestIgnorableCharactersInKeywords: a keyword pasted from a web page or a
// PDF with invisible characters inside finds what the keyword finds.
func TestIgnorableCharactersInKeywords(t *testing.T) {
	want := keys(search(t, "安全生产"))
	if len(want) == 0 {
		t.Fatal("安全生产 finds nothing: a test that cannot fail")
	}
	for _, tt := range []struct{ name, query string }{
		{"zero width space", "安\u200b全生产"},
		{"soft hyphen", "安全\u00ad生产"},
		{"word joiner", "安全生\u2060产"},
		{"byte order mark", "\ufeff安全生产"},
		{"ZWNJ and ZWJ", "安\u200c全\u200d生产"},
		{"LRM and RLM", "\u200e安全生产\u200f"},
		{"bidi embedding", "\u202a安全\u202c生产"},
		{"bidi isolate", "\u2066安全生产\u2069"},
		{"in a quoted phrase", "\"安\u200b全生产\""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(want, keys(search(t, tt.query))); diff != "" {
				t.Errorf("%q (-want +got):\n%s", tt.query, diff)
			}
		})
	}
}

// TestIgnorableCharactersInText: text with invisible characters inside a
// keyword is found by the keyword, with the match marked over the
// characters as written.
func TestIgnorableCharactersInText(t *testing.T) {
	src := filepath.Join(t.TempDir(), "通知.txt")
	text := "全面加强安\u200b全生\u00ad产工作，落实\ufeff安全生产责任。"
	if err := os.WriteFile(src, []byte("关于安全工作的通知\n"+text+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	ix := tempIndex(t, src)
	for _, q := range []string{"安全生产", "安全\u2060生产", "\"安全生产\""} {
		res, err := query.Search(context.Background(), ix, q, query.Options{})
		if err != nil {
			t.Fatalf("Search(%q): %v", q, err)
		}
		if len(res.Hits) != 1 || res.Hits[0].Text != text {
			t.Fatalf("Search(%q): %d hits, want the paragraph %q", q, len(res.Hits), text)
		}
		var got []string
		for _, m := range res.Hits[0].Matches {
			got = append(got, text[m.Start:m.End])
		}
		if diff := cmp.Diff([]string{"安\u200b全生\u00ad产", "安全生产"}, got); diff != "" {
			t.Errorf("Search(%q): matches (-want +got):\n%s", q, diff)
		}
	}
}
