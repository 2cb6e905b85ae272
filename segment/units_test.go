package segment

import (
	"strings"
	"testing"
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
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := FoldString(tt.in); got != tt.want {
				t.Errorf("FoldString(%q) = %q, want %q", tt.in, got, tt.want)
			}
			if utf8.RuneCountInString(FoldString(tt.in)) != utf8.RuneCountInString(tt.in) {
				t.Errorf("FoldString(%q) changed the number of runes", tt.in)
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
		prevEnd = u.End
	}
}

func FuzzUnits(f *testing.F) {
	for _, s := range []string{"非煤矿山关闭退出", "XX县(市、区)", "２７，２０３，３１９元", "U.S.A. 5.4% COVID-19", "👉mooonya👈", "1.加强", "a.1.b,2'c"} {
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
	})
}
