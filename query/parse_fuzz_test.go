package query

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
)

func FuzzParse(f *testing.F) {
	for _, tc := range parseTests {
		f.Add(tc.query)
	}
	for _, tc := range parseErrorTests {
		f.Add(tc.query)
	}
	for _, tc := range filterParseTests {
		f.Add(tc.query)
	}
	for _, tc := range nearParseTests {
		f.Add(tc.query)
	}
	for _, tc := range nearErrorTests {
		f.Add(tc.query)
	}
	f.Fuzz(func(t *testing.T, q string) {
		n, err := Parse(q)
		runes := utf8.RuneCountInString(q)
		if err != nil {
			if n != nil {
				t.Errorf("Parse(%q) returned %v with error %v", q, n, err)
			}
			if !errors.Is(err, ErrSyntax) && !errors.Is(err, ErrEmptyQuery) && !errors.Is(err, ErrTooComplex) {
				t.Fatalf("Parse(%q) error %v is none of ErrSyntax, ErrEmptyQuery, ErrTooComplex", q, err)
			}
			var se *SyntaxError
			if errors.As(err, &se) {
				if se.Column < 1 || se.Column > runes+1 {
					t.Errorf("Parse(%q): column %d outside [1, %d]", q, se.Column, runes+1)
				}
				if se.Query != q {
					t.Errorf("Parse(%q): SyntaxError.Query = %q", q, se.Query)
				}
			}
			return
		}
		checkAST(t, q, n)

		s := n.String()
		again, err := ParseWithLimits(s, roundTripLimits(DefaultLimits(), s))
		if err != nil {
			t.Fatalf("Parse(%q) of String() of Parse(%q): %v", s, q, err)
		}
		if diff := cmp.Diff(n, again, ignoreColumns); diff != "" {
			t.Fatalf("Parse(%q) of String() of Parse(%q) (-want +got):\n%s", s, q, diff)
		}
		if s2 := again.String(); s2 != s {
			t.Errorf("String() is not canonical: %q reads back as %q", s, s2)
		}
	})
}

// checkAST checks what Parse promises about a Node it returned for q: the
// tree is simplified, exclusions never stand alone, and each column points at
// what the node was parsed from, in increasing order.
func checkAST(t *testing.T, q string, n Node) {
	t.Helper()
	rs := []rune(q)
	last, keywords := 0, 0
	column := func(col int, what string) {
		if col <= last || col > len(rs) {
			t.Errorf("Parse(%q): %s at column %d, after column %d of %d", q, what, col, last, len(rs))
		}
		last = col
	}
	var walk func(n Node)
	top := n
	walk = func(n Node) {
		switch n := n.(type) {
		case *Filter:
			column(n.Column, "filter "+string(n.Name))
			if name, size := filterAt(rs, n.Column-1); name != n.Name || size == 0 {
				t.Errorf("Parse(%q): filter %s is not at column %d", q, n.Name, n.Column)
			}
			if !topLevel(top, n) {
				t.Errorf("Parse(%q): filter %v below the top level", q, n)
			}
			if n.Name == FilterDate || n.Name == FilterEffective {
				if n.From == "" && n.To == "" || n.From != "" && n.To != "" && n.From > n.To && !strings.HasPrefix(n.From, n.To) {
					t.Errorf("Parse(%q): date range %q..%q", q, n.From, n.To)
				}
			}
		case *Keyword:
			keywords++
			column(n.Column, "keyword "+n.Text)
			if n.Text == "" || !utf8.ValidString(n.Text) {
				t.Errorf("Parse(%q): keyword text %q", q, n.Text)
			}
			if !slices.Contains(prefixFields[:], n.Field) && n.Field != FieldText {
				t.Errorf("Parse(%q): field %q", q, n.Field)
			}
			text := []rune(n.Text)
			at := n.Column - 1
			if n.Exact {
				if n.Quoted || at < 0 || rs[at] != '=' {
					t.Errorf("Parse(%q): exact keyword %q has no = at column %d", q, n.Text, n.Column)
				}
				at++
			}
			if n.Quoted {
				end := at + 1 + len(text)
				if at < 0 || end >= len(rs) || closingQuote(rs[at]) == 0 || rs[end] != closingQuote(rs[at]) ||
					string(rs[at+1:end]) != n.Text {
					t.Errorf("Parse(%q): phrase %q is not quoted at column %d", q, n.Text, n.Column)
				}
			} else if at < 0 || at+len(text) > len(rs) || string(rs[at:at+len(text)]) != n.Text {
				t.Errorf("Parse(%q): keyword %q is not at column %d", q, n.Text, n.Column)
			}
		case *And:
			if len(n.Nodes) < 2 {
				t.Errorf("Parse(%q): And of %d nodes", q, len(n.Nodes))
			}
			for _, c := range n.Nodes {
				if _, ok := c.(*And); ok {
					t.Errorf("Parse(%q): And inside And", q)
				}
				walk(c)
			}
		case *Or:
			if len(n.Nodes) < 2 {
				t.Errorf("Parse(%q): Or of %d nodes", q, len(n.Nodes))
			}
			for _, c := range n.Nodes {
				if _, ok := c.(*Or); ok {
					t.Errorf("Parse(%q): Or inside Or", q)
				}
				if !searchesAlone(c) {
					t.Errorf("Parse(%q): OR alternative %v only excludes", q, c)
				}
				walk(c)
			}
		case *Near:
			if len(n.Nodes) < 2 || len(n.Ops) != len(n.Nodes)-1 {
				t.Errorf("Parse(%q): Near of %d nodes and %d operators", q, len(n.Nodes), len(n.Ops))
			}
			field := nearField(n)
			for i, c := range n.Nodes {
				if i > 0 {
					op := n.Ops[i-1]
					column(op.Column, "proximity operator")
					if r := rs[op.Column-1]; r != '/' && r != '／' {
						t.Errorf("Parse(%q): proximity operator at column %d, not a /", q, op.Column)
					}
					if !op.Sentence && (op.Chars < 0 || op.Chars > MaxNearChars) {
						t.Errorf("Parse(%q): /%d", q, op.Chars)
					}
				}
				ks := nearKeywords(c)
				if len(ks) == 0 {
					t.Errorf("Parse(%q): proximity operand %v", q, c)
				}
				for _, k := range ks {
					if k.Field != field || k.Field == FieldDoc {
						t.Errorf("Parse(%q): proximity operand %v in field %q", q, k, k.Field)
					}
				}
				walk(c)
			}
		case *Not:
			column(n.Column, "-")
			if rs[n.Column-1] != '-' {
				t.Errorf("Parse(%q): Not at column %d, not a -", q, n.Column)
			}
			if !searchesAlone(n.Node) {
				t.Errorf("Parse(%q): excluded %v only excludes", q, n.Node)
			}
			walk(n.Node)
		default:
			t.Fatalf("Parse(%q): node %#v", q, n)
		}
	}
	walk(n)
	if !searchesAlone(n) {
		t.Errorf("Parse(%q) = %v only excludes", q, n)
	}
	if keywords > DefaultLimits().MaxKeywords {
		t.Errorf("Parse(%q): %d keywords", q, keywords)
	}
}

// topLevel reports whether f is root, or one of its And's terms, or
// excluded there.
func topLevel(root Node, f *Filter) bool {
	terms := []Node{root}
	if a, ok := root.(*And); ok {
		terms = a.Nodes
	}
	for _, n := range terms {
		if not, ok := n.(*Not); ok {
			n = not.Node
		}
		if n == f {
			return true
		}
	}
	return false
}

// searchesAlone reports whether n matches anything on its own; a filter
// lists documents.
func searchesAlone(n Node) bool {
	switch n := n.(type) {
	case *Keyword, *Filter, *Near:
		return true
	case *And:
		return slices.ContainsFunc(n.Nodes, searchesAlone)
	case *Or:
		return len(n.Nodes) > 0 && !slices.ContainsFunc(n.Nodes, func(c Node) bool { return !searchesAlone(c) })
	}
	return false
}
