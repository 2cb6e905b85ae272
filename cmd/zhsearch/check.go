package main

import (
	"context"
	"fmt"
	"time"

	"github.com/spf13/pflag"
)

// runCheck verifies every file of an index against the checksums of its
// build record: what opening an index checks only in part for its large
// segment files.
func runCheck(args []string, env *environment) int {
	flags := pflag.NewFlagSet("check", pflag.ContinueOnError)
	indexDir := flags.String("index", "", "index directory (default: the built-in index of the reference speech)")
	quiet := flags.BoolP("quiet", "q", false, "print nothing but errors")
	if done, code := parseFlags(flags, args, env, "check [--index DIR]"); done {
		return code
	}
	start := time.Now()
	ix, ok := openIndex(context.Background(), env, *indexDir)
	if !ok {
		return exitFailure
	}
	defer ix.Close()
	rep, err := ix.Verify()
	if err != nil {
		code := env.errorf("check: %v", err)
		hintIndex(env, err, ix.Dir())
		return code
	}
	if !*quiet {
		fmt.Fprintf(env.stdout, "%s: intact: %d files, %.1f MiB verified (%.2f s)\n",
			ix.Dir(), rep.Files, float64(rep.Bytes)/(1<<20), time.Since(start).Seconds())
	}
	return exitHits
}
