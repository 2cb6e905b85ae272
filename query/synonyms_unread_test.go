package query

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/zhsearch/zhsearch/segment"
)

// TestBuiltinSynonymsFoldToThemselves: every form of the built-in list
// folds to itself with its ASCII letters lowered, which is what lets a
// search read only the lines that hold its keyword (see unreadForms).
func TestBuiltinSynonymsFoldToThemselves(t *testing.T) {
	for _, g := range builtin().groups {
		for _, f := range g {
			if got := segment.FoldString(f); got != lowerASCII(f) {
				t.Errorf("%q folds to %q, not %q: unreadForms would miss its line", f, got, lowerASCII(f))
			}
		}
	}
}

// TestUnreadSynonymsFormsAsRead: the built-in list left unread gives every
// keyword the forms the list read into groups gives: each form, the form
// written as a user might (another case, full-width letters, traditional
// characters), part of a form, and words of no group.
func TestUnreadSynonymsFormsAsRead(t *testing.T) {
	read, unread := builtin(), builtinUnread()
	keywords := []string{"非煤矿山", "安全生产", "", "=", "GDP =", "#", "gdp", "ＧＤＰ", "Gdp", "r&d", "安委會", "國務院", "中共", "全国人大常委会", "\n", "\n安委会", "\n\n", "安委会\n"}
	for _, g := range read.groups {
		for _, f := range g {
			keywords = append(keywords, f, strings.ToUpper(f), f[:len(f)/3*3])
			if r := []rune(f); len(r) > 2 {
				keywords = append(keywords, string(r[1:]), string(r[:len(r)-1]))
			}
		}
	}
	expanded := 0
	for _, k := range keywords {
		want := read.Forms(k)
		if diff := cmp.Diff(want, unread.Forms(k)); diff != "" {
			t.Errorf("Forms(%q) (-read +unread):\n%s", k, diff)
		}
		if len(want) > 1 {
			expanded++
		}
	}
	if expanded < len(read.groups) {
		t.Errorf("%d keywords of %d had synonyms, fewer than the list's %d groups: the test checks too little", expanded, len(keywords), len(read.groups))
	}
	if diff := cmp.Diff(read.Groups(), unread.Groups()); diff != "" {
		t.Errorf("Groups (-read +unread):\n%s", diff)
	}
	if read.Len() != unread.Len() {
		t.Errorf("Len: read %d, unread %d", read.Len(), unread.Len())
	}
}
