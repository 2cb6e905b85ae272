package extract

import (
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"codeberg.org/readeck/go-readability/v2"
	xhtml "golang.org/x/net/html"

	"github.com/zhsearch/zhsearch/index/extract/internal/html"
)

// The element each corpus page keeps its text in, by SOURCES.tsv: the
// ground truth the main-content finders are measured against.
var htmlTruth = map[string]func(*html.Node) bool{
	"govcn_content_5365945_fragment.html":       func(n *html.Node) bool { return attr(n, "id") == "UCAP-CONTENT" },
	"jiangxi_art_4975_1510362.html":             func(n *html.Node) bool { return attr(n, "id") == "zoom" },
	"jiangxi_art_4975_1566875.html":             func(n *html.Node) bool { return attr(n, "id") == "zoom" },
	"lishui_art_1229283449_2493752.html":        func(n *html.Node) bool { return attr(n, "class") == "zoom" },
	"people_zhongbu_jueqi_gb2312-declared.html": func(n *html.Node) bool { return attr(n, "class") == "rm_txt_con cf" },
}

// TestMainContentMeasure prints, per corpus page, how much of the true text
// each main-content finder keeps (recall) and how much of what it keeps is
// true text (precision), counted in sentences: ours (known containers, else
// descending to the child that holds 80% of the text outside links), ours
// without the known containers, and go-readability (a port of Mozilla's
// Readability). Ours must keep all of the text and add nothing; the README
// quotes these figures.
func TestMainContentMeasure(t *testing.T) {
	dir := filepath.Join(sharedCorpus, "formats", "html")
	names := make([]string, 0, len(htmlTruth))
	for name := range htmlTruth {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		isTruth := htmlTruth[name]
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Skipf("shared corpus not found: %v", err)
		}
		text, _, _ := decodeHTML(data)
		root, _ := html.Parse(strings.NewReader(text))
		var truth *html.Node
		walk(root, func(n *html.Node) bool {
			if truth == nil && n.Type == html.ElementNode && isTruth(n) {
				truth = n
			}
			return truth == nil
		})
		want := sentences(renderHTML(truth))
		u, _ := url.Parse("http://example.gov.cn/")
		art, err := readability.FromDocument(toUpstream(root), u)
		var ra string
		if err == nil && art.Node != nil {
			ra = renderHTML(fromUpstream(art.Node))
		}
		for _, c := range []struct{ name, got string }{
			{"ours", renderHTML(ourContent(root))},
			{"ours-generic", renderHTML(genericContent(root))},
			{"go-readability", ra},
		} {
			got := sentences(c.got)
			recall, precision := share(want, got), share(got, want)
			t.Logf("%-45s %-15s recall %.3f precision %.3f", name, c.name, recall, precision)
			if c.name != "go-readability" && (recall < 1 || precision < 1) {
				t.Errorf("%s: %s keeps %.3f of the text, %.3f of what it keeps is text; want 1, 1", name, c.name, recall, precision)
			}
		}
	}
}

func renderHTML(n *html.Node) string {
	r := &reading{}
	w := htmlWriter{r: r}
	w.block(n)
	w.flush()
	return r.text()
}

func sentences(s string) map[string]bool {
	m := map[string]bool{}
	for _, p := range strings.FieldsFunc(s, func(r rune) bool { return strings.ContainsRune("。！？\n|", r) }) {
		p = strings.Join(strings.Fields(p), "")
		if len([]rune(p)) >= 4 {
			m[p] = true
		}
	}
	return m
}

// share is the share of a's sentences that are in b.
func share(a, b map[string]bool) float64 {
	if len(a) == 0 {
		return 0
	}
	n := 0
	for s := range a {
		if b[s] {
			n++
		}
	}
	return float64(n) / float64(len(a))
}

// toUpstream copies a tree of extract's copy of x/net/html into x/net's
// types, which go-readability takes; fromUpstream copies one back.
func toUpstream(n *html.Node) *xhtml.Node {
	c := &xhtml.Node{Type: xhtml.NodeType(n.Type), DataAtom: n.DataAtom, Data: n.Data, Namespace: n.Namespace}
	for _, a := range n.Attr {
		c.Attr = append(c.Attr, xhtml.Attribute{Namespace: a.Namespace, Key: a.Key, Val: a.Val})
	}
	for k := n.FirstChild; k != nil; k = k.NextSibling {
		c.AppendChild(toUpstream(k))
	}
	return c
}

func fromUpstream(n *xhtml.Node) *html.Node {
	c := &html.Node{Type: html.NodeType(n.Type), DataAtom: n.DataAtom, Data: n.Data, Namespace: n.Namespace}
	for _, a := range n.Attr {
		c.Attr = append(c.Attr, html.Attribute{Namespace: a.Namespace, Key: a.Key, Val: a.Val})
	}
	for k := n.FirstChild; k != nil; k = k.NextSibling {
		c.AppendChild(fromUpstream(k))
	}
	return c
}

func ourContent(root *html.Node) *html.Node {
	n, _ := mainContent(root)
	return n
}

func genericContent(root *html.Node) *html.Node { return descend(root, textCounts(root)) }
