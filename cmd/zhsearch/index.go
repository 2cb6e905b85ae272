package main

import (
	"context"
	"errors"
	"fmt"
	iofs "io/fs"
	"os"
	"os/signal"
	"time"

	"github.com/spf13/pflag"

	"github.com/zhsearch/zhsearch/index"
	"github.com/zhsearch/zhsearch/segment"
)

func runIndex(args []string, env *environment) int {
	fs := pflag.NewFlagSet("index", pflag.ContinueOnError)
	indexDir := fs.String("index", "", "index directory to build or update (default: $ZHSEARCH_INDEX)")
	dicts := fs.StringArray("dict", nil, "user dictionary file (\"word [frequency [pos]]\" a line); repeatable")
	strict := fs.Bool("strict", false, "fail, leaving the index as it was, if any file cannot be indexed")
	quiet := fs.BoolP("quiet", "q", false, "print nothing but errors")
	rebuild := fs.Bool("rebuild", false, "index PATHs afresh, dropping everything else (for a new format or dictionary, or a damaged index)")
	if done, code := parseFlags(fs, args, env, "index --index DIR [flags] PATH..."); done {
		return code
	}
	if *indexDir == "" {
		*indexDir = env.indexDir
	}
	if *indexDir == "" {
		return env.errorf("index: --index DIR is required (or ZHSEARCH_INDEX)")
	}
	if fs.NArg() == 0 {
		return env.errorf("index: no files or folders to index")
	}
	// A mistyped path is an error of its own, said before anything is
	// written: when every path is missing nothing is indexed, and an index
	// that does not exist yet is not created empty.
	missing := map[string]bool{}
	for _, p := range fs.Args() {
		if _, err := os.Stat(p); errors.Is(err, iofs.ErrNotExist) {
			missing[p] = true
		}
	}
	if len(missing) == fs.NArg() {
		for _, p := range fs.Args() {
			env.errorf("index: no such file or directory: %s", shellQuote(p))
		}
		return exitFailure
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()

	start := time.Now()
	seg, err := segment.New(segment.Options{UserDicts: *dicts})
	if err != nil {
		return env.errorf("index: %v", err)
	}
	opts := index.UpdateOptions{Strict: *strict, Rebuild: *rebuild}
	var bar *progressBar
	if !*quiet && isTerminal(env.stderr) {
		bar = &progressBar{w: env.stderr, start: time.Now()}
		opts.Progress = bar.update
	}
	rep, err := index.Update(ctx, *indexDir, seg, fs.Args(), opts)
	bar.clear()
	if rep != nil {
		for _, s := range rep.Skipped {
			if missing[s.Path] {
				env.errorf("index: no such file or directory: %s", shellQuote(s.Path))
			} else {
				env.errorf("skipped %s: %v", shellQuote(s.Path), s.Err)
			}
		}
	}
	if err != nil {
		if errors.Is(err, index.ErrSkipped) {
			return env.errorf("index: --strict: a file could not be indexed; %s is unchanged", shellQuote(*indexDir))
		}
		code := env.errorf("index: %v", err)
		hintIndex(env, err, *indexDir)
		return code
	}
	if !*quiet {
		verb := "updated"
		if !rep.Swapped {
			verb = "already up to date:"
		}
		fmt.Fprintf(env.stdout, "%s %s: %d added, %d changed, %d removed, %d unchanged; %d paragraphs written (%.1f s)\n",
			verb, shellQuote(*indexDir), rep.Added, rep.Changed, rep.Removed, rep.Unchanged, rep.Paragraphs, time.Since(start).Seconds())
	}
	if len(rep.Skipped) > 0 {
		fmt.Fprintf(env.stderr, "zhsearch: %d %s skipped\n", len(rep.Skipped), pluralWord(len(rep.Skipped), "path was", "paths were"))
		return exitNoHits
	}
	return exitHits
}

func pluralWord(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
