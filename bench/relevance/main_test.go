package main

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
)

// TestSkipsWithoutCorpus: without the shared corpus the harness says why it
// measures nothing and succeeds, so that "make relevance" does not fail on a
// machine that lacks it.
func TestSkipsWithoutCorpus(t *testing.T) {
	var out, errs bytes.Buffer
	missing := filepath.Join(t.TempDir(), "corpus")
	if code := run([]string{"-corpus", missing}, &out, &errs); code != 0 {
		t.Fatalf("run = %d, want 0; stderr: %s", code, errs.String())
	}
	if !strings.Contains(out.String(), "skipped") || !strings.Contains(out.String(), missing) {
		t.Errorf("output %q does not say that it skipped for want of %s", out.String(), missing)
	}
}

func TestBadFlags(t *testing.T) {
	for _, args := range [][]string{{"-known", "-1"}, {"-nosuchflag"}, {"extra"}} {
		var out, errs bytes.Buffer
		if code := run(args, &out, &errs); code != 2 {
			t.Errorf("run(%q) = %d, want 2", args, code)
		}
		if errs.Len() == 0 {
			t.Errorf("run(%q) printed no error", args)
		}
	}
}
