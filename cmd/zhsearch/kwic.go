package main

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/zhsearch/zhsearch/export"
	"github.com/zhsearch/zhsearch/query"
)

// A concordance line: one occurrence of a keyword with its context.
type kwicLine struct {
	Doc       string `json:"doc"`
	Title     string `json:"title"`
	Paragraph int    `json:"paragraph"`
	Start     int    `json:"start"` // byte offsets of the keyword in the paragraph's text
	End       int    `json:"end"`
	Left      string `json:"left"`
	Keyword   string `json:"keyword"`
	Right     string `json:"right"`
}

func runKWIC(args []string, env *environment) int {
	fs := pflag.NewFlagSet("kwic", pflag.ContinueOnError)
	indexDirs := fs.StringArray("index", nil, indexFlagUsage)
	width := fs.IntP("width", "w", 20, "characters of context on each side")
	sortBy := fs.String("sort", "doc", "order of the lines: doc (document and paragraph), left (by the context before, read backwards) or right (by the context after)")
	limit := fs.IntP("limit", "n", 0, "lines to show; 0 shows all")
	asJSON := fs.Bool("json", false, "print one JSON object per line (JSON Lines)")
	format := fs.String("format", "text", "output: text, json or tsv")
	color := fs.String("color", "auto", "colour the keyword: auto, always or never (NO_COLOR turns auto off)")
	synonyms := fs.String("synonyms", "", "a file of your own synonyms, added to the built-in list")
	exact := fs.Bool("exact", false, "keywords only as typed, without synonyms")
	timeout := fs.Duration("timeout", 30*time.Second, "give up after this long")
	if done, code := parseFlags(fs, args, env, "kwic [flags] QUERY...\n\nEvery occurrence of the query's keywords, one a line, aligned in a column (keyword in context).\n\n"+querySyntaxHelp); done {
		return code
	}
	if fs.NArg() == 0 {
		env.errorf("kwic: no keyword")
		fmt.Fprintln(env.stderr, "Usage: zhsearch kwic [flags] KEYWORD...   e.g. zhsearch kwic 安全生产")
		return exitFailure
	}
	if *width < 1 || *width > 500 || *limit < 0 {
		return env.errorf("kwic: --width takes a number from 1 to 500, --limit one from 0")
	}
	if *asJSON {
		*format = "json"
	}
	if *format != "text" && *format != "json" && *format != "tsv" {
		return env.errorf("kwic: --format must be text, json or tsv, not %q", *format)
	}
	if *sortBy != "doc" && *sortBy != "left" && *sortBy != "right" {
		return env.errorf("kwic: --sort must be doc, left or right, not %q", *sortBy)
	}
	useColor, err := colorWanted(*color, env)
	if err != nil {
		return env.errorf("kwic: %v", err)
	}
	syn, err := loadSynonyms(*synonyms)
	if err != nil {
		return env.errorf("kwic: %v", err)
	}
	set, ok := openIndex(context.Background(), env, *indexDirs)
	if !ok {
		return exitFailure
	}
	defer env.release(set)
	ctx, cancel := context.WithTimeout(context.Background(), *timeout)
	defer cancel()

	var lines []kwicLine
	opts := query.Options{Synonyms: syn, Exact: *exact}
	_, err = eachHit(ctx, set, strings.Join(fs.Args(), " "), opts, 0, func(h query.Hit) error {
		for _, m := range query.MergeMatches(h.Matches) {
			lines = append(lines, kwicLine{Doc: h.Doc, Title: h.Title, Paragraph: h.Paragraph, Start: m.Start, End: m.End,
				Left: lastRunes(oneLine(h.Text[:m.Start]), *width), Keyword: oneLine(h.Text[m.Start:m.End]),
				Right: firstRunes(oneLine(h.Text[m.End:]), *width)})
		}
		return nil
	})
	if err != nil {
		return queryError(env, err)
	}
	sortKWIC(lines, *sortBy)
	if *limit > 0 && len(lines) > *limit {
		lines = lines[:*limit]
	}
	switch *format {
	case "json":
		enc := newJSONWriter(env.stdout)
		for _, l := range lines {
			if err := enc.Encode(l); err != nil {
				return env.errorf("writing output: %v", err)
			}
		}
	case "tsv":
		t := export.NewTSV(env.stdout)
		if err := t.Row([]string{"doc", "paragraph", "left", "keyword", "right"}); err != nil {
			return env.errorf("writing output: %v", err)
		}
		for _, l := range lines {
			if err := t.Row([]string{l.Doc, fmt.Sprint(l.Paragraph), l.Left, l.Keyword, l.Right}); err != nil {
				return env.errorf("writing output: %v", err)
			}
		}
	default:
		p := &printer{w: env.stdout, color: useColor, workDir: env.workDir}
		printKWIC(p, lines, *width)
	}
	if len(lines) == 0 {
		return exitNoHits
	}
	return exitHits
}

// printKWIC prints lines with the keywords in one column: the left context
// right-aligned to width characters' worth of columns (a Chinese character
// takes two), the right context padded so the document column aligns too.
func printKWIC(p *printer, lines []kwicLine, width int) {
	cols := 0
	for _, l := range lines {
		cols = max(cols, stringWidth(safe(l.Left)), stringWidth(safe(l.Right)))
	}
	cols = min(cols, 2*width)
	kw := 0
	for _, l := range lines {
		kw = max(kw, stringWidth(safe(l.Keyword)))
	}
	for _, l := range lines {
		left, key, right := safe(l.Left), safe(l.Keyword), safe(l.Right)
		fmt.Fprintf(p.w, "%s%s  %s%s  %s%s  %s\n",
			strings.Repeat(" ", cols-stringWidth(left)), p.text(l.Left, "", false),
			p.text(l.Keyword, styleMatch, false), strings.Repeat(" ", kw-stringWidth(key)),
			p.text(l.Right, "", false), strings.Repeat(" ", cols-stringWidth(right)),
			p.style(fmt.Sprintf("%s ¶%d", safe(p.path(l.Doc)), l.Paragraph), stylePara))
	}
}

func sortKWIC(lines []kwicLine, by string) {
	switch by {
	case "left":
		sort.SliceStable(lines, func(i, j int) bool {
			a, b := reverse(lines[i].Left), reverse(lines[j].Left)
			return a < b || a == b && lines[i].Keyword < lines[j].Keyword
		})
	case "right":
		sort.SliceStable(lines, func(i, j int) bool {
			return lines[i].Keyword < lines[j].Keyword || lines[i].Keyword == lines[j].Keyword && lines[i].Right < lines[j].Right
		})
	default:
		sort.SliceStable(lines, func(i, j int) bool {
			a, b := lines[i], lines[j]
			if a.Doc != b.Doc {
				return a.Doc < b.Doc
			}
			if a.Paragraph != b.Paragraph {
				return a.Paragraph < b.Paragraph
			}
			return a.Start < b.Start
		})
	}
}

func reverse(s string) string {
	rs := []rune(s)
	for i, j := 0, len(rs)-1; i < j; i, j = i+1, j-1 {
		rs[i], rs[j] = rs[j], rs[i]
	}
	return string(rs)
}

// oneLine puts a context on one line: line breaks and tabs become spaces.
func oneLine(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '\n' || r == '\r' || r == '\t' || r == '\u2028' || r == '\u2029' {
			return ' '
		}
		return r
	}, s)
}

func lastRunes(s string, n int) string {
	rs := []rune(s)
	return string(rs[max(0, len(rs)-n):])
}

func firstRunes(s string, n int) string {
	rs := []rune(s)
	return string(rs[:min(n, len(rs))])
}
