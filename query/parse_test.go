package query

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// Helpers that keep the tables short. Columns are 1-based rune columns.
func wordAt(text string, col int) *Keyword { return &Keyword{Text: text, Column: col} }

func phraseAt(text string, col int) *Keyword { return &Keyword{Text: text, Quoted: true, Column: col} }

func inField(f Field, k *Keyword) *Keyword { k.Field = f; return k }

func andOf(nodes ...Node) *And { return &And{Nodes: nodes} }

func orOf(nodes ...Node) *Or { return &Or{Nodes: nodes} }

func notAt(col int, n Node) *Not { return &Not{Node: n, Column: col} }

// ignoreColumns compares ASTs as a re-parse of String() must reproduce them:
// the canonical form puts terms at other columns.
var ignoreColumns = cmp.Options{
	cmpopts.IgnoreFields(Keyword{}, "Column"),
	cmpopts.IgnoreFields(Not{}, "Column"),
	cmpopts.IgnoreFields(Filter{}, "Column"),
	cmpopts.IgnoreFields(Proximity{}, "Column"),
}

// parseTests are queries that parse. canon is what String() renders.
var parseTests = []struct {
	name   string
	query  string
	limits Limits // zero: Parse's defaults
	want   Node
	canon  string
}{
	// Terms and white space.
	{"one keyword is a Keyword, not an And", "非煤矿山", Limits{},
		wordAt("非煤矿山", 1), "非煤矿山"},
	{"a space means AND", "非煤矿山 安全生产", Limits{},
		andOf(wordAt("非煤矿山", 1), wordAt("安全生产", 6)), "非煤矿山 安全生产"},
	{"the ideographic space separates", "非煤矿山\u3000安全生产", Limits{},
		andOf(wordAt("非煤矿山", 1), wordAt("安全生产", 6)), "非煤矿山 安全生产"},
	{"tabs and line breaks separate, one column each", "\ta\r\nb\n", Limits{},
		andOf(wordAt("a", 2), wordAt("b", 5)), "a b"},
	{"a no-break space separates", "a\u00a0b", Limits{},
		andOf(wordAt("a", 1), wordAt("b", 3)), "a b"},
	{"leading and trailing space is ignored", "  煤矿  ", Limits{},
		wordAt("煤矿", 3), "煤矿"},
	{"emoji and punctuation are keyword text", "👍🏽 ！？ ——", Limits{},
		andOf(wordAt("👍🏽", 1), wordAt("！？", 4), wordAt("——", 7)), "👍🏽 ！？ ——"},
	{"full-width parentheses are keyword text", "（一） 第（二）项", Limits{},
		andOf(wordAt("（一）", 1), wordAt("第（二）项", 5)), "（一） 第（二）项"},
	{"a typed U+FFFD is text", "a\uFFFDb", Limits{},
		wordAt("a\uFFFDb", 1), "a\uFFFDb"},

	// Phrases.
	{"a phrase keeps its inner space", `"农村道路 交通"`, Limits{},
		phraseAt("农村道路 交通", 1), `"农村道路 交通"`},
	{"curly quotes make a phrase", "“农村道路 交通”", Limits{},
		phraseAt("农村道路 交通", 1), `"农村道路 交通"`},
	{"corner brackets make a phrase", "「农村道路 交通」", Limits{},
		phraseAt("农村道路 交通", 1), `"农村道路 交通"`},
	{"a phrase ends only at its own kind of quote", `“他说"好"” "a”b" 「c"”」`, Limits{},
		andOf(phraseAt(`他说"好"`, 1), phraseAt("a”b", 9), phraseAt(`c"”`, 15)), `“他说"好"” "a”b" 「c"”」`},
	{"a phrase keeps leading and trailing space", `" a "`, Limits{},
		phraseAt(" a ", 1), `" a "`},
	{"operators inside a phrase are text", `"a OR (b) -c title:d"`, Limits{},
		phraseAt("a OR (b) -c title:d", 1), `"a OR (b) -c title:d"`},
	{"a quote inside a word is text", `他说"好`, Limits{},
		wordAt(`他说"好`, 1), `他说"好`},
	{"a closing quote at the start of a word is text", "”安全", Limits{},
		wordAt("”安全", 1), "”安全"},
	{"a word may follow a phrase directly", `"农村道路"交通`, Limits{},
		andOf(phraseAt("农村道路", 1), wordAt("交通", 7)), `"农村道路" 交通`},
	{"a quoted OR is a keyword", `"OR"`, Limits{},
		phraseAt("OR", 1), `"OR"`},

	// OR.
	{"OR", "安全 OR 生产", Limits{},
		orOf(wordAt("安全", 1), wordAt("生产", 7)), "安全 OR 生产"},
	{"OR binds tighter than AND", "a b OR c d", Limits{},
		andOf(wordAt("a", 1), orOf(wordAt("b", 3), wordAt("c", 8)), wordAt("d", 10)), "a b OR c d"},
	{"an OR chain is one Or", "a OR b OR c", Limits{},
		orOf(wordAt("a", 1), wordAt("b", 6), wordAt("c", 11)), "a OR b OR c"},
	{"an Or inside an Or flattens", "(a OR b) OR c", Limits{},
		orOf(wordAt("a", 2), wordAt("b", 7), wordAt("c", 13)), "a OR b OR c"},
	{"an And inside an Or keeps its parentheses", "(a b) OR c", Limits{},
		orOf(andOf(wordAt("a", 2), wordAt("b", 4)), wordAt("c", 10)), "(a b) OR c"},
	{"groups of ORs side by side", "(a OR b) (c OR d)", Limits{},
		andOf(orOf(wordAt("a", 2), wordAt("b", 7)), orOf(wordAt("c", 11), wordAt("d", 16))), "a OR b c OR d"},
	{"lower-case or is a keyword", "a or b", Limits{},
		andOf(wordAt("a", 1), wordAt("or", 3), wordAt("b", 6)), "a or b"},
	{"| is a keyword", "a|b | c", Limits{},
		andOf(wordAt("a|b", 1), wordAt("|", 5), wordAt("c", 7)), "a|b | c"},
	{"OR inside a word or in another case is text", "ORa aOR Or", Limits{},
		andOf(wordAt("ORa", 1), wordAt("aOR", 5), wordAt("Or", 9)), "ORa aOR Or"},
	{"OR may touch parentheses", "(a)OR(b)", Limits{},
		orOf(wordAt("a", 2), wordAt("b", 7)), "a OR b"},
	{"OR may touch quotes", `"a"OR"b" c OR“d”`, Limits{},
		andOf(orOf(phraseAt("a", 1), phraseAt("b", 6)), orOf(wordAt("c", 10), phraseAt("d", 14))), `"a" OR "b" c OR "d"`},

	// Exclusions.
	{"- excludes", "安全生产 -煤矿", Limits{},
		andOf(wordAt("安全生产", 1), notAt(6, wordAt("煤矿", 7))), "安全生产 -煤矿"},
	{"- inside a word is text", "COVID-19 a-b", Limits{},
		andOf(wordAt("COVID-19", 1), wordAt("a-b", 10)), "COVID-19 a-b"},
	{"exclusions combine with AND", "a -b -c", Limits{},
		andOf(wordAt("a", 1), notAt(3, wordAt("b", 4)), notAt(6, wordAt("c", 7))), "a -b -c"},
	{"- excludes a phrase", `a -"b c"`, Limits{},
		andOf(wordAt("a", 1), notAt(3, phraseAt("b c", 4))), `a -"b c"`},
	{"- excludes a group", "a -(b OR c)", Limits{},
		andOf(wordAt("a", 1), notAt(3, orOf(wordAt("b", 5), wordAt("c", 10)))), "a -(b OR c)"},
	{"- excludes a field", "a -title:b", Limits{},
		andOf(wordAt("a", 1), notAt(3, inField(FieldTitle, wordAt("b", 10)))), "a -title:b"},
	{"- excludes a word that starts with a closing quote", "-”a” b", Limits{},
		andOf(notAt(1, wordAt("”a”", 2)), wordAt("b", 6)), "-”a” b"},
	{"an excluded group may hold exclusions", "-(a -b) c", Limits{},
		andOf(notAt(1, andOf(wordAt("a", 3), notAt(5, wordAt("b", 6)))), wordAt("c", 9)), "-(a -b) c"},
	{"an OR alternative may hold exclusions", "(a -b) OR c", Limits{},
		orOf(andOf(wordAt("a", 2), notAt(4, wordAt("b", 5))), wordAt("c", 11)), "(a -b) OR c"},
	{"- may follow a group directly", "(a)-b", Limits{},
		andOf(wordAt("a", 2), notAt(4, wordAt("b", 5))), "a -b"},

	// Groups.
	{"a group inside an And flattens", "(a b) c", Limits{},
		andOf(wordAt("a", 2), wordAt("b", 4), wordAt("c", 7)), "a b c"},
	{"a group of one is its keyword", "((a))", Limits{},
		wordAt("a", 3), "a"},
	{"exclusions in a group join the And", "a (b -c)", Limits{},
		andOf(wordAt("a", 1), wordAt("b", 4), notAt(6, wordAt("c", 7))), "a b -c"},
	{"a group may touch words", "a(b)c", Limits{},
		andOf(wordAt("a", 1), wordAt("b", 3), wordAt("c", 5)), "a b c"},

	// Fields.
	{"title:", "title:讲话", Limits{},
		inField(FieldTitle, wordAt("讲话", 7)), "title:讲话"},
	{"a full-width colon ends a field name", "title：讲话", Limits{},
		inField(FieldTitle, wordAt("讲话", 7)), "title:讲话"},
	{"doc: takes a file name", "doc:2023年报告.md", Limits{},
		inField(FieldDoc, wordAt("2023年报告.md", 5)), "doc:2023年报告.md"},
	{"a field on a phrase", `title:"农村道路 交通"`, Limits{},
		inField(FieldTitle, phraseAt("农村道路 交通", 7)), `title:"农村道路 交通"`},
	{"a field applies to each keyword of its group", "section:(非煤矿山 OR 安全社区)", Limits{},
		orOf(inField(FieldSection, wordAt("非煤矿山", 10)), inField(FieldSection, wordAt("安全社区", 18))),
		"section:非煤矿山 OR section:安全社区"},
	{"a field applies inside exclusions of its group", "title:(a -b)", Limits{},
		andOf(inField(FieldTitle, wordAt("a", 8)), notAt(10, inField(FieldTitle, wordAt("b", 11)))), "title:a -title:b"},
	{"a field group inside an OR", "title:(a b) OR c", Limits{},
		orOf(andOf(inField(FieldTitle, wordAt("a", 8)), inField(FieldTitle, wordAt("b", 10))), wordAt("c", 16)),
		"(title:a title:b) OR c"},
	{"an excluded field group", "-title:(a OR b) c", Limits{},
		andOf(notAt(1, orOf(inField(FieldTitle, wordAt("a", 9)), inField(FieldTitle, wordAt("b", 14)))), wordAt("c", 17)),
		"-(title:a OR title:b) c"},
	{"the same field inside itself is allowed", "title:(title:a b) title:title:c", Limits{},
		andOf(inField(FieldTitle, wordAt("a", 14)), inField(FieldTitle, wordAt("b", 16)), inField(FieldTitle, wordAt("c", 31))),
		"title:a title:b title:c"},
	{"other prefixes are text", "http://gov.cn 12:30 text:x Title:x subtitle:x", Limits{},
		andOf(wordAt("http://gov.cn", 1), wordAt("12:30", 15), wordAt("text:x", 21), wordAt("Title:x", 28), wordAt("subtitle:x", 36)),
		"http://gov.cn 12:30 text:x Title:x subtitle:x"},

	// Limits, reached but not passed.
	{"MaxKeywords keywords are allowed", `a "b" c`, Limits{MaxKeywords: 3},
		andOf(wordAt("a", 1), phraseAt("b", 3), wordAt("c", 7)), `a "b" c`},
	{"MaxDepth parentheses are allowed", "((a) b)", Limits{MaxDepth: 2},
		andOf(wordAt("a", 3), wordAt("b", 6)), "a b"},
	{"MaxRunes runes are allowed", "煤矿山", Limits{MaxRunes: 3},
		wordAt("煤矿山", 1), "煤矿山"},
	{"a query of 1000 runes is allowed by default", strings.Repeat("煤", 1000), Limits{},
		wordAt(strings.Repeat("煤", 1000), 1), strings.Repeat("煤", 1000)},
}

func TestParse(t *testing.T) {
	for _, tc := range parseTests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := parseWith(tc.query, tc.limits)
			if err != nil {
				t.Fatalf("Parse(%q): %v", tc.query, err)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("Parse(%q) (-want +got):\n%s", tc.query, diff)
			}
			if s := got.String(); s != tc.canon {
				t.Errorf("Parse(%q).String() = %q, want %q", tc.query, s, tc.canon)
			}
		})
	}
}

// A parsedQuery is a query that parses with Parse's defaults, the tree it
// parses to and what String() renders of that (canon).
type parsedQuery struct {
	name  string
	query string
	want  Node
	canon string
}

// testParsed checks that each query parses to its tree, renders as its
// canon, and that the rendering parses back to the same tree.
func testParsed(t *testing.T, tests []parsedQuery) {
	t.Helper()
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Parse(tc.query)
			if err != nil {
				t.Fatalf("Parse(%q): %v", tc.query, err)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("Parse(%q) (-want +got):\n%s", tc.query, diff)
			}
			if s := got.String(); s != tc.canon {
				t.Errorf("String() = %q, want %q", s, tc.canon)
			}
			again, err := Parse(got.String())
			if err != nil {
				t.Fatalf("Parse(%q): %v", got.String(), err)
			}
			if diff := cmp.Diff(got, again, ignoreColumns); diff != "" {
				t.Errorf("Parse(String()) (-want +got):\n%s", diff)
			}
		})
	}
}

// parseWith calls Parse for zero limits, so both entry points are tested.
func parseWith(q string, l Limits) (Node, error) {
	if l == (Limits{}) {
		return Parse(q)
	}
	return ParseWithLimits(q, l)
}

func TestRoundTrip(t *testing.T) {
	for _, tc := range parseTests {
		t.Run(tc.name, func(t *testing.T) {
			want, err := parseWith(tc.query, tc.limits)
			if err != nil {
				t.Fatalf("Parse(%q): %v", tc.query, err)
			}
			s := want.String()
			got, err := ParseWithLimits(s, roundTripLimits(tc.limits, s))
			if err != nil {
				t.Fatalf("Parse(%q) of String() of Parse(%q): %v", s, tc.query, err)
			}
			if diff := cmp.Diff(want, got, ignoreColumns); diff != "" {
				t.Errorf("Parse(%q) of String() of Parse(%q) (-want +got):\n%s", s, tc.query, diff)
			}
		})
	}
}

// roundTripLimits are the limits under which the canonical form s of a query
// parsed under l must parse: as many keywords and as deep, but it may be
// longer, since String writes a group's field prefix on each keyword.
func roundTripLimits(l Limits, s string) Limits {
	l.MaxRunes = len(s) + 1
	return l
}

// parseErrorTests are queries that do not parse. For ErrSyntax, col and msg
// are the *SyntaxError's; otherwise msg is the whole error message.
var parseErrorTests = []struct {
	name   string
	query  string
	limits Limits // zero: Parse's defaults
	is     error
	col    int
	msg    string
}{
	// Nothing to search for.
	{"an empty query", "", Limits{}, ErrEmptyQuery, 0, "empty query"},
	{"only white space", " \u3000\t\r\n", Limits{}, ErrEmptyQuery, 0, "empty query"},
	{"only an exclusion", "-煤矿", Limits{}, ErrEmptyQuery, 0,
		"empty query: nothing to search for: the query only excludes"},
	{"only exclusions", "-a -b", Limits{}, ErrEmptyQuery, 0,
		"empty query: nothing to search for: the query only excludes"},
	{"only exclusions, in a group", "(-a -b)", Limits{}, ErrEmptyQuery, 0,
		"empty query: nothing to search for: the query only excludes"},
	{"only exclusions, in a field group", "title:(-a)", Limits{}, ErrEmptyQuery, 0,
		"empty query: nothing to search for: the query only excludes"},

	// Quotes.
	{"an unclosed quote, at the quote", `"非煤矿山`, Limits{}, ErrSyntax, 1, "unclosed quote"},
	{"an unclosed quote after a keyword", `a "b`, Limits{}, ErrSyntax, 3, "unclosed quote"},
	{"a curly quote closes only with a curly quote", `a “非煤矿山"`, Limits{}, ErrSyntax, 3,
		"unclosed quote: “ needs a closing ”"},
	{"a corner bracket closes only with a corner bracket", "「a”", Limits{}, ErrSyntax, 1,
		"unclosed quote: 「 needs a closing 」"},
	{"an unclosed quote wins over an unclosed parenthesis", `("a)`, Limits{}, ErrSyntax, 2, "unclosed quote"},
	{"an empty phrase", `""`, Limits{}, ErrSyntax, 1, "empty phrase"},
	{"a phrase of only white space", "a \"\u3000 \"", Limits{}, ErrSyntax, 3, "empty phrase"},

	// Parentheses.
	{"an unclosed parenthesis", "(a b", Limits{}, ErrSyntax, 1, "unclosed parenthesis (to search for one, put the keyword in quotes)"},
	{"the outer parenthesis is the unclosed one", "((a)", Limits{}, ErrSyntax, 1, "unclosed parenthesis (to search for one, put the keyword in quotes)"},
	{"a parenthesis without content is unclosed too", "a (", Limits{}, ErrSyntax, 3, "unclosed parenthesis (to search for one, put the keyword in quotes)"},
	{"an unmatched closing parenthesis", "(a))", Limits{}, ErrSyntax, 4, "unmatched closing parenthesis (to search for one, put the keyword in quotes)"},
	{"a closing parenthesis alone", ")", Limits{}, ErrSyntax, 1, "unmatched closing parenthesis (to search for one, put the keyword in quotes)"},
	{"a closing parenthesis ends a word", "a b)c", Limits{}, ErrSyntax, 4, "unmatched closing parenthesis (to search for one, put the keyword in quotes)"},
	{"empty parentheses", "()", Limits{}, ErrSyntax, 1, "empty parentheses"},
	{"parentheses holding white space", "a ( \u3000)", Limits{}, ErrSyntax, 3, "empty parentheses"},

	// OR.
	{"OR at the start", "OR a", Limits{}, ErrSyntax, 1, "OR needs a keyword before it"},
	{"OR at the start of a group", "a (OR b)", Limits{}, ErrSyntax, 4, "OR needs a keyword before it"},
	{"OR at the end", "a OR ", Limits{}, ErrSyntax, 3, "OR needs a keyword after it"},
	{"OR at the end of a group", "(a OR) b", Limits{}, ErrSyntax, 4, "OR needs a keyword after it"},
	{"a doubled OR, at the second", "a OR OR b", Limits{}, ErrSyntax, 6, "doubled OR"},
	{"OR OR alone", "OR OR", Limits{}, ErrSyntax, 1, "OR needs a keyword before it"},
	{"an exclusion after OR", "a OR -b", Limits{}, ErrSyntax, 6,
		"each side of OR must search for something, not only exclude"},
	{"an exclusion before OR", "-a OR b", Limits{}, ErrSyntax, 1,
		"each side of OR must search for something, not only exclude"},
	{"a group of exclusions before OR", "(-a) OR b", Limits{}, ErrSyntax, 1,
		"each side of OR must search for something, not only exclude"},
	{"a group of exclusions after OR", "a OR (-b -c)", Limits{}, ErrSyntax, 6,
		"each side of OR must search for something, not only exclude"},

	// Exclusions.
	{"- alone", "-", Limits{}, ErrSyntax, 1, "- must be followed directly by a keyword, phrase or group"},
	{"- before a space", "a - b", Limits{}, ErrSyntax, 3, "- must be followed directly by a keyword, phrase or group"},
	{"- before a closing parenthesis", "(a -)", Limits{}, ErrSyntax, 4,
		"- must be followed directly by a keyword, phrase or group"},
	{"a doubled -", "--a", Limits{}, ErrSyntax, 1, "- must be followed directly by a keyword, phrase or group"},
	{"- before OR", "a -OR", Limits{}, ErrSyntax, 3, "- must be followed directly by a keyword, phrase or group"},
	{"an excluded exclusion", "-(-a)", Limits{}, ErrSyntax, 1, "cannot exclude an exclusion"},
	{"an excluded group of exclusions", "a -(-b -c)", Limits{}, ErrSyntax, 3, "cannot exclude an exclusion"},

	// Fields.
	{"a field with nothing after it", "title:", Limits{}, ErrSyntax, 1,
		"title: must be followed directly by a keyword, phrase or group"},
	{"a field before a space", "title: 讲话", Limits{}, ErrSyntax, 1,
		"title: must be followed directly by a keyword, phrase or group"},
	{"a field with a full-width colon and nothing after it", "a section：", Limits{}, ErrSyntax, 3,
		"section: must be followed directly by a keyword, phrase or group"},
	{"a field before a closing parenthesis", "(doc:)", Limits{}, ErrSyntax, 2,
		"doc: must be followed directly by a keyword, phrase or group"},
	{"a field before OR", "title:OR", Limits{}, ErrSyntax, 1,
		"title: must be followed directly by a keyword, phrase or group"},
	{"- after a field, with a hint", "title:-讲话", Limits{}, ErrSyntax, 1,
		"title: must be followed directly by a keyword, phrase or group (to exclude, write -title:…)"},
	{"a field inside another", "title:section:a", Limits{}, ErrSyntax, 7, "section: cannot be inside title:"},
	{"a field inside another's group", "title:(a doc:b)", Limits{}, ErrSyntax, 10, "doc: cannot be inside title:"},

	// Bad input.
	{"invalid UTF-8, at its rune column", "a\xffb", Limits{}, ErrSyntax, 2, "invalid UTF-8"},
	{"a truncated UTF-8 sequence", "非\xe7\x85", Limits{}, ErrSyntax, 2, "invalid UTF-8"},
	{"a lone continuation byte", "\x85", Limits{}, ErrSyntax, 1, "invalid UTF-8"},
	{"a NUL", "a\x00b", Limits{}, ErrSyntax, 2, "control character U+0000"},
	{"an escape sequence", "\x1b[31m红", Limits{}, ErrSyntax, 1, "control character U+001B"},
	{"a vertical tab is a control character here", "a\vb", Limits{}, ErrSyntax, 2, "control character U+000B"},
	{"DEL", "a \x7f", Limits{}, ErrSyntax, 3, "control character U+007F"},
	{"a C1 control character", "a\u0085", Limits{}, ErrSyntax, 2, "control character U+0085"},
	{"a control character inside a phrase", "\"a\x07\"", Limits{}, ErrSyntax, 3, "control character U+0007"},

	// Limits.
	{"over MaxRunes", strings.Repeat("a", 1001), Limits{}, ErrTooComplex, 0,
		"query too complex: longer than 1000 characters"},
	{"over MaxRunes counts runes, not bytes", strings.Repeat("煤", 1001), Limits{}, ErrTooComplex, 0,
		"query too complex: longer than 1000 characters"},
	{"over MaxRunes wins over invalid UTF-8", strings.Repeat("\xff", 2000), Limits{}, ErrTooComplex, 0,
		"query too complex: longer than 1000 characters"},
	{"over a set MaxRunes", "煤矿山a", Limits{MaxRunes: 3}, ErrTooComplex, 0,
		"query too complex: longer than 3 characters"},
	{"over MaxKeywords", `a "b" c`, Limits{MaxKeywords: 2}, ErrTooComplex, 0,
		"query too complex: more than 2 keywords"},
	{"over the default MaxKeywords", strings.Repeat("a ", 65), Limits{}, ErrTooComplex, 0,
		"query too complex: more than 64 keywords"},
	{"over MaxDepth", "(((a)))", Limits{MaxDepth: 2}, ErrTooComplex, 0,
		"query too complex: parentheses nested more than 2 deep"},
	{"over the default MaxDepth", strings.Repeat("(", 17) + "a" + strings.Repeat(")", 17), Limits{}, ErrTooComplex, 0,
		"query too complex: parentheses nested more than 16 deep"},
}

func TestParseErrors(t *testing.T) {
	for _, tc := range parseErrorTests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := parseWith(tc.query, tc.limits)
			if err == nil {
				t.Fatalf("Parse(%q) = %v, want an error", tc.query, got)
			}
			if got != nil {
				t.Errorf("Parse(%q) returned %v with its error", tc.query, got)
			}
			if !errors.Is(err, tc.is) {
				t.Errorf("Parse(%q) = %v, want an error that is %v", tc.query, err, tc.is)
			}
			if tc.is != ErrSyntax {
				if err.Error() != tc.msg {
					t.Errorf("Parse(%q) error = %q, want %q", tc.query, err, tc.msg)
				}
				var se *SyntaxError
				if errors.As(err, &se) {
					t.Errorf("Parse(%q) error is a *SyntaxError: %v", tc.query, err)
				}
				return
			}
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("Parse(%q) error = %v (%T), want a *SyntaxError", tc.query, err, err)
			}
			want := &SyntaxError{Query: tc.query, Column: tc.col, Msg: tc.msg}
			if diff := cmp.Diff(want, se); diff != "" {
				t.Errorf("Parse(%q) error (-want +got):\n%s", tc.query, diff)
			}
		})
	}
}

func TestSyntaxErrorMessage(t *testing.T) {
	tests := []struct {
		name  string
		query string
		want  string
	}{
		{"the query is quoted with Go escapes", `"非煤矿山`, `query "\"非煤矿山": column 1: unclosed quote`},
		{"invalid UTF-8 and line breaks stay on one line", "a\n\xff", `query "a\n\xff": column 3: invalid UTF-8`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse(tc.query)
			if err == nil {
				t.Fatalf("Parse(%q) succeeded, want an error", tc.query)
			}
			if err.Error() != tc.want {
				t.Errorf("Parse(%q) error = %q, want %q", tc.query, err, tc.want)
			}
		})
	}
}

func TestZeroLimitsMeanDefaults(t *testing.T) {
	tests := []struct {
		name  string
		query string
	}{
		{"a query of 1000 runes parses", strings.Repeat("a", 1000)},
		{"a query of 1001 runes does not", strings.Repeat("a", 1001)},
		{"64 keywords parse", strings.Repeat("a ", 64)},
		{"65 keywords do not", strings.Repeat("a ", 65)},
		{"16 parentheses deep parse", strings.Repeat("(", 16) + "a" + strings.Repeat(")", 16)},
		{"17 parentheses deep do not", strings.Repeat("(", 17) + "a" + strings.Repeat(")", 17)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			want, wantErr := Parse(tc.query)
			for _, l := range []Limits{{}, {MaxRunes: -1, MaxKeywords: -1, MaxDepth: -1}} {
				got, err := ParseWithLimits(tc.query, l)
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("ParseWithLimits(%+v) (-Parse +got):\n%s", l, diff)
				}
				if errString(err) != errString(wantErr) {
					t.Errorf("ParseWithLimits(%+v) error = %v, want %v", l, err, wantErr)
				}
			}
		})
	}
}

// hostileQueries are long queries built to trip a parser into super-linear
// work. BenchmarkParseHostile reports the time per rune for each: a linear
// parser shows the same figure at every size.
// A hostileQuery is a query built to be slow or to break the parser, with
// what parsing it must give: a tree of so many keywords, or an error.
type hostileQuery struct {
	name, query string
	keywords    int   // keywords in the tree, when it parses
	err         error // the sentinel it fails with, when it does not
	column      int   // the column of a syntax error
}

func hostileQueries(n int) []hostileQuery {
	return []hostileQuery{
		{name: "one long word", query: strings.Repeat("煤", n), keywords: 1},
		{name: "many keywords", query: strings.Repeat("a ", n/2), keywords: n / 2},
		{name: "many ORs", query: strings.Repeat("a OR ", n/5) + "a", keywords: n/5 + 1},
		{name: "many phrases", query: strings.Repeat(`"a" `, n/4), keywords: n / 4},
		{name: "an unclosed phrase", query: `"` + strings.Repeat("a ", n/2), err: ErrSyntax, column: 1},
		{name: "many quotes", query: strings.Repeat(`“`, n), err: ErrSyntax, column: 1},
		{name: "many field prefixes", query: strings.Repeat("title:", n/6) + "a", keywords: 1},
		{name: "many groups", query: strings.Repeat("(a OR b) ", n/9), keywords: 2 * (n / 9)},
		{name: "deep parentheses", query: strings.Repeat("(", n), err: ErrTooComplex},
		{name: "many exclusions", query: strings.Repeat("-a ", n/3), err: ErrEmptyQuery},
		{name: "many hyphens", query: strings.Repeat("-", n), err: ErrSyntax, column: 1},
		{name: "many closing parentheses", query: strings.Repeat(")", n), err: ErrSyntax, column: 1},
	}
}

func hostileLimits(n int) Limits { return Limits{MaxRunes: 2 * n, MaxKeywords: n, MaxDepth: 16} }

// countKeywords counts the keywords of a parsed query.
func countKeywords(n Node) int {
	switch n := n.(type) {
	case *Keyword:
		return 1
	case *And:
		k := 0
		for _, c := range n.Nodes {
			k += countKeywords(c)
		}
		return k
	case *Or:
		k := 0
		for _, c := range n.Nodes {
			k += countKeywords(c)
		}
		return k
	case *Not:
		return countKeywords(n.Node)
	}
	return 0
}

// TestParseHostileQueries parses each hostile query of 100 000 runes under
// raised limits and checks the answer: the tree it must give or the error,
// with its column. The parser is linear, so each takes milliseconds; the
// generous bound catches a quadratic step (seconds to minutes at this size)
// without depending on the machine's speed.
func TestParseHostileQueries(t *testing.T) {
	const n = 100_000
	for _, tc := range hostileQueries(n) {
		t.Run(tc.name, func(t *testing.T) {
			start := time.Now()
			node, err := ParseWithLimits(tc.query, hostileLimits(n))
			if took := time.Since(start); took > 10*time.Second {
				t.Errorf("took %v: parsing is not linear", took)
			}
			if tc.err != nil {
				if !errors.Is(err, tc.err) {
					t.Fatalf("error %.200v, want %v", err, tc.err)
				}
				var se *SyntaxError
				if errors.As(err, &se) && se.Column != tc.column {
					t.Errorf("column %d, want %d (%.200v)", se.Column, tc.column, se.Msg)
				}
				return
			}
			if err != nil {
				t.Fatalf("error %.200v, want a tree of %d keywords", err, tc.keywords)
			}
			if got := countKeywords(node); got != tc.keywords {
				t.Errorf("%d keywords, want %d", got, tc.keywords)
			}
			if node.String() == "" {
				t.Error("the tree prints as nothing")
			}
		})
	}
}

func BenchmarkParseHostile(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		for _, tc := range hostileQueries(n) {
			b.Run(fmt.Sprintf("%s/%d", tc.name, n), func(b *testing.B) {
				for b.Loop() {
					if node, err := ParseWithLimits(tc.query, hostileLimits(n)); err == nil {
						_ = node.String()
					}
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/rune")
			})
		}
	}
}

func errString(err error) string {
	if err == nil {
		return "<nil>"
	}
	return err.Error()
}
