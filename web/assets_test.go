package web

import (
	"io/fs"
	"regexp"
	"strings"
	"testing"
)

// TestAssetsSelfContained proves what the Content-Security-Policy and
// "works offline" need of the embedded files: no address outside the
// server, no inline script or style, no event-handler attribute, every
// file that the page names served, and no way in the script to turn text
// into HTML.
func TestAssetsSelfContained(t *testing.T) {
	h := NewHandler(Fixed(testIndex), Options{})
	err := fs.WalkDir(static, "static", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		body, err := static.ReadFile(name)
		if err != nil {
			return err
		}
		text := strings.ReplaceAll(string(body), "http://www.w3.org/2000/svg", "") // a namespace, never fetched
		if m := regexp.MustCompile(`(?i)(https?:)?//[a-z0-9.-]+\.[a-z]{2,}|@import`).FindString(text); m != "" {
			t.Errorf("%s names %q: the page must work offline", name, m)
		}
		switch {
		case strings.HasSuffix(name, ".html"):
			for _, tag := range regexp.MustCompile(`(?is)<script[^>]*>.*?</script>`).FindAllString(text, -1) {
				if !regexp.MustCompile(`^<script src="/static/[a-z]+\.js"( defer)?></script>$`).MatchString(tag) {
					t.Errorf("%s: %q: only script files, no inline script", name, tag)
				}
			}
			if m := regexp.MustCompile(`(?i)<style|\sstyle=|\son[a-z]+=|javascript:`).FindString(text); m != "" {
				t.Errorf("%s: %q is blocked by the Content-Security-Policy", name, m)
			}
			for _, ref := range regexp.MustCompile(`(?:src|href)="(/static/[^"]+)"`).FindAllStringSubmatch(text, -1) {
				if w := serve(t, h, "GET", ref[1]); w.Code != 200 {
					t.Errorf("%s names %s, which is served with status %d", name, ref[1], w.Code)
				}
			}
		case strings.HasSuffix(name, ".js"):
			if m := regexp.MustCompile(`innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function|setAttribute\('style'`).FindString(text); m != "" {
				t.Errorf("%s uses %s: document text must only become text nodes", name, m)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
