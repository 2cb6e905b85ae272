package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode/utf8"

	"github.com/spf13/pflag"

	"github.com/zhsearch/zhsearch/index"
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
  zhsearch kwic [flags] KEYWORD...      every occurrence in its context, keywords aligned (a concordance)
  zhsearch reuse [flags] DOC            a document's paragraphs that other documents repeat, oldest first
  zhsearch stats [--index DIR]          documents, paragraphs, size and what built an index
  zhsearch check [--index DIR]          verify every file of an index against its checksums
  zhsearch serve [flags]                a search page and JSON API (at 127.0.0.1:8080 unless --addr)
  zhsearch version                      the version, how it was built, the index format
  zhsearch help [COMMAND]               show help

Query syntax: keywords (all must match), "exact phrase", A OR B, -exclude,
(grouping), A /s B (one sentence), A /10 B (within 10 characters),
title:X section:X doc:X, =X (no synonyms). See "zhsearch help search".

Environment:
  ZHSEARCH_INDEX   the index directory to use when --index is not given
  NO_COLOR         set: no colour unless --color=always

Exit status: 0 hits (or done), 1 no hits (index: done, some files skipped), 2 error.
Run "zhsearch help COMMAND" for a command's flags.
`

type command struct {
	name  string
	short string
	run   func(args []string, env *environment) int
}

// environment is what a command may touch: its streams, and what it may
// read of the process environment, read once by run.
type environment struct {
	stdin          io.Reader
	stdout, stderr io.Writer

	indexDir string // $ZHSEARCH_INDEX: the index when --index is not given
	noColor  bool   // $NO_COLOR is set or $TERM is dumb: --color=auto is off
	workDir  string // the current directory, to show paths relative to it; "" if unknown
	cacheDir string // the user's cache directory, for the built-in index

	// collectLate, set by main (nil in tests, which share a process),
	// puts the first garbage collection off (see collectLate in main.go),
	// for a command that allocates a few MB and exits.
	collectLate func()

	// exitReleases, set by main (false in tests, which share a process),
	// says the process exits when the command returns: see release.
	exitReleases bool
}

// release closes the indexes a command opened, unless the process exits
// right after (the command returns to main), which unmaps their files and
// drops their locks at once: Close unmaps them one by one, and in a process
// of several threads every unmapping flushes each core's address cache
// (see the README's Performance section). Nothing of a read-only index is
// left to write.
func (e *environment) release(set *index.Set) {
	if !e.exitReleases {
		set.Close()
	}
}

func newEnvironment(stdin io.Reader, stdout, stderr io.Writer) *environment {
	if stdin == nil {
		stdin = strings.NewReader("")
	}
	wd, _ := os.Getwd()
	cache, err := os.UserCacheDir()
	if err != nil {
		cache = os.TempDir()
	}
	return &environment{
		stdin: stdin, stdout: stdout, stderr: stderr,
		indexDir: os.Getenv("ZHSEARCH_INDEX"),
		noColor:  os.Getenv("NO_COLOR") != "" || os.Getenv("TERM") == "dumb",
		workDir:  wd,
		cacheDir: cache,
	}
}

// errorf prints "zhsearch: <what>" on stderr and returns exitFailure. The
// message may quote a path, a query or a file's text: what a terminal would
// act on is escaped.
func (e *environment) errorf(format string, args ...any) int {
	fmt.Fprintf(e.stderr, "zhsearch: %s\n", safe(fmt.Sprintf(format, args...)))
	return exitFailure
}

func commands() []command {
	return []command{
		{"search", "search an index", runSearch},
		{"index", "build or update an index", runIndex},
		{"segment", "show how text is segmented", runSegment},
		{"show", "show a document as zhsearch reads it", runShow},
		{"trend", "count a keyword's paragraphs by year", runTrend},
		{"kwic", "every occurrence of a keyword in its context", runKWIC},
		{"reuse", "paragraphs a document shares with others", runReuse},
		{"stats", "describe an index", runStats},
		{"check", "verify an index's files", runCheck},
		{"serve", "serve a search page and JSON API", runServe},
		{"version", "print the version", runVersion},
	}
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return runIn(newEnvironment(stdin, stdout, stderr), args)
}

// runIn runs the command args names in env.
func runIn(env *environment, args []string) int {
	if len(args) == 0 {
		fmt.Fprint(env.stderr, usage)
		return exitFailure
	}
	name, rest := args[0], args[1:]
	switch name {
	case "help", "-h", "--help":
		if len(rest) > 0 {
			return runIn(env, []string{rest[0], "--help"})
		}
		fmt.Fprint(env.stdout, usage)
		return exitHits
	case "--version":
		return runVersion(rest, env)
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
	args, err := moveTerms(fs, args)
	if err == nil {
		err = fs.Parse(args)
	}
	if errors.Is(err, pflag.ErrHelp) {
		fmt.Fprintf(env.stdout, "Usage: zhsearch %s\n\nFlags:\n%s", synopsis, fs.FlagUsages())
		return true, exitHits
	}
	if err != nil {
		env.errorf("%s: %v", fs.Name(), err)
		if (fs.Name() == "search" || fs.Name() == "trend") && strings.HasPrefix(err.Error(), "unknown shorthand flag") {
			fmt.Fprintf(env.stderr, "hint: to exclude a Latin word, put the query after \"--\": zhsearch %s -- 生产 -word\n", fs.Name())
		}
		fmt.Fprintf(env.stderr, "Run 'zhsearch help %s' for usage.\n", fs.Name())
		return true, exitFailure
	}
	return false, 0
}

// moveTerms puts the arguments that look like flags but cannot be any, the
// query terms -安全, -"a b", -(a OR b) and -title:x, after a "--" with the
// other positional arguments, in their order, so that pflag takes them as
// arguments. (pflag would read -安全 as the shorthand flags of its bytes.)
// It reports an unknown shorthand flag itself, with the flag's character
// intact where pflag would print a byte of it.
func moveTerms(fs *pflag.FlagSet, args []string) ([]string, error) {
	var flags, terms []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--":
			terms = append(terms, args[i+1:]...)
			i = len(args)
		case len(a) < 2 || a[0] != '-' || isQueryTerm(a):
			terms = append(terms, a)
		case strings.HasPrefix(a, "--"):
			flags = append(flags, a)
			if f := fs.Lookup(a[2:]); f != nil && f.NoOptDefVal == "" && i+1 < len(args) {
				i++ // the flag's value
				flags = append(flags, args[i])
			}
		default: // shorthands, as -n5, -qn 5
			flags = append(flags, a)
			for j, r := range a[1:] {
				if r == 'h' && fs.ShorthandLookup("h") == nil {
					break // pflag's own -h
				}
				if r >= utf8.RuneSelf || fs.ShorthandLookup(string(r)) == nil {
					return nil, fmt.Errorf("unknown shorthand flag: '%c' in %s", r, a)
				}
				if f := fs.ShorthandLookup(string(r)); f.NoOptDefVal == "" {
					if j+1 == len(a)-1 && i+1 < len(args) {
						i++ // the flag's value
						flags = append(flags, args[i])
					}
					break
				}
			}
		}
	}
	if len(terms) == 0 {
		return flags, nil
	}
	return append(append(flags, "--"), terms...), nil
}

// isQueryTerm reports whether an argument starting with "-" is a query term
// rather than a flag: every flag is ASCII letters, so -安全, -1955年, -"…",
// -(…) and -title:… cannot be one.
func isQueryTerm(a string) bool {
	r, _ := utf8.DecodeRuneInString(a[1:])
	if r >= utf8.RuneSelf || r >= '0' && r <= '9' || r == '"' || r == '(' {
		return true
	}
	name := strings.TrimLeft(a[1:], "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
	return len(name) < len(a)-1 && (strings.HasPrefix(name, ":") || strings.HasPrefix(name, "："))
}
