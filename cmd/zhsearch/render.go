package main

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/zhsearch/zhsearch/query"
)

// ANSI styles.
const (
	styleReset   = "\x1b[0m"
	styleTitle   = "\x1b[1m"
	styleSection = "\x1b[36m"
	stylePara    = "\x1b[32m"
	styleMatch   = "\x1b[1;31m"
	styleDim     = "\x1b[2m"
)

// colorWanted decides --color: auto colours a terminal unless NO_COLOR is set
// (https://no-color.org) or TERM is dumb.
func colorWanted(mode string, env *environment) (bool, error) {
	switch mode {
	case "always":
		return true, nil
	case "never":
		return false, nil
	case "auto":
		return !env.noColor && isTerminal(env.stdout), nil
	}
	return false, fmt.Errorf("--color must be auto, always or never, not %q", mode)
}

// printer writes hits for people.
type printer struct {
	w       io.Writer
	color   bool
	width   int    // fragment size in characters; 0 for whole paragraphs
	workDir string // the current directory, or ""
	root    string // the folder that the page's absolute paths are shown relative to, or ""
}

func (p *printer) style(s, style string) string {
	if !p.color || s == "" || style == "" {
		return s
	}
	return style + s + styleReset
}

// text styles s for the terminal, with what a terminal would act on shown
// escaped, dim (see terminal.go). keepLines keeps tabs and line breaks.
func (p *printer) text(s, style string, keepLines bool) string {
	var b strings.Builder
	escapeRuns(s, keepLines, func(run string, esc bool) {
		if esc {
			b.WriteString(p.style(run, styleDim))
		} else {
			b.WriteString(p.style(run, style))
		}
	})
	return b.String()
}

// setRoot picks, for a page of hits, the folder their paths are shown
// relative to when the current directory does not give a shorter path
// (relWorkDir): the deepest folder holding all such paths, which the summary
// names. Relative paths are shown as stored (as they were given to index).
func (p *printer) setRoot(hits []query.Hit) {
	p.root = ""
	var common string
	for _, h := range hits {
		if !filepath.IsAbs(h.Doc) || p.relWorkDir(h.Doc) != "" {
			continue
		}
		dir := filepath.Dir(h.Doc)
		if common == "" {
			common = dir
			continue
		}
		for common != filepath.Dir(common) && !within(dir, common) {
			common = filepath.Dir(common)
		}
	}
	if common != filepath.Dir(common) { // not the file system's root
		p.root = common
	}
}

// within reports whether path is dir or inside it.
func within(path, dir string) bool {
	rel, err := filepath.Rel(dir, path)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}

// relWorkDir returns an absolute path relative to the current directory,
// when that is shorter, else "".
func (p *printer) relWorkDir(path string) string {
	if p.workDir == "" {
		return ""
	}
	rel, err := filepath.Rel(p.workDir, path)
	if err != nil || len(rel) >= len(path) {
		return ""
	}
	return rel
}

// path is how a hit's document is named: a path the user can open, with
// the system's separators, quoted as ls quotes odd names. An absolute path
// is shown relative to the current directory when that is shorter, else
// relative to the page's root.
func (p *printer) path(doc string) string {
	shown := filepath.FromSlash(doc)
	if filepath.IsAbs(doc) {
		if rel := p.relWorkDir(doc); rel != "" {
			shown = rel
		} else if p.root != "" && within(doc, p.root) {
			shown, _ = filepath.Rel(p.root, doc)
		}
	}
	return shellQuote(shown)
}

// maxHeadingRunes shortens long headings (run-in ones are whole sentences)
// in a hit's location line.
const maxHeadingRunes = 24

func (p *printer) hit(h query.Hit) {
	title := h.Title
	if h.Article != "" {
		// A law's article is cited so: 《河南省消防条例》第二十一条.
		title = "《" + h.Title + "》" + h.Article
	}
	parts := []string{p.text(title, styleTitle, false)}
	for _, s := range h.Section {
		parts = append(parts, p.text(ellipsize(s, maxHeadingRunes), styleSection, false))
	}
	parts = append(parts, p.style(fmt.Sprintf("¶%d", h.Paragraph), stylePara))
	fmt.Fprintf(p.w, "%s  %s\n", strings.Join(parts, " › "), p.style(p.path(h.Doc), styleDim))
	fmt.Fprintf(p.w, "  %s\n", p.fragment(h.Text, h.Matches))
	if len(h.Expanded) > 0 {
		// Which synonym a hit was found by, as search engines say "also
		// searched for".
		var forms []string
		for _, e := range h.Expanded {
			forms = append(forms, e.Keyword+" → "+e.Form)
		}
		fmt.Fprintf(p.w, "  %s\n", p.text("(found as "+strings.Join(forms, ", ")+")", styleDim, false))
	}
	p.repeats(h)
	fmt.Fprintln(p.w)
}

func (p *printer) summary(res *query.Result, offset int) {
	took := fmt.Sprintf("(%.1f ms)", float64(res.Took.Microseconds())/1000)
	var line string
	switch {
	case res.Total == 0:
		line = "no hits " + took
	case len(res.Hits) < res.Total:
		line = fmt.Sprintf("%d–%d of %s in %s %s", offset+1, offset+len(res.Hits), plural(res.Total, "hit"), plural(res.Documents, "document"), took)
		if len(res.Hits) == 0 {
			line = fmt.Sprintf("%s in %s, none past %d %s", plural(res.Total, "hit"), plural(res.Documents, "document"), offset, took)
		}
	default:
		line = fmt.Sprintf("%s in %s %s", plural(res.Total, "hit"), plural(res.Documents, "document"), took)
	}
	if res.Groups > 0 && res.Groups < res.Total {
		line = collapsedSummary(res, offset) + " " + took
	}
	if p.root != "" {
		line = strings.TrimSuffix(line, " "+took) + ", paths under " + shellQuote(p.root) + " " + took
	}
	fmt.Fprintln(p.w, p.style(line, styleDim))
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

func ellipsize(s string, max int) string {
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	r := []rune(s)
	return string(r[:max-1]) + "…"
}

// fragment returns the part of text to show (see [query.Highlight]), every
// match in it marked, what a terminal would act on escaped.
func (p *printer) fragment(text string, matches []query.Match) string {
	f := query.Highlight(text, matches, p.width)
	var b strings.Builder
	if f.CutBefore {
		b.WriteString("…")
	}
	for _, s := range f.Spans {
		style := ""
		if s.Match {
			style = styleMatch
		}
		b.WriteString(p.text(s.Text, style, true))
	}
	if f.CutAfter {
		b.WriteString("…")
	}
	return b.String()
}
