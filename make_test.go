package zhsearch

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// TestSkippedUnderRaceRunsWithout proves that every test that skips itself
// under the race detector (skipUnderRace) runs in make test's second pass:
// its name matches the Makefile's REAL_TEXT_CHECKS and its package is one
// of REAL_TEXT_PACKAGES. A test missing from either would run nowhere.
func TestSkippedUnderRaceRunsWithout(t *testing.T) {
	makefile, err := os.ReadFile("Makefile")
	if err != nil {
		t.Fatal(err)
	}
	variable := func(name string) string {
		m := regexp.MustCompile(`(?m)^` + name + ` = (.*)$`).FindSubmatch(makefile)
		if m == nil {
			t.Fatalf("the Makefile sets no %s", name)
		}
		return string(m[1])
	}
	checks := regexp.MustCompile(variable("REAL_TEXT_CHECKS"))
	packages := strings.Fields(variable("REAL_TEXT_PACKAGES"))

	found := 0
	err = filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && path != "." && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, "_test.go") {
			return nil
		}
		file, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		pkg := "./" + filepath.ToSlash(filepath.Dir(path)) + "/"
		for _, decl := range file.Decls {
			fn, ok := decl.(*ast.FuncDecl)
			if !ok || fn.Body == nil || !callsSkipUnderRace(fn.Body) {
				continue
			}
			found++
			if !checks.MatchString(fn.Name.Name) {
				t.Errorf("%s: %s skips itself under -race, but REAL_TEXT_CHECKS does not match it", path, fn.Name.Name)
			}
			if !slices.Contains(packages, pkg) {
				t.Errorf("%s: %s skips itself under -race, but REAL_TEXT_PACKAGES does not name %s", path, fn.Name.Name, pkg)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if found == 0 {
		t.Error("no test calls skipUnderRace: is this the repository's root?")
	}
}

// callsSkipUnderRace says whether body calls skipUnderRace (or
// index.SkipUnderRace, as the index package's external tests do).
func callsSkipUnderRace(body *ast.BlockStmt) bool {
	calls := false
	ast.Inspect(body, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return !calls
		}
		switch f := call.Fun.(type) {
		case *ast.Ident:
			calls = calls || f.Name == "skipUnderRace" || f.Name == "SkipUnderRace"
		case *ast.SelectorExpr:
			calls = calls || f.Sel.Name == "SkipUnderRace"
		}
		return !calls
	})
	return calls
}
