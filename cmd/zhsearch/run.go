package main

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/pflag"
)

// Exit codes, as grep and ripgrep use them.
const (
	exitHits    = 0 // found something (or a command succeeded)
	exitNoHits  = 1 // searched and found nothing; or indexed with files skipped
	exitFailure = 2 // an error
)

const usage = `zhsearch: full-text search for Chinese policy documents, by paragraph.

Usage:
  zhsearch search [flags] QUERY...      search (the built-in index of a reference speech unless --index)
  zhsearch index --index DIR PATH...    build or update an index from documents and folders
  zhsearch segment [--dict FILE] TEXT   show how text is cut into words
  zhsearch show [--json] FILE...        show a document as zhsearch reads it (any format)
  zhsearch trend [flags] KEYWORD...     paragraphs and occurrences of keywords by year, as a bar chart
  zhsearch stats [--index DIR]          documents, paragraphs, size and what built an index
  zhsearch serve [flags]                a search page and JSON API (at 127.0.0.1:8080 unless --addr)
  zhsearch help [COMMAND]               show help

Query syntax: keywords (all must match), "exact phrase", A OR B, -exclude,
(grouping), title:X section:X doc:X.

Run "zhsearch help COMMAND" for a command's flags.
`

type command struct {
	name  string
	short string
	run   func(args []string, env *environment) int
}

// environment is what a command may touch: its streams.
type environment struct {
	stdin          io.Reader
	stdout, stderr io.Writer
}

// errorf prints "zhsearch: <what>" on stderr and returns exitFailure.
func (e *environment) errorf(format string, args ...any) int {
	fmt.Fprintf(e.stderr, "zhsearch: "+format+"\n", args...)
	return exitFailure
}

func commands() []command {
	return []command{
		{"search", "search an index", runSearch},
		{"index", "build or update an index", runIndex},
		{"segment", "show how text is segmented", runSegment},
		{"show", "show a document as zhsearch reads it", runShow},
		{"trend", "count a keyword's paragraphs by year", runTrend},
		{"stats", "describe an index", runStats},
		{"serve", "serve a search page and JSON API", runServe},
	}
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	env := &environment{stdin: stdin, stdout: stdout, stderr: stderr}
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitFailure
	}
	name, rest := args[0], args[1:]
	switch name {
	case "help", "-h", "--help":
		if len(rest) > 0 {
			return run([]string{rest[0], "--help"}, stdin, stdout, stderr)
		}
		fmt.Fprint(stdout, usage)
		return exitHits
	}
	for _, c := range commands() {
		if c.name == name {
			return c.run(rest, env)
		}
	}
	return env.errorf("unknown command %q (commands: %s)", name, commandNames())
}

func commandNames() string {
	var names []string
	for _, c := range commands() {
		names = append(names, c.name)
	}
	return strings.Join(names, ", ")
}

// parseFlags parses a command's flags. It returns done when the command
// should exit with code (help was shown, or the flags were wrong).
func parseFlags(fs *pflag.FlagSet, args []string, env *environment, synopsis string) (done bool, code int) {
	fs.SetOutput(env.stderr)
	fs.Usage = func() {}
	err := fs.Parse(args)
	if errors.Is(err, pflag.ErrHelp) {
		fmt.Fprintf(env.stdout, "Usage: zhsearch %s\n\nFlags:\n%s", synopsis, fs.FlagUsages())
		return true, exitHits
	}
	if err != nil {
		env.errorf("%s: %v", fs.Name(), err)
		fmt.Fprintf(env.stderr, "Run 'zhsearch help %s' for usage.\n", fs.Name())
		return true, exitFailure
	}
	return false, 0
}
