package html_test

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	upstream "golang.org/x/net/html"
	upcharset "golang.org/x/net/html/charset"

	"github.com/zhsearch/zhsearch/index/extract/internal/html"
	"github.com/zhsearch/zhsearch/index/extract/internal/html/charset"
)

// TestSameAsUpstream: the copy decodes every character reference of its
// table, parses and renders pages of them and the saved pages of the shared
// corpus (where it is there), and finds those pages' encodings, as x/net
// does.
func TestSameAsUpstream(t *testing.T) {
	refs := []string{"&amp;&lt;&gt;", "&nbsp;&copy;&ampx&amp", "&nLt;&vsupne;&NotEqualTilde;", "&notit;&notin;&noti", "a=&amp;b&c", "&#x4e2d;&#20013;&bogus;", "&"}
	pages := []string{`<p title="&amp;x&notit=1">&lt;中&gt;&nbsp;&nLt;</p>`}
	for _, s := range refs {
		pages = append(pages, "<div a='"+s+"'>"+s+"</div>")
	}
	// Every name of the table, alone and followed by text.
	src, err := os.ReadFile("entity.go")
	if err != nil {
		t.Fatal(err)
	}
	names := regexp.MustCompile(`(?m)^\s+"([A-Za-z0-9]+;?)":`).FindAllSubmatch(src, -1)
	if len(names) < 2000 {
		t.Fatalf("%d character reference names found in entity.go", len(names))
	}
	for _, m := range names {
		refs = append(refs, "&"+string(m[1]), "x&"+string(m[1])+"y=1")
	}
	pages = append(pages, "<p>"+strings.Join(refs, " ")+"</p>")
	// The saved pages of the shared corpus, where there.
	files, _ := filepath.Glob("../../../../../shared/corpus/formats/html/*.html")
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		_, name, _ := charset.DetermineEncoding(data, "text/html")
		_, upName, _ := upcharset.DetermineEncoding(data, "text/html")
		if name != upName {
			t.Errorf("%s: encoding %q, x/net says %q", f, name, upName)
		}
		pages = append(pages, string(data))
	}
	for _, s := range refs {
		if got, want := html.UnescapeString(s), upstream.UnescapeString(s); got != want {
			t.Errorf("UnescapeString(%q) = %q, x/net gives %q", s, got, want)
		}
	}
	for i, p := range pages {
		doc, err := html.Parse(strings.NewReader(p))
		if err != nil {
			t.Fatal(err)
		}
		upDoc, err := upstream.Parse(strings.NewReader(p))
		if err != nil {
			t.Fatal(err)
		}
		var got, want bytes.Buffer
		if err := html.Render(&got, doc); err != nil {
			t.Fatal(err)
		}
		if err := upstream.Render(&want, upDoc); err != nil {
			t.Fatal(err)
		}
		if got.String() != want.String() {
			t.Errorf("page %d renders otherwise than x/net's parse of it", i)
		}
	}
}
