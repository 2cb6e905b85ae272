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
	indexDirs := flags.StringArray("index", nil, "index directory; repeat it to check several (default: the built-in index of the reference speech)")
	quiet := flags.BoolP("quiet", "q", false, "print nothing but errors")
	if done, code := parseFlags(flags, args, env, "check [--index DIR]"); done {
		return code
	}
	dirs := [][]string{nil} // the default index
	if len(*indexDirs) > 0 {
		dirs = nil
		for _, dir := range *indexDirs {
			dirs = append(dirs, []string{dir})
		}
	}
	code := exitHits
	// Each on its own: copies of one index (replicas) are checked alike.
	for _, dir := range dirs {
		if c := checkIndex(env, dir, *quiet); c != exitHits {
			code = c
		}
	}
	return code
}

// checkIndex verifies the index that dir names (none: the default).
func checkIndex(env *environment, dir []string, quiet bool) int {
	start := time.Now()
	set, ok := openIndex(context.Background(), env, dir)
	if !ok {
		return exitFailure
	}
	defer set.Close() // check loops over its indexes: see release
	ix := set.Members()[0]
	rep, err := ix.Verify()
	if err != nil {
		code := env.errorf("check: %v", err)
		hintIndex(env, err, ix.Dir())
		return code
	}
	if !quiet {
		fmt.Fprintf(env.stdout, "%s: intact: %d files, %.1f MiB verified (%.2f s)\n",
			ix.Dir(), rep.Files, float64(rep.Bytes)/(1<<20), time.Since(start).Seconds())
	}
	return exitHits
}
