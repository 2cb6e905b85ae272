package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/spf13/pflag"

	"github.com/zhsearch/zhsearch/index"
	"github.com/zhsearch/zhsearch/query"
)

// runReuse lists the paragraphs of a document that reappear, verbatim or
// with small edits, in other documents, or compares two documents
// paragraph by paragraph.
func runReuse(args []string, env *environment) int {
	fs := pflag.NewFlagSet("reuse", pflag.ContinueOnError)
	indexDir := fs.String("index", "", indexFlagUsage)
	between := fs.Bool("between", false, "compare two documents, A and B, paragraph by paragraph: which paragraphs of A stand in B")
	similarity := fs.Float64("similarity", index.DefaultSimilarity, fmt.Sprintf("how alike two paragraphs must be, %g to 1 (1: the same text)", index.MinSimilarity))
	asJSON := fs.Bool("json", false, "print the result as one JSON object")
	color := fs.String("color", "auto", "colour the output: auto, always or never (NO_COLOR turns auto off)")
	width := fs.IntP("fragment", "f", 120, "characters of each paragraph to show; 0 shows whole paragraphs")
	timeout := fs.Duration("timeout", 30*time.Second, "give up after this long")
	const synopsis = `reuse [flags] DOC
       zhsearch reuse --between [flags] A B

Lists each paragraph of the document DOC that appears, verbatim or with small
edits, in other documents of the index, with how alike the two are and the
documents oldest first: who wrote it first. With --between, lists which
paragraphs of document A stand in document B.

A document is named by its path as search shows it, the end of its path
(河北省.txt) or its title. Paragraphs are compared by their characters, in
runs of 5, punctuation and spaces aside (the Jaccard similarity of their
5-character shingles); headings and lines under 30 characters are not.`
	if done, code := parseFlags(fs, args, env, synopsis); done {
		return code
	}
	want := 1
	if *between {
		want = 2
	}
	if fs.NArg() != want {
		if *between {
			return env.errorf("reuse: --between takes two documents, A and B, not %d", fs.NArg())
		}
		env.errorf("reuse: name one document, not %d", fs.NArg())
		fmt.Fprintln(env.stderr, "Usage: zhsearch reuse [flags] DOC   e.g. zhsearch reuse 河北省.txt")
		return exitFailure
	}
	if !(*similarity >= index.MinSimilarity && *similarity <= 1) {
		return env.errorf("reuse: --similarity takes a number from %g to 1, not %g", index.MinSimilarity, *similarity)
	}
	if *width < 0 {
		return env.errorf("reuse: --fragment takes a number from 0")
	}
	useColor, err := colorWanted(*color, env)
	if err != nil {
		return env.errorf("reuse: %v", err)
	}
	// Near-duplicates are found within one index: reuse reads one.
	set, ok := openIndex(context.Background(), env, []string{*indexDir})
	if !ok {
		return exitFailure
	}
	defer env.release(set)
	ix := set.Members()[0]
	ctx, cancel := context.WithTimeout(context.Background(), *timeout)
	defer cancel()
	var docs []int
	for _, name := range fs.Args() {
		doc, err := query.FindDocument(ix, name)
		if err != nil {
			code := env.errorf("reuse: %v", err)
			if errors.Is(err, query.ErrNoDocument) {
				fmt.Fprintln(env.stderr, "hint: search for a keyword of it; each hit names its document's path")
			}
			return code
		}
		docs = append(docs, doc)
	}
	p := &printer{w: env.stdout, color: useColor, width: *width, workDir: env.workDir}
	if *between {
		cmp, err := query.CompareDocuments(ctx, ix, docs[0], docs[1], *similarity)
		if err != nil {
			return env.errorf("reuse: %v", err)
		}
		if *asJSON {
			if err := newJSONWriter(env.stdout).Encode(cmp); err != nil {
				return env.errorf("writing output: %v", err)
			}
		} else {
			p.comparison(cmp)
		}
		if len(cmp.Pairs) == 0 {
			return exitNoHits
		}
		return exitHits
	}
	reuse, err := query.FindReuse(ctx, ix, docs[0], *similarity)
	if err != nil {
		return env.errorf("reuse: %v", err)
	}
	if *asJSON {
		if err := newJSONWriter(env.stdout).Encode(reuse); err != nil {
			return env.errorf("writing output: %v", err)
		}
	} else {
		p.reuse(reuse)
	}
	if len(reuse.Reused) == 0 {
		return exitNoHits
	}
	return exitHits
}

// docLine names a document: its title, date and path.
func (p *printer) docLine(d query.DocRef) string {
	title := p.text(d.Title, styleTitle, false)
	if d.Date != "" {
		title += " (" + d.Date + ")"
	}
	return title + "  " + p.style(p.path(d.Doc), styleDim)
}

// excerpt is a paragraph's text cut to the printer's width.
func (p *printer) excerpt(text string) string {
	if p.width > 0 {
		text = ellipsize(text, p.width)
	}
	return p.text(text, "", true)
}

func (p *printer) reuse(r *query.Reuse) {
	fmt.Fprintln(p.w, p.docLine(r.DocRef))
	fmt.Fprintln(p.w, p.style(fmt.Sprintf("%d of %d paragraphs compared appear in other documents (%s; %d paragraphs, headings and short lines not compared)",
		len(r.Reused), r.Compared, thresholdLabel(r.Similarity), r.Paragraphs), styleDim))
	for _, rp := range r.Reused {
		fmt.Fprintln(p.w)
		fmt.Fprintf(p.w, "%s  %s\n", p.style(fmt.Sprintf("¶%d", rp.Paragraph), stylePara), p.excerpt(rp.Text))
		for _, o := range rp.Found {
			date := o.Date
			if date == "" {
				date = "(undated)"
			}
			fmt.Fprintf(p.w, "    %s  %s %s  %s  %s\n", date, p.text(o.Title, "", false), p.style(fmt.Sprintf("¶%d", o.Paragraph), stylePara),
				similarityLabel(o.Similarity), p.style(p.path(o.Doc), styleDim))
			if o.Similarity < 1 {
				fmt.Fprintf(p.w, "      %s\n", p.style(p.excerpt(o.Text), styleDim))
			}
		}
	}
}

func (p *printer) comparison(c *query.Comparison) {
	fmt.Fprintln(p.w, "A: "+p.docLine(c.A))
	fmt.Fprintln(p.w, "B: "+p.docLine(c.B))
	fmt.Fprintln(p.w, p.style(fmt.Sprintf("of A's %d paragraphs compared, %d stand in B unchanged and %d with edits (%s)",
		c.Compared, c.Same, c.Near, thresholdLabel(c.Similarity)), styleDim))
	for _, rp := range c.Pairs {
		fmt.Fprintln(p.w)
		best := rp.Found[0]
		fmt.Fprintf(p.w, "A %s  %s\n", p.style(fmt.Sprintf("¶%d", rp.Paragraph), stylePara), p.excerpt(rp.Text))
		for _, o := range rp.Found {
			if o.Similarity == 1 && best.Similarity == 1 {
				fmt.Fprintf(p.w, "B %s  %s\n", p.style(fmt.Sprintf("¶%d", o.Paragraph), stylePara), similarityLabel(o.Similarity))
				continue
			}
			fmt.Fprintf(p.w, "B %s  %s  %s\n", p.style(fmt.Sprintf("¶%d", o.Paragraph), stylePara), similarityLabel(o.Similarity), p.style(p.excerpt(o.Text), styleDim))
		}
	}
}

// thresholdLabel shows a threshold: "similarity ≥ 50%".
func thresholdLabel(s float64) string {
	if s >= 1 {
		return "the same text only"
	}
	return fmt.Sprintf("similarity ≥ %g%%", s*100)
}
