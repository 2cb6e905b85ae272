package main

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/spf13/pflag"

	"github.com/zhsearch/zhsearch/segment"
)

func runSegment(args []string, env *environment) int {
	fs := pflag.NewFlagSet("segment", pflag.ContinueOnError)
	dicts := fs.StringArray("dict", nil, "user dictionary file (\"word [frequency [pos]]\" a line); repeatable")
	asJSON := fs.Bool("json", false, "print tokens as JSON with byte offsets")
	const synopsis = "segment [--dict FILE] TEXT...  (reads standard input without TEXT)"
	if done, code := parseFlags(fs, args, env, synopsis); done {
		return code
	}
	text := strings.Join(fs.Args(), " ")
	if fs.NArg() == 0 {
		if isTerminal(env.stdin) {
			// Nobody would know that it waits for typed text and Ctrl-D.
			code := env.errorf("segment: no text")
			fmt.Fprintf(env.stderr, "Usage: zhsearch %s\n  e.g. zhsearch segment 全市非煤矿山关闭退出工作, or: zhsearch segment < file.txt\n", synopsis)
			return code
		}
		data, err := io.ReadAll(env.stdin)
		if err != nil {
			return env.errorf("segment: reading standard input: %v", err)
		}
		text = string(data)
	}
	if !utf8.ValidString(text) {
		return env.errorf("segment: the text is not valid UTF-8")
	}
	seg, err := segment.New(segment.Options{UserDicts: *dicts})
	if err != nil {
		return env.errorf("segment: %v", err)
	}
	words := seg.Words(text)
	if *asJSON {
		enc := newJSONWriter(env.stdout)
		for _, w := range words {
			err := enc.Encode(struct {
				Word  string `json:"word"`
				Start int    `json:"start"`
				End   int    `json:"end"`
			}{text[w.Start:w.End], w.Start, w.End})
			if err != nil {
				return env.errorf("writing output: %v", err)
			}
		}
		return exitHits
	}
	parts := make([]string, len(words))
	for i, w := range words {
		parts[i] = safe(text[w.Start:w.End])
	}
	fmt.Fprintln(env.stdout, strings.Join(parts, " / "))
	return exitHits
}
