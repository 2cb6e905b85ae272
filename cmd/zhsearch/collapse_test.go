package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// The opening formula of the provincial reports ("现在，我代表省人民政府向大会
// 报告工作…") repeats, with edits, across the test corpus: by default the
// repeats are listed under the best hit, and --no-collapse shows each.
func TestSearchCollapse(t *testing.T) {
	for _, tt := range []struct {
		name string
		args []string
	}{
		{"search-collapse", []string{"--fragment", "60", "政协委员"}},
		{"search-no-collapse", []string{"--fragment", "60", "--no-collapse", "政协委员"}},
		{"search-collapse-page", []string{"--fragment", "60", "--limit", "1", "--offset", "1", "政协委员"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := runCLI(t, append([]string{"search", "--index", testIndex}, tt.args...)...)
			if r.code != 0 || r.stderr != "" {
				t.Fatalf("exit %d; stderr: %s", r.code, r.stderr)
			}
			golden(t, tt.name, r.stdout)
		})
	}
}

func TestSearchCollapseJSON(t *testing.T) {
	collapsed := runCLI(t, "search", "--index", testIndex, "--json", "--limit", "0", "政协委员")
	every := runCLI(t, "search", "--index", testIndex, "--json", "--limit", "0", "--no-collapse", "政协委员")
	if collapsed.code != 0 || every.code != 0 {
		t.Fatalf("exit %d and %d: %s%s", collapsed.code, every.code, collapsed.stderr, every.stderr)
	}
	type repeat struct {
		ID         string  `json:"id"`
		Doc        string  `json:"doc"`
		Title      string  `json:"title"`
		Date       string  `json:"date"`
		Paragraph  int     `json:"paragraph"`
		Similarity float64 `json:"similarity"`
		Of         string  `json:"of"`
	}
	ids := map[string]bool{}
	repeats := 0
	for _, line := range strings.Split(strings.TrimSpace(collapsed.stdout), "\n") {
		var hit struct {
			ID      string   `json:"id"`
			Repeats []repeat `json:"repeats"`
		}
		if err := json.Unmarshal([]byte(line), &hit); err != nil {
			t.Fatalf("line %q: %v", line, err)
		}
		ids[hit.ID] = true
		for _, r := range hit.Repeats {
			repeats++
			ids[r.ID] = true
			if r.Doc == "" || r.Title == "" || r.Paragraph < 1 || r.Similarity < 0.5 || r.Similarity > 1 {
				t.Errorf("repeat lacks a field: %+v", r)
			}
		}
	}
	if repeats == 0 {
		t.Fatal("no repeats: the test proves nothing")
	}
	lines := strings.Split(strings.TrimSpace(every.stdout), "\n")
	if len(lines) != len(ids) {
		t.Errorf("--no-collapse prints %d hits, collapsed output holds %d", len(lines), len(ids))
	}
	if strings.Contains(every.stdout, `"repeats"`) {
		t.Error("--no-collapse output lists repeats")
	}
}

func TestSearchSimilarityFlag(t *testing.T) {
	for _, v := range []string{"0.1", "1.5", "NaN"} {
		r := runCLI(t, "search", "--index", testIndex, "--similarity", v, "政协委员")
		if r.code != 2 || !strings.Contains(r.stderr, "--similarity takes a number from 0.4 to 1") {
			t.Errorf("--similarity %s: exit %d, stderr %q", v, r.code, r.stderr)
		}
	}
	r := runCLI(t, "search", "--index", testIndex, "--similarity", "1", "--fragment", "60", "政协委员")
	if r.code != 0 || strings.Contains(r.stdout, "也见于") {
		t.Errorf("--similarity 1 groups the edited formulas: exit %d\n%s", r.code, r.stdout)
	}
}
