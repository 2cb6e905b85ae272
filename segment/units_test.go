package segment

import (
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
)

func TestFold(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"full-width digits and letters fold to half-width lower case", "２０２４ＧＤＰ", "2024gdp"},
		{"ASCII upper case folds", "GDP", "gdp"},
		{"ideographic space becomes a space", "同志们\u3000好", "同志们 好"},
		{"full-width punctuation folds", "（一）：，", "(一):,"},
		{"simplified Han text is unchanged", "非煤矿山", "非煤矿山"},
		{"traditional characters fold to simplified", "非煤礦山 國務院", "非煤矿山 国务院"},
		{"already folded text is returned as is", "abc 123", "abc 123"},
		{"other scripts lower-case", "ΑΒΓ", "αβγ"},
		{"ignorable characters are dropped", "安\u200b全\u00ad生\ufeff产\u2060", "安全生产"},
		{"ignorable characters go as the text folds", "Ｇ\u200dＤ\u200eＰ", "gdp"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := FoldString(tt.in); got != tt.want {
				t.Errorf("FoldString(%q) = %q, want %q", tt.in, got, tt.want)
			}
			visible := 0
			for _, r := range tt.in {
				if !Ignorable(r) {
					visible++
				}
			}
			if n := utf8.RuneCountInString(FoldString(tt.in)); n != visible {
				t.Errorf("FoldString(%q) has %d runes, want one for each of the %d that are not ignorable", tt.in, n, visible)
			}
		})
	}
}

func TestUnits(t *testing.T) {
	type unit struct {
		Text, Term string
		Han        bool
	}
	tests := []struct {
		name string
		in   string
		want []unit
	}{
		{"each Han character is a unit", "非煤", []unit{{"非", "非", true}, {"煤", "煤", true}}},
		{"punctuation and spaces separate", "安全,生产 。", []unit{{"安", "安", true}, {"全", "全", true}, {"生", "生", true}, {"产", "产", true}}},
		{"a Latin word is one unit, folded", "XX县", []unit{{"XX", "xx", false}, {"县", "县", true}}},
		{"full-width digits are one word", "２０２４年", []unit{{"２０２４", "2024", false}, {"年", "年", true}}},
		{"a decimal number is one word", "增长5.4%", []unit{{"增", "增", true}, {"长", "长", true}, {"5.4", "5.4", false}}},
		{"thousands separators keep a number whole", "27,203,319元", []unit{{"27,203,319", "27,203,319", false}, {"元", "元", true}}},
		{"full-width comma between digits folds and joins", "２７，２０３", []unit{{"２７，２０３", "27,203", false}}},
		{"a list number and its dot are not joined to a heading", "1.加强", []unit{{"1", "1", false}, {"加", "加", true}, {"强", "强", true}}},
		{"a hyphen separates words", "COVID-19", []unit{{"COVID", "covid", false}, {"19", "19", false}}},
		{"a date splits into its numbers", "2024-12-23", []unit{{"2024", "2024", false}, {"12", "12", false}, {"23", "23", false}}},
		{"emoji are separators", "请点击👉 mooonya 👈", []unit{{"请", "请", true}, {"点", "点", true}, {"击", "击", true}, {"mooonya", "mooonya", false}}},
		{"kana and hangul are units like Han", "の한", []unit{{"の", "の", true}, {"한", "한", true}}},
		{"a trailing joiner is not part of the word", "U.S.", []unit{{"U.S", "u.s", false}}},
		{"empty text has no units", "", nil},
		{"ignorable characters alone are no units", "\u200b\u00ad\ufeff", nil},
		{"a soft hyphen inside a word is left out of its term", "CO\u00adVID", []unit{{"CO\u00adVID", "covid", false}}},
		{"a word ends before trailing ignorables", "GDP\u200b\u200b增", []unit{{"GDP", "gdp", false}, {"增", "增", true}}},
		{"a joiner with ignorables around it still joins", "5\u200b.\u2060" + "4", []unit{{"5\u200b.\u20604", "5.4", false}}},
		{"ignorables before a lone joiner do not join", "U\u200b.", []unit{{"U", "u", false}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []unit
			for u := range Units(tt.in) {
				got = append(got, unit{tt.in[u.Start:u.End], u.Term, u.Han})
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Units(%q) (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}

// TestUnitsIgnorable checks that units only ignorable characters separate
// still touch (so their bigram is indexed and searched), with offsets on the
// text as written.
func TestUnitsIgnorable(t *testing.T) {
	type unit struct {
		Text, Term string
		Ignored    int
		Touches    bool // Adjacent to the unit before
	}
	tests := []struct {
		name string
		in   string
		want []unit
	}{
		{"zero width space", "安\u200b全", []unit{{"安", "安", 0, false}, {"全", "全", 3, true}}},
		{"soft hyphen", "安\u00ad全", []unit{{"安", "安", 0, false}, {"全", "全", 2, true}}},
		{"word joiner", "安\u2060全", []unit{{"安", "安", 0, false}, {"全", "全", 3, true}}},
		{"byte order mark", "\ufeff安\ufeff全", []unit{{"安", "安", 3, false}, {"全", "全", 3, true}}},
		{"ZWNJ and ZWJ between Han", "安\u200c全\u200d生", []unit{{"安", "安", 0, false}, {"全", "全", 3, true}, {"生", "生", 3, true}}},
		{"LRM and RLM", "安\u200e\u200f全", []unit{{"安", "安", 0, false}, {"全", "全", 6, true}}},
		{"bidi embedding and pop", "安\u202a全\u202c", []unit{{"安", "安", 0, false}, {"全", "全", 3, true}}},
		{"bidi isolates", "\u2066安\u2069\u2067全\u2069", []unit{{"安", "安", 3, false}, {"全", "全", 6, true}}},
		{"variation selector after Han", "葛\U000e0100根", []unit{{"葛", "葛", 0, false}, {"根", "根", 4, true}}},
		{"a space is not ignorable", "安\u200b 全", []unit{{"安", "安", 0, false}, {"全", "全", 0, false}}},
		{"ignorables before a space do not join", "安 \u200b全", []unit{{"安", "安", 0, false}, {"全", "全", 3, false}}},
		{"between a Han and a word", "增\u200bGDP", []unit{{"增", "增", 0, false}, {"GDP", "gdp", 3, true}}},
		{"a format character that is not ignorable separates", "安\u0600全", []unit{{"安", "安", 0, false}, {"全", "全", 0, false}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []unit
			var prev Unit
			for i, u := range slices.Collect(Units(tt.in)) {
				got = append(got, unit{tt.in[u.Start:u.End], u.Term, u.Ignored, i > 0 && Adjacent(prev, u)})
				prev = u
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Units(%q) (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}

// TestIgnorableIsDefaultIgnorable checks Ignorable against Unicode's
// Default_Ignorable_Code_Point, derived as DerivedCoreProperties.txt derives
// it from the tables Go has: Other_Default_Ignorable_Code_Point + Cf +
// Variation_Selector - White_Space - FFF9..FFFB - 13430..1343F -
// Prepended_Concatenation_Mark.
func TestIgnorableIsDefaultIgnorable(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		want := (unicode.Is(unicode.Other_Default_Ignorable_Code_Point, r) || unicode.Is(unicode.Cf, r) || unicode.Is(unicode.Variation_Selector, r)) &&
			!unicode.Is(unicode.White_Space, r) && !(r >= 0xFFF9 && r <= 0xFFFB) && !(r >= 0x13430 && r <= 0x1343F) &&
			!unicode.Is(unicode.Prepended_Concatenation_Mark, r)
		// Unassigned code points Unicode reserves as default ignorable.
		if r == 0x2065 || r >= 0xFFF0 && r <= 0xFFF8 || r >= 0xE0000 && r <= 0xE0FFF {
			want = true
		}
		if got := Ignorable(r); got != want {
			t.Errorf("Ignorable(%U) = %v, want %v", r, got, want)
		}
	}
}

func TestUnitsStopEarly(t *testing.T) {
	n := 0
	for range Units("一二三四") {
		n++
		if n == 2 {
			break
		}
	}
	if n != 2 {
		t.Fatalf("iterated %d units after break, want 2", n)
	}
}

// checkUnits asserts the invariants every consumer of units relies on.
func checkUnits(t *testing.T, text string) {
	t.Helper()
	prevEnd := 0
	for u := range Units(text) {
		if u.Start < prevEnd || u.End <= u.Start || u.End > len(text) {
			t.Fatalf("unit %+v out of order or outside the text (previous end %d, len %d)", u, prevEnd, len(text))
		}
		if !utf8.RuneStart(text[u.Start]) || (u.End < len(text) && !utf8.RuneStart(text[u.End])) {
			t.Fatalf("unit %+v does not sit on rune boundaries", u)
		}
		if u.Term != FoldString(text[u.Start:u.End]) {
			t.Fatalf("unit term %q is not the folded text %q", u.Term, text[u.Start:u.End])
		}
		if strings.ContainsAny(u.Term, " \t\n") {
			t.Fatalf("unit %q holds a space", u.Term)
		}
		first, _ := utf8.DecodeRuneInString(text[u.Start:])
		last, _ := utf8.DecodeLastRuneInString(text[:u.End])
		if Ignorable(first) || Ignorable(last) {
			t.Fatalf("unit %+v starts or ends with an ignorable character", u)
		}
		if u.Start-u.Ignored < prevEnd || strings.ContainsFunc(text[u.Start-u.Ignored:u.Start], func(r rune) bool { return !Ignorable(r) }) {
			t.Fatalf("unit %+v: the %d bytes before it are not all ignorable", u, u.Ignored)
		}
		prevEnd = u.End
	}
}

// ignorables are inserted into texts to check that they change nothing.
var ignorables = []string{"\u200b", "\u00ad", "\u2060", "\ufeff", "\u200c\u200d", "\u200e", "\u202b", "\u2067\u2069", "", "\U000e0101"}

// gramsOf returns the terms of the units of text, and of the bigrams of
// touching ones, as the index makes them.
func gramsOf(text string) []string {
	var grams []string
	var prev Unit
	for i, u := range slices.Collect(Units(text)) {
		grams = append(grams, u.Term)
		if i > 0 && Adjacent(prev, u) {
			grams = append(grams, prev.Term+"+"+u.Term)
		}
		prev = u
	}
	return grams
}

func FuzzUnits(f *testing.F) {
	for _, s := range []string{"非煤矿山关闭退出", "XX县(市、区)", "２７，２０３，３１９元", "U.S.A. 5.4% COVID-19", "👉mooonya👈", "1.加强", "a.1.b,2'c", "安\u200b全生\u00ad产"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			t.Skip()
		}
		checkUnits(t, s)
		// Units of the folded text are the folded units.
		var a, b []string
		for u := range Units(s) {
			a = append(a, u.Term)
		}
		for u := range Units(FoldString(s)) {
			b = append(b, u.Term)
		}
		if !cmp.Equal(a, b) {
			t.Fatalf("units of %q differ from units of its folded form:\n%s", s, cmp.Diff(a, b))
		}
		// Ignorable characters anywhere change neither the terms nor which
		// units touch.
		var sb strings.Builder
		for i, r := range s {
			sb.WriteRune(r)
			sb.WriteString(ignorables[i%len(ignorables)])
		}
		with := sb.String()
		checkUnits(t, with)
		if diff := cmp.Diff(gramsOf(s), gramsOf(with)); diff != "" {
			t.Fatalf("units of %q change with ignorable characters inside, as %q (-want +got):\n%s", s, with, diff)
		}
	})
}

func TestAllHan(t *testing.T) {
	for _, tc := range []struct {
		s    string
		want bool
	}{
		{"安全生产", true},
		{"管理人員", true},
		{"", false},
		{"安全a", false},
		{"第3条", false},
		{"安全 生产", false},
		{"カタカナ", true}, // IsHan's other scripts too
	} {
		if got := AllHan(tc.s); got != tc.want {
			t.Errorf("AllHan(%q) = %v, want %v", tc.s, got, tc.want)
		}
	}
}
