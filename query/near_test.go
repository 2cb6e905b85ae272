package query

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func sentenceAt(col int) Proximity          { return Proximity{Sentence: true, Column: col} }
func charsAt(n, col int) Proximity          { return Proximity{Chars: n, Column: col} }
func exactAt(text string, col int) *Keyword { return &Keyword{Text: text, Exact: true, Column: col} }

func nearOf(ops []Proximity, nodes ...Node) *Near { return &Near{Nodes: nodes, Ops: ops} }

var nearParseTests = []parsedQuery{
	{"/s relates two keywords", "安全生产 /s 责任制",
		nearOf([]Proximity{sentenceAt(6)}, wordAt("安全生产", 1), wordAt("责任制", 9)), "安全生产 /s 责任制"},
	{"/S and the full-width slash are /s", "安全生产 ／S 责任制",
		nearOf([]Proximity{sentenceAt(6)}, wordAt("安全生产", 1), wordAt("责任制", 9)), "安全生产 /s 责任制"},
	{"/N counts characters", "安全 /10 责任",
		nearOf([]Proximity{charsAt(10, 4)}, wordAt("安全", 1), wordAt("责任", 8)), "安全 /10 责任"},
	{"/0: nothing between", "安全 /0 生产",
		nearOf([]Proximity{charsAt(0, 4)}, wordAt("安全", 1), wordAt("生产", 7)), "安全 /0 生产"},
	{"a chain", "安全 /s 生产 /5 责任",
		nearOf([]Proximity{sentenceAt(4), charsAt(5, 10)}, wordAt("安全", 1), wordAt("生产", 7), wordAt("责任", 13)),
		"安全 /s 生产 /5 责任"},
	{"binds tighter than AND", "煤矿 安全 /s 责任",
		andOf(wordAt("煤矿", 1), nearOf([]Proximity{sentenceAt(7)}, wordAt("安全", 4), wordAt("责任", 10))), "煤矿 安全 /s 责任"},
	{"binds tighter than OR", "安全 /s 责任 OR 应急",
		orOf(nearOf([]Proximity{sentenceAt(4)}, wordAt("安全", 1), wordAt("责任", 7)), wordAt("应急", 13)), "安全 /s 责任 OR 应急"},
	{"alternatives in a group", "(安全 OR 应急) /s 责任",
		nearOf([]Proximity{sentenceAt(12)}, orOf(wordAt("安全", 2), wordAt("应急", 8)), wordAt("责任", 15)),
		"(安全 OR 应急) /s 责任"},
	{"phrases", `"安全 生产" /3 责任`,
		nearOf([]Proximity{charsAt(3, 9)}, phraseAt("安全 生产", 1), wordAt("责任", 12)), `"安全 生产" /3 责任`},
	{"a field on the group", "section:(安全 /s 责任)",
		nearOf([]Proximity{sentenceAt(13)}, inField(FieldSection, wordAt("安全", 10)), inField(FieldSection, wordAt("责任", 16))),
		"section:安全 /s section:责任"},
	{"excluded as a group", "煤矿 -(安全 /s 责任)",
		andOf(wordAt("煤矿", 1), notAt(4, nearOf([]Proximity{sentenceAt(9)}, wordAt("安全", 6), wordAt("责任", 12)))),
		"煤矿 -(安全 /s 责任)"},
	{"a slash inside a word is text", "a/s 1/2",
		andOf(wordAt("a/s", 1), wordAt("1/2", 5)), "a/s 1/2"},
	{"a quoted operator is text", `安全 "/s"`,
		andOf(wordAt("安全", 1), phraseAt("/s", 4)), `安全 "/s"`},
	{"/p is not an operator", "安全 /p",
		andOf(wordAt("安全", 1), wordAt("/p", 4)), "安全 /p"},
	{"= makes a keyword exact", "=安委会 安全",
		andOf(exactAt("安委会", 1), wordAt("安全", 6)), "=安委会 安全"},
	{"= alone is a keyword", "= 安全",
		andOf(wordAt("=", 1), wordAt("安全", 3)), "= 安全"},
	{"exact keyword near another", "=安委会 /s 会议",
		nearOf([]Proximity{sentenceAt(6)}, exactAt("安委会", 1), wordAt("会议", 9)), "=安委会 /s 会议"},
}

func TestParseNear(t *testing.T) { testParsed(t, nearParseTests) }

var nearErrorTests = []struct {
	name  string
	query string
	col   int
	msg   string
}{
	{"nothing before", "/s 责任", 1, "/s needs a keyword before it"},
	{"nothing after", "安全 /s", 4, "/s needs a keyword after it"},
	{"OR after", "安全 /5 OR 责任", 4, "/5 needs a keyword after it"},
	{"nothing after, in a group", "(安全 /s) 责任", 5, "/s needs a keyword after it"},
	{"after OR", "安全 OR /s 责任", 7, "/s needs a keyword before it"},
	{"two in a row", "安全 /s /3 责任", 7, "two proximity operators in a row"},
	{"too far", "安全 /1001 责任", 4, "/1001: at most /1000 characters"},
	{"a huge number", "安全 /99999999999999999999 责任", 4, "/99999999999999999999: at most /1000 characters"},
	{"an exclusion", "-安全 /s 责任", 1,
		"an exclusion cannot be an operand of a proximity operator (to exclude both together, write -(A /s B))"},
	{"an exclusion after", "安全 /s -责任", 7,
		"an exclusion cannot be an operand of a proximity operator (to exclude both together, write -(A /s B))"},
	{"keywords side by side", "(安全 生产) /s 责任", 1,
		"an operand of a proximity operator is a keyword, a phrase or alternatives (A OR B), not keywords side by side"},
	{"a nested group", "(安全 /s 生产) /5 责任", 1,
		"a proximity group cannot be an operand of another: chain them instead, A /s B /5 C"},
	{"doc:", "doc:河北 /s 安全", 1, "doc: names files: it cannot be an operand of a proximity operator"},
	{"two fields", "title:安全 /s 责任", 13, "all operands of a proximity operator must be in the same field"},
}

func TestParseNearErrors(t *testing.T) {
	for _, tc := range nearErrorTests {
		t.Run(tc.name, func(t *testing.T) {
			n, err := Parse(tc.query)
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("Parse(%q) = %v, %v; want a SyntaxError", tc.query, n, err)
			}
			if diff := cmp.Diff(tc.col, se.Column); diff != "" {
				t.Errorf("Parse(%q) column (-want +got):\n%s", tc.query, diff)
			}
			if diff := cmp.Diff(tc.msg, se.Msg); diff != "" {
				t.Errorf("Parse(%q) message (-want +got):\n%s", tc.query, diff)
			}
		})
	}
}

// TestSentenceChainsNeedNoCheck: a chain of /s between keywords of
// touching Chinese characters is decided by the index, without checking
// each candidate's text; other proximity queries are checked.
func TestSentenceChainsNeedNoCheck(t *testing.T) {
	tests := []struct {
		query  string
		direct bool
	}{
		{"安全生产 /s 责任制", true},
		{"(矿山 OR 煤矿) /s 安全 /s 责任", true},
		{"安委会 /s 会议", true}, // with its synonyms, all bigram runs
		{"安全生产 /10 责任制", false},
		{"煤 /s 安全", false},            // one character: no bigram
		{`"县(市、区)" /s 安全`, false},     // punctuation inside
		{"安全 /s 安全", false},           // two occurrences of one keyword
		{"section:(安全 /s 责任)", false}, // the heading path
	}
	for _, tt := range tests {
		n, err := Parse(tt.query)
		if err != nil {
			t.Fatal(err)
		}
		var near *Near
		switch n := n.(type) {
		case *Near:
			near = n
		default:
			t.Fatalf("%s: %T", tt.query, n)
		}
		_, ok := sentenceOperands(near, BuiltinSynonyms())
		if ok != tt.direct {
			t.Errorf("%s: decided by the index %v, want %v", tt.query, ok, tt.direct)
		}
	}
}
