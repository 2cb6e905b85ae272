package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/zhsearch/zhsearch/index"
	"github.com/zhsearch/zhsearch/query"
)

func runSearch(args []string, env *environment) int {
	fs := pflag.NewFlagSet("search", pflag.ContinueOnError)
	indexDir := fs.String("index", "", "index directory (default: the built-in index of the reference speech)")
	limit := fs.IntP("limit", "n", 10, "hits to show; 0 shows all")
	offset := fs.Int("offset", 0, "hits to skip, for paging")
	asJSON := fs.Bool("json", false, "print one JSON object per hit (JSON Lines)")
	color := fs.String("color", "auto", "colour matches: auto, always or never (NO_COLOR turns auto off)")
	width := fs.IntP("fragment", "f", 120, "characters of text to show around the matches; 0 shows whole paragraphs")
	timeout := fs.Duration("timeout", 10*time.Second, "give up a search after this long")
	explain := fs.Bool("explain", false, "show how each hit's score is made")
	if done, code := parseFlags(fs, args, env, "search [flags] QUERY..."); done {
		return code
	}
	if fs.NArg() == 0 {
		env.errorf("search: no query")
		fmt.Fprintln(env.stderr, "Usage: zhsearch search [flags] QUERY...   e.g. zhsearch search 非煤矿山")
		return exitFailure
	}
	if *limit < 0 || *offset < 0 || *width < 0 {
		return env.errorf("search: --limit, --offset and --fragment take numbers from 0")
	}
	useColor, err := colorWanted(*color, env.stdout)
	if err != nil {
		return env.errorf("search: %v", err)
	}
	queryText := strings.Join(fs.Args(), " ")

	ix, ok := openIndex(context.Background(), env, *indexDir)
	if !ok {
		return exitFailure
	}
	defer ix.Close()

	ctx, cancel := context.WithTimeout(context.Background(), *timeout)
	defer cancel()
	res, err := query.Search(ctx, ix, queryText, query.Options{Limit: *limit, Offset: *offset, Explain: *explain})
	if err != nil {
		var se *query.SyntaxError
		if errors.As(err, &se) {
			code := env.errorf("%v", err)
			fmt.Fprintf(env.stderr, "  %s\n  %s^\n", se.Query, strings.Repeat(" ", displayWidth(se.Query, se.Column-1)))
			return code
		}
		return env.errorf("%v", err)
	}
	if *asJSON {
		enc := json.NewEncoder(env.stdout)
		enc.SetEscapeHTML(false)
		for _, h := range res.Hits {
			if err := enc.Encode(h); err != nil {
				return env.errorf("writing output: %v", err)
			}
		}
	} else {
		p := &printer{w: env.stdout, color: useColor, width: *width}
		for _, h := range res.Hits {
			p.hit(h)
			printExplanation(env.stdout, h.Explain, "  ")
		}
		p.summary(res, *offset)
	}
	if res.Total == 0 {
		return exitNoHits
	}
	return exitHits
}

// openIndex opens the index named by --index, or the built-in one. On
// failure it prints the error with a hint and returns false. ctx bounds only
// the first use on a machine, which builds the built-in index: callers pass
// no --timeout here.
func openIndex(ctx context.Context, env *environment, dir string) (*index.Index, bool) {
	var ix *index.Index
	var err error
	if dir == "" {
		ix, err = openBuiltin(ctx)
	} else {
		ix, err = index.Open(dir)
	}
	if err != nil {
		env.errorf("%v", err)
		hintIndex(env, err, dir)
		return nil, false
	}
	return ix, true
}

// hintIndex adds a line on how to get going after an index error.
func hintIndex(env *environment, err error, dir string) {
	switch {
	case errors.Is(err, index.ErrNotExist):
		fmt.Fprintf(env.stderr, "hint: build it with: zhsearch index --index %s PATH...\n", dir)
	case errors.Is(err, index.ErrNeedsRebuild), errors.Is(err, index.ErrDamaged):
		fmt.Fprintf(env.stderr, "hint: rebuild it with: zhsearch index --rebuild --index %s PATH...\n", dir)
	case errors.Is(err, index.ErrNotIndex):
		fmt.Fprintf(env.stderr, "hint: name an empty or new directory for the index, not %s\n", dir)
	case errors.Is(err, index.ErrLocked):
		fmt.Fprintln(env.stderr, "hint: another zhsearch is writing it; try again when it is done")
	}
}

// printExplanation prints how a score was made, one part a line, each part
// indented under the sum it belongs to.
func printExplanation(w io.Writer, e *query.Explanation, indent string) {
	if e == nil {
		return
	}
	fmt.Fprintf(w, "%s%.3f  %s\n", indent, e.Value, e.Message)
	for _, d := range e.Details {
		printExplanation(w, d, indent+"  ")
	}
}
