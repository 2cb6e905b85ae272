package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/pflag"

	"github.com/zhsearch/zhsearch/index/extract"
)

// runShow prints documents as zhsearch reads them, without indexing: the
// metadata, then every paragraph with its number, headings marked by level
// and metadata paragraphs as such.
func runShow(args []string, env *environment) int {
	fs := pflag.NewFlagSet("show", pflag.ContinueOnError)
	asJSON := fs.Bool("json", false, "print each document as one JSON object")
	if done, code := parseFlags(fs, args, env, "show [--json] FILE..."); done {
		return code
	}
	if fs.NArg() == 0 {
		env.errorf("show: name a file (.txt .md .html .htm .shtml .docx .pdf .ofd .doc .wps)")
		fmt.Fprintf(env.stderr, "Run 'zhsearch help show' for usage.\n")
		return exitFailure
	}
	code := exitHits
	for i, path := range fs.Args() {
		data, err := os.ReadFile(path)
		if err != nil {
			code = env.errorf("show: %v", err)
			continue
		}
		doc, err := extract.Parse(filepath.Base(path), data)
		if err != nil {
			code = env.errorf("show: %s: %v", path, err)
			continue
		}
		if *asJSON {
			writeShowJSON(env.stdout, path, doc)
			continue
		}
		if i > 0 {
			fmt.Fprintln(env.stdout)
		}
		writeShow(env.stdout, path, doc)
	}
	return code
}

func writeShow(w io.Writer, path string, doc *extract.Document) {
	field := func(name, value string) {
		if value != "" {
			fmt.Fprintf(w, "%-10s %s\n", name+":", value)
		}
	}
	field("file", path)
	field("format", fmt.Sprintf("%s (%s)", doc.Format, doc.Encoding))
	field("title", doc.Title)
	field("date", doc.Date)
	field("effective", doc.Effective)
	field("source", doc.Source)
	field("speaker", doc.Speaker)
	field("issuer", doc.Issuer)
	field("number", doc.Number)
	field("type", doc.Type)
	field("region", doc.Region)
	field("force", doc.Force)
	field("status", doc.Status)
	for _, f := range doc.Fields {
		fmt.Fprintf(w, "  %s: %s\n", f.Name, f.Value)
	}
	field("paragraphs", fmt.Sprint(len(doc.Paragraphs)))
	fmt.Fprintln(w)
	for _, p := range doc.Paragraphs {
		var mark string
		switch p.Kind {
		case extract.KindTitle:
			mark = "# "
		case extract.KindHeading:
			mark = strings.Repeat("#", p.Level+1) + " "
		case extract.KindMeta:
			mark = "[meta] "
		}
		fmt.Fprintf(w, "¶%-4d %s%s\n", p.N, mark, p.Text)
	}
}

func writeShowJSON(w io.Writer, path string, doc *extract.Document) {
	type para struct {
		N       int      `json:"n"`
		Kind    string   `json:"kind"`
		Level   int      `json:"level,omitempty"`
		Section []string `json:"section,omitempty"`
		Text    string   `json:"text"`
	}
	out := struct {
		File       string          `json:"file"`
		Format     extract.Format  `json:"format"`
		Encoding   string          `json:"encoding"`
		Title      string          `json:"title"`
		Date       string          `json:"date,omitempty"`
		Effective  string          `json:"effective,omitempty"`
		Source     string          `json:"source,omitempty"`
		Speaker    string          `json:"speaker,omitempty"`
		Issuer     string          `json:"issuer,omitempty"`
		Number     string          `json:"number,omitempty"`
		Type       string          `json:"type,omitempty"`
		Region     string          `json:"region,omitempty"`
		Force      string          `json:"force,omitempty"`
		Status     string          `json:"status,omitempty"`
		Fields     []extract.Field `json:"fields,omitempty"`
		Paragraphs []para          `json:"paragraphs"`
	}{File: path, Format: doc.Format, Encoding: string(doc.Encoding), Title: doc.Title, Date: doc.Date,
		Effective: doc.Effective, Source: doc.Source, Speaker: doc.Speaker, Issuer: doc.Issuer, Number: doc.Number,
		Type: doc.Type, Region: doc.Region, Force: doc.Force, Status: doc.Status, Fields: doc.Fields, Paragraphs: []para{}}
	for _, p := range doc.Paragraphs {
		out.Paragraphs = append(out.Paragraphs, para{N: p.N, Kind: p.Kind.String(), Level: p.Level, Section: p.Section, Text: p.Text})
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(out)
}
