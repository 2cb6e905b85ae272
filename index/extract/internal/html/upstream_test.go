package html

import (
	"bytes"
	"flag"
	"go/format"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "copy the files again from the golang.org/x/net that go.mod requires, with the changes below")

// The files of golang.org/x/net/html and html/charset that this package and
// charset are, and what differs: x/net/html builds its table of 2,231
// character references (entity, entity2) when a program starts. Every
// zhsearch process paid that, a search too, which parses no HTML: 110 KB of
// heap and the table's literal in the program's read-only data: 0.4 MiB of
// a cold search's peak memory on the speech (about 15 MiB). Here the table
// is built the first time a character reference is decoded. Nothing else
// changes.
var upstreamFiles = map[string][][2]string{
	"const.go": nil,
	"doc.go": {{"*/\npackage html // import \"golang.org/x/net/html\"", "" +
		"This is a copy of golang.org/x/net/html that builds its table of character\n" +
		"references the first time it decodes one (see upstream_test.go).\n*/\npackage html"}},
	"doctype.go":         nil,
	"foreign.go":         nil,
	"iter.go":            nil,
	"node.go":            nil,
	"nodetype_string.go": nil,
	"parse.go":           nil,
	"render.go":          nil,
	"token.go":           nil,
	"entity.go": {
		{"package html\n", "package html\n\nimport \"sync\"\n"},
		{"var entity = map[string]rune{", "var entity = sync.OnceValue(func() map[string]rune { return map[string]rune{"},
		{"\t\"yuml\":                             '\\U000000FF',\n}\n", "\t\"yuml\":                             '\\U000000FF',\n}})\n"},
		{"var entity2 = map[string][2]rune{", "var entity2 = sync.OnceValue(func() map[string][2]rune { return map[string][2]rune{"},
		{"\t\"vsupne;\":                  {'\\u228B', '\\uFE00'},\n}\n", "\t\"vsupne;\":                  {'\\u228B', '\\uFE00'},\n}})\n"},
	},
	"escape.go": {
		{"entity[entityName]", "entity()[entityName]"},
		{"entity2[entityName]", "entity2()[entityName]"},
		{"entity[entityName[:j]]", "entity()[entityName[:j]]"},
	},
	"charset/charset.go": {
		{"// https://encoding.spec.whatwg.org/.\npackage charset // import \"golang.org/x/net/html/charset\"", "" +
			"// https://encoding.spec.whatwg.org/.\n//\n" +
			"// This is a copy of golang.org/x/net/html/charset that reads pages with the\n" +
			"// copy of golang.org/x/net/html it is in (see ../upstream_test.go).\npackage charset"},
		{`"golang.org/x/net/html"`, `"github.com/zhsearch/zhsearch/index/extract/internal/html"`},
	},
	"LICENSE": nil,
}

// TestCopyOfUpstream: every file is x/net's, of the version go.mod
// requires, with only the changes listed; -update copies them again (after
// an upgrade of x/net). The Go files are as gofmt leaves them.
func TestCopyOfUpstream(t *testing.T) {
	out, err := exec.Command(filepath.Join(runtime.GOROOT(), "bin", "go"), "list", "-m", "-f", "{{.Dir}}", "golang.org/x/net").Output()
	if err != nil {
		t.Fatalf("go list -m golang.org/x/net: %v", err)
	}
	dir := strings.TrimSpace(string(out))
	if dir == "" {
		t.Fatal("go list -m golang.org/x/net gives no folder: the module is not downloaded (go mod download)")
	}
	// A file x/net adds must be copied (or listed) too.
	for _, sub := range []string{"html", "html/charset"} {
		names, err := filepath.Glob(filepath.Join(dir, filepath.FromSlash(sub), "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range names {
			rel := strings.TrimPrefix(filepath.ToSlash(n), filepath.ToSlash(dir)+"/html/")
			if _, ok := upstreamFiles[rel]; !ok && !strings.HasSuffix(rel, "_test.go") {
				t.Errorf("x/net has %s, which the copy lacks: add it to upstreamFiles and go test -run TestCopyOfUpstream -update", rel)
			}
		}
	}
	for name, changes := range upstreamFiles {
		from := filepath.Join(dir, "html", name)
		if name == "LICENSE" {
			from = filepath.Join(dir, name)
		}
		data, err := os.ReadFile(from)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range changes {
			if bytes.Count(data, []byte(c[0])) == 0 {
				t.Errorf("%s: x/net's file no longer holds %q: change the copy by hand", name, c[0])
			}
			data = bytes.ReplaceAll(data, []byte(c[0]), []byte(c[1]))
		}
		if strings.HasSuffix(name, ".go") {
			if data, err = format.Source(data); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
		}
		if *update {
			if err := os.WriteFile(name, data, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		got, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, data) {
			t.Errorf("%s is not x/net's %s with the listed changes: go test -run TestCopyOfUpstream -update", name, from)
		}
	}
}
