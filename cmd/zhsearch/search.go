package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/spf13/pflag"

	"github.com/zhsearch/zhsearch/export"
	"github.com/zhsearch/zhsearch/index"
	"github.com/zhsearch/zhsearch/query"
)

// maxCollectedLate is the most hits a search may show with its first
// garbage collection put off (see environment.collectLate).
const maxCollectedLate = 100

func runSearch(args []string, env *environment) int {
	fs := pflag.NewFlagSet("search", pflag.ContinueOnError)
	indexDirs := fs.StringArray("index", nil, indexFlagUsage)
	limit := fs.IntP("limit", "n", 10, "hits to show; 0 shows all")
	offset := fs.Int("offset", 0, "hits to skip, for paging")
	asJSON := fs.Bool("json", false, "print one JSON object per hit (JSON Lines)")
	color := fs.String("color", "auto", "colour matches: auto, always or never (NO_COLOR turns auto off)")
	width := fs.IntP("fragment", "f", 120, "characters of text to show around the matches; 0 shows whole paragraphs")
	timeout := fs.Duration("timeout", 10*time.Second, "give up a search after this long")
	explain := fs.Bool("explain", false, "show how each hit's score is made")
	format := fs.String("format", "text", "output: text, json (as --json), jsonl, csv (with a BOM, for Excel) or tsv; with csv, tsv and jsonl, --limit 0 exports every hit")
	synonyms := fs.String("synonyms", "", "a file of your own synonyms, one group a line (安委会 = 安全生产委员会), added to the built-in list")
	exact := fs.Bool("exact", false, "search keywords only as typed, without synonyms and abbreviations (one keyword: =安委会)")
	noCollapse := fs.Bool("no-collapse", false, "show every hit: do not group hits whose text repeats a higher-ranked hit's (csv, tsv and jsonl always list every hit)")
	similarity := fs.Float64("similarity", index.DefaultSimilarity, fmt.Sprintf("how alike two paragraphs must be to be grouped as repeated text, %g to 1 (1: the same text)", index.MinSimilarity))
	fs.Lookup("limit").Usage = "hits to show; 0 shows (or exports) all"
	if done, code := parseFlags(fs, args, env, "search [flags] QUERY...\n\n"+querySyntaxHelp); done {
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
	if !(*similarity >= index.MinSimilarity && *similarity <= 1) {
		return env.errorf("search: --similarity takes a number from %g to 1, not %g", index.MinSimilarity, *similarity)
	}
	useColor, err := colorWanted(*color, env)
	if err != nil {
		return env.errorf("search: %v", err)
	}
	if *asJSON {
		if *format != "text" && *format != "json" {
			return env.errorf("search: --json and --format %s: choose one", *format)
		}
		*format = "json"
	}
	switch *format {
	case "text", "json", "jsonl", "csv", "tsv":
	default:
		return env.errorf("search: --format must be text, json, jsonl, csv or tsv, not %q", *format)
	}
	syn, err := loadSynonyms(*synonyms)
	if err != nil {
		return env.errorf("search: %v", err)
	}
	queryText := strings.Join(fs.Args(), " ")
	if env.collectLate != nil && *limit > 0 && *limit <= maxCollectedLate {
		// A page of hits: exports and long lists allocate per hit shown
		// (170 MB for every paragraph of 发展 on the whole corpus).
		env.collectLate()
	}

	set, ok := openIndex(context.Background(), env, *indexDirs)
	if !ok {
		return exitFailure
	}
	defer env.release(set)

	ctx, cancel := context.WithTimeout(context.Background(), *timeout)
	defer cancel()
	opts := query.Options{Limit: *limit, Offset: *offset, Explain: *explain, Synonyms: syn, Exact: *exact}
	opts.Collapse, opts.Similarity = !*noCollapse, *similarity // not for exports: see eachHit
	if *format == "csv" || *format == "tsv" || *format == "jsonl" {
		return exportHits(ctx, env, set, queryText, opts, *format)
	}
	res, err := query.SearchSet(ctx, set, queryText, opts)
	if err != nil {
		return queryError(env, err)
	}
	if *format == "json" {
		enc := newJSONWriter(env.stdout)
		for _, h := range res.Hits {
			if err := enc.Encode(h); err != nil {
				return env.errorf("writing output: %v", err)
			}
		}
	} else {
		p := &printer{w: env.stdout, color: useColor, width: *width, workDir: env.workDir}
		p.setRoot(res.Hits)
		for _, h := range res.Hits {
			p.hit(h)
			printExplanation(env.stdout, h.Explain, "  ")
		}
		p.summary(res, *offset)
	}
	if res.Total == 0 {
		hintOperators(env, queryText)
		return exitNoHits
	}
	return exitHits
}

// exportHits writes the hits of a search in a file format, page by page.
func exportHits(ctx context.Context, env *environment, set *index.Set, queryText string, opts query.Options, format string) int {
	var ex export.Writer
	var err error
	if format == "jsonl" {
		ex = &jsonlWriter{newJSONWriter(env.stdout)} // escaped for terminals
	} else if ex, err = export.NewWriter(format, env.stdout); err != nil {
		return env.errorf("search: %v", err)
	}
	limit := opts.Limit
	res, err := eachHit(ctx, set, queryText, opts, limit, ex.Write)
	if err != nil {
		return queryError(env, err)
	}
	if err := ex.Close(); err != nil {
		return env.errorf("writing output: %v", err)
	}
	if res.Total == 0 {
		return exitNoHits
	}
	return exitHits
}

type jsonlWriter struct{ w *jsonWriter }

func (j *jsonlWriter) Write(h query.Hit) error { return j.w.Encode(h) }
func (j *jsonlWriter) Close() error            { return nil }

// queryError prints a search's error; for a syntax error, the query with a
// caret under the column at fault.
func queryError(env *environment, err error) int {
	var se *query.SyntaxError
	if errors.As(err, &se) {
		code := env.errorf("%v", err)
		// The caret goes under the column at fault of the query as
		// shown, escapes included.
		before := safe(string([]rune(se.Query)[:min(max(se.Column-1, 0), utf8.RuneCountInString(se.Query))]))
		fmt.Fprintf(env.stderr, "  %s\n  %s^\n", safe(se.Query), strings.Repeat(" ", stringWidth(before)))
		return code
	}
	return env.errorf("%v", err)
}

// loadSynonyms returns the built-in synonyms with those of a file added,
// or nil (the built-in list) for no file.
func loadSynonyms(path string) (*query.Synonyms, error) {
	if path == "" {
		return nil, nil
	}
	syn := query.BuiltinSynonyms()
	if err := syn.Load(path); err != nil {
		return nil, err
	}
	return syn, nil
}

// querySyntaxHelp is the query syntax, for --help.
const querySyntaxHelp = `Query syntax:
  安全生产 责任制         both (keywords side by side must all match)
  "安全生产 责任制"       the exact phrase
  应急 OR 救援            either
  安全生产 -煤矿          exclude paragraphs with 煤矿
  (应急 OR 救援) 预案     grouping
  安全生产 /s 责任制      both in one sentence (ends at 。！？；!?; or a line end)
  安全生产 /10 责任制     at most 10 characters between them, either order
  title:X section:X doc:X in the title, heading path or file name
  =安委会                 as typed, without its synonyms (安全生产委员会); see --exact`

// hintOperators explains a search that found nothing because a word was
// meant as an operator: only upper-case OR is one ("a or b" searches for
// the word "or" too, as Google does), AND is implicit and NOT is written -.
func hintOperators(env *environment, queryText string) {
	q, err := query.Parse(queryText)
	if err != nil {
		return
	}
	seen := map[string]bool{}
	var walk func(query.Node)
	walk = func(n query.Node) {
		switch n := n.(type) {
		case *query.Keyword:
			if w := strings.ToLower(n.Text); !n.Quoted && (w == "or" || w == "and" || w == "not") {
				seen[w] = true
			}
		case *query.And:
			for _, c := range n.Nodes {
				walk(c)
			}
		case *query.Or:
			for _, c := range n.Nodes {
				walk(c)
			}
		case *query.Not:
			walk(n.Node)
		}
	}
	walk(q)
	if seen["or"] {
		fmt.Fprintln(env.stderr, `hint: did you mean OR? "or" was searched as a word; either of two keywords is: A OR B`)
	}
	if seen["and"] {
		fmt.Fprintln(env.stderr, `hint: "and" was searched as a word; keywords side by side must all match already: A B`)
	}
	if seen["not"] {
		fmt.Fprintln(env.stderr, `hint: "not" was searched as a word; to exclude a keyword, write -A`)
	}
}

// openIndex opens the indexes named by --index (several are searched as
// one), or the built-in one. On failure it prints the error with a hint and
// returns false. ctx bounds only the first use on a machine, which builds
// the built-in index: callers pass no --timeout here.
func openIndex(ctx context.Context, env *environment, dirs []string) (*index.Set, bool) {
	dirs = slices.DeleteFunc(slices.Clone(dirs), func(d string) bool { return d == "" }) // --index "": the default
	fromEnv := len(dirs) == 0 && env.indexDir != ""
	if fromEnv {
		dirs = []string{env.indexDir}
	}
	failed := func(err error, dir string) (*index.Set, bool) {
		if fromEnv {
			env.errorf("%v (ZHSEARCH_INDEX)", err)
		} else {
			env.errorf("%v", err)
		}
		hintIndex(env, err, dir)
		return nil, false
	}
	var members []*index.Index
	closeAll := func() {
		for _, ix := range members {
			ix.Close()
		}
	}
	if len(dirs) == 0 {
		ix, err := openBuiltin(ctx, env.cacheDir)
		if err != nil {
			return failed(err, "")
		}
		members = append(members, ix)
	}
	for _, dir := range dirs {
		ix, err := index.Open(dir)
		if err != nil {
			closeAll()
			return failed(err, dir)
		}
		members = append(members, ix)
	}
	if len(members) > 1 {
		// Read before the set checks them, so that damage is named with
		// its index's hint.
		for i, ix := range members {
			if _, err := ix.Titles(); err != nil {
				closeAll()
				return failed(err, dirs[i])
			}
		}
	}
	set, err := index.NewSet(members...)
	if err != nil {
		closeAll()
		return failed(err, "")
	}
	return set, true
}

// indexFlagUsage describes --index for the commands that read an index.
const indexFlagUsage = "index directory; repeat it to search several indexes as one (default: $ZHSEARCH_INDEX, else the built-in index of the reference speech)"

// hintIndex adds a line on how to get going after an index error.
func hintIndex(env *environment, err error, dir string) {
	switch {
	case errors.Is(err, index.ErrNotExist):
		fmt.Fprintf(env.stderr, "hint: build it with: zhsearch index --index %s PATH...\n", shellQuote(dir))
	case errors.Is(err, index.ErrNeedsRebuild), errors.Is(err, index.ErrDamaged):
		fmt.Fprintf(env.stderr, "hint: rebuild it with: zhsearch index --rebuild --index %s PATH...\n", shellQuote(dir))
	case errors.Is(err, index.ErrNotIndex):
		fmt.Fprintf(env.stderr, "hint: name an empty or new directory for the index, not %s\n", shellQuote(dir))
	case errors.Is(err, index.ErrLocked):
		fmt.Fprintln(env.stderr, "hint: another zhsearch is writing it; try again when it is done")
	case errors.Is(err, index.ErrIncompatible):
		fmt.Fprintln(env.stderr, "hint: indexes searched together must be built by one zhsearch with the same dictionaries, each document in one of them only")
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
