package main

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestReuseCommand(t *testing.T) {
	for _, tt := range []struct {
		name string
		args []string
		code int
	}{
		{"reuse-hebei", []string{"河北省.txt"}, 0},
		{"reuse-between", []string{"--between", "--similarity", "0.4", "河北省.txt", "山西省.txt"}, 0},
		{"reuse-same-only", []string{"--similarity", "1", "河北省.txt"}, 1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := runCLI(t, append([]string{"reuse", "--index", testIndex}, tt.args...)...)
			if r.code != tt.code || r.stderr != "" {
				t.Fatalf("exit %d, want %d; stderr: %s", r.code, tt.code, r.stderr)
			}
			golden(t, tt.name, r.stdout)
		})
	}
}

func TestReuseJSON(t *testing.T) {
	r := runCLI(t, "reuse", "--index", testIndex, "--json", "河北省.txt")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	var got struct {
		Doc        string  `json:"doc"`
		Title      string  `json:"title"`
		Similarity float64 `json:"similarity"`
		Paragraphs int     `json:"paragraphs"`
		Compared   int     `json:"compared"`
		Reused     []struct {
			Paragraph int    `json:"paragraph"`
			Text      string `json:"text"`
			Found     []struct {
				Doc        string  `json:"doc"`
				Date       string  `json:"date"`
				Paragraph  int     `json:"paragraph"`
				Similarity float64 `json:"similarity"`
				Shared     int     `json:"shared"`
				Union      int     `json:"union"`
			} `json:"found"`
		} `json:"reused"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &got); err != nil {
		t.Fatalf("%v: %s", err, r.stdout)
	}
	if !strings.HasSuffix(got.Doc, "河北省.txt") || got.Similarity != 0.5 || got.Compared == 0 || len(got.Reused) == 0 {
		t.Fatalf("reuse: %+v", got)
	}
	for _, rp := range got.Reused {
		for _, o := range rp.Found {
			if o.Similarity != float64(o.Shared)/float64(o.Union) || o.Similarity < 0.5 {
				t.Errorf("¶%d in %s ¶%d: similarity %v for %d/%d", rp.Paragraph, o.Doc, o.Paragraph, o.Similarity, o.Shared, o.Union)
			}
		}
	}
	between := runCLI(t, "reuse", "--index", testIndex, "--json", "--between", "河北省.txt", "山西省.txt")
	var cmp struct {
		A     struct{ Doc string } `json:"a"`
		B     struct{ Doc string } `json:"b"`
		Near  int                  `json:"near"`
		Pairs []json.RawMessage    `json:"pairs"`
	}
	if err := json.Unmarshal([]byte(between.stdout), &cmp); err != nil || between.code != 0 {
		t.Fatalf("exit %d, %v: %s", between.code, err, between.stdout)
	}
	if !strings.HasSuffix(cmp.B.Doc, "山西省.txt") || cmp.Near != len(cmp.Pairs) || cmp.Near == 0 {
		t.Errorf("between: %+v", cmp)
	}
}

func TestReuseErrors(t *testing.T) {
	for _, tt := range []struct {
		name string
		args []string
		want string
	}{
		{"no document", []string{}, "name one document"},
		{"two documents without --between", []string{"河北省.txt", "山西省.txt"}, "name one document, not 2"},
		{"--between with one", []string{"--between", "河北省.txt"}, "--between takes two documents"},
		{"unknown document", []string{"湖南省.txt"}, `"湖南省.txt": no such document in the index`},
		{"a folder is not a document", []string{"reports"}, "no such document"},
		{"similarity too low", []string{"--similarity", "0.2", "河北省.txt"}, "--similarity takes a number from 0.4 to 1"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := runCLI(t, append([]string{"reuse", "--index", testIndex}, tt.args...)...)
			if r.code != 2 || !strings.Contains(r.stderr, tt.want) || !strings.HasPrefix(r.stderr, "zhsearch: reuse: ") {
				t.Errorf("exit %d, stderr %q; want 2 and %q", r.code, r.stderr, tt.want)
			}
		})
	}
}
