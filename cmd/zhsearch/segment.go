package main

import (
	"encoding/json"
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
	if done, code := parseFlags(fs, args, env, "segment [--dict FILE] TEXT...  (reads standard input without TEXT)"); done {
		return code
	}
	text := strings.Join(fs.Args(), " ")
	if fs.NArg() == 0 {
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
		enc := json.NewEncoder(env.stdout)
		enc.SetEscapeHTML(false)
		for _, w := range words {
			enc.Encode(struct {
				Word  string `json:"word"`
				Start int    `json:"start"`
				End   int    `json:"end"`
			}{text[w.Start:w.End], w.Start, w.End})
		}
		return exitHits
	}
	parts := make([]string, len(words))
	for i, w := range words {
		parts[i] = text[w.Start:w.End]
	}
	fmt.Fprintln(env.stdout, strings.Join(parts, " / "))
	return exitHits
}
