package index_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"

	"github.com/zhsearch/zhsearch/index"
	"github.com/zhsearch/zhsearch/segment"
)

// rarityFiles are documents whose paragraphs share some words and not
// others, so that words' counts and paragraphs' rarest words differ.
var rarityFiles = map[string]string{
	"a.txt": "关于安全生产的通知\n各单位要全面落实安全生产责任制，定期开展隐患排查，做好应急演练工作。\n" +
		"乡镇要加强非煤矿山监管，严格执行关闭标准，及时消除重大隐患。\n" +
		"各单位要落实监管责任，加强物资储备。\n",
	"b.txt": "关于森林防火的通知\n各单位要加强森林防火巡查，落实防火责任，做好扑火物资储备。\n" +
		"林区要严格野外用火管理，及时排查隐患，确保不发生重大火灾。\n",
	"c.txt": "关于食品安全的通知\n各单位要加强食品安全监管，落实企业主体责任，开展专项抽检工作。\n",
}

func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// rarityParagraph is what the test reads of one paragraph of an index.
type rarityParagraph struct {
	text    string
	profile index.Profile
}

// rarityParagraphs reads every paragraph of ix with its profile, by ID.
func rarityParagraphs(t *testing.T, ix *index.Index) map[string]rarityParagraph {
	t.Helper()
	r, err := ix.Reader()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	count := paragraphCount(t, ix)
	out := map[string]rarityParagraph{}
	// Document numbers an update deleted hold no paragraph: look further.
	for num := uint64(0); uint64(len(out)) < count && num < 10*count+100; num++ {
		p, err := ix.Paragraph(r, num)
		if err != nil {
			continue
		}
		profile, err := ix.Rarity().Profile(num)
		if err != nil {
			t.Fatal(err)
		}
		out[p.ID] = rarityParagraph{text: p.Text, profile: profile}
	}
	if uint64(len(out)) != count {
		t.Fatalf("read %d paragraphs of %d", len(out), count)
	}
	return out
}

// wordsOf returns the distinct words of text that rarity counts: gse's
// words of two or more Han characters.
func wordsOf(t *testing.T, text string) []string {
	var words []string
	for _, w := range seg(t).Words(text) {
		if utf8.RuneCountInString(w.Term) >= 2 && segment.AllHan(w.Term) && !slices.Contains(words, w.Term) {
			words = append(words, w.Term)
		}
	}
	return words
}

// wantRarity works out the word counts and profiles of paragraphs from
// their text, as the index should have them.
func wantRarity(t *testing.T, paras map[string]rarityParagraph) (df map[string]uint32, profiles map[string]index.Profile) {
	df = map[string]uint32{}
	for _, p := range paras {
		for _, w := range wordsOf(t, p.text) {
			df[w]++
		}
	}
	profiles = map[string]index.Profile{}
	for id, p := range paras {
		var dfs []uint32
		for _, w := range wordsOf(t, p.text) {
			dfs = append(dfs, df[w])
		}
		slices.Sort(dfs)
		prof := index.Profile{index.NoWord, index.NoWord, index.NoWord}
		for i := range min(len(dfs), index.ProfileWords) {
			prof[i] = index.Level(dfs[i])
		}
		profiles[id] = prof
	}
	return df, profiles
}

// indexDF returns the count ix keeps of each word.
func indexDF(t *testing.T, ix *index.Index, words map[string]uint32) map[string]uint32 {
	t.Helper()
	got := map[string]uint32{}
	for w := range words {
		n, err := ix.Rarity().WordDF(w)
		if err != nil {
			t.Fatal(err)
		}
		if n > 0 {
			got[w] = n
		}
	}
	return got
}

func profilesOf(paras map[string]rarityParagraph) map[string]index.Profile {
	out := map[string]index.Profile{}
	for id, p := range paras {
		out[id] = p.profile
	}
	return out
}

// TestRarityCountsWords: a fresh build counts in how many paragraphs each
// word stands, and profiles each paragraph by its rarest words.
func TestRarityCountsWords(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, rarityFiles)
	ix := open(t, buildAt(t, dir))
	paras := rarityParagraphs(t, ix)
	df, profiles := wantRarity(t, paras)
	if df["隐患"] < 2 || df["非煤矿山"] != 1 {
		t.Fatalf("the test's files no longer have shared and unshared words: %v", df)
	}
	if diff := cmp.Diff(df, indexDF(t, ix, df)); diff != "" {
		t.Errorf("word counts (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(profiles, profilesOf(paras)); diff != "" {
		t.Errorf("profiles (-want +got):\n%s", diff)
	}
}

// TestRarityAfterUpdate: an update counts words as a fresh build of the
// same files does, takes away the words of what it replaces and drops, and
// profiles every paragraph by the new counts: those it indexes and those
// it keeps, whose words' counts the update changed too. From a generation
// whose profiles are its own counts', it profiles again only the kept
// paragraphs whose profiles may change; from one that an update before
// this one's left with others, every kept paragraph.
func TestRarityAfterUpdate(t *testing.T) {
	for _, tt := range []struct {
		name  string
		stale bool
	}{
		{"from a generation profiled by its own counts", false},
		{"from a generation whose profiles are stale", true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			writeFiles(t, dir, rarityFiles)
			idx := buildAt(t, dir)
			before := rarityParagraphs(t, open(t, idx))
			if tt.stale {
				if err := index.StaleProfiles(idx); err != nil {
					t.Fatal(err)
				}
			}
			checkRarityAfterUpdate(t, dir, idx, before, tt.stale)
		})
	}
}

func checkRarityAfterUpdate(t *testing.T, dir, idx string, before map[string]rarityParagraph, stale bool) {
	// b.txt changes, c.txt goes, d.txt comes.
	changed := map[string]string{
		"b.txt": "关于森林防火的通知\n各单位要加强森林防火巡查，落实防火责任，做好扑火物资储备和隐患排查。\n",
		"d.txt": "关于防汛抗旱的通知\n各单位要落实防汛责任，及时排查隐患，做好抢险物资储备。\n",
	}
	writeFiles(t, dir, changed)
	if err := os.Remove(filepath.Join(dir, "c.txt")); err != nil {
		t.Fatal(err)
	}
	rep := update(t, idx, []string{dir}, index.UpdateOptions{})
	updated := open(t, idx)
	got := rarityParagraphs(t, updated)
	// The paragraphs of a.txt are kept: all cut again from stale
	// profiles, some from exact ones.
	if kept := updated.Meta().Paragraphs - rep.Paragraphs; stale && rep.Reprofiled != kept || !stale && (rep.Reprofiled == 0 || rep.Reprofiled >= kept) {
		t.Errorf("the update cut again %d of the %d paragraphs it kept (stale profiles: %v)", rep.Reprofiled, kept, stale)
	}

	fresh := t.TempDir()
	writeFiles(t, fresh, map[string]string{"a.txt": rarityFiles["a.txt"], "b.txt": changed["b.txt"], "d.txt": changed["d.txt"]})
	freshIx := open(t, buildAt(t, fresh))
	df, _ := wantRarity(t, rarityParagraphs(t, freshIx))
	// The words of c.txt alone count nothing now.
	gone := map[string]uint32{}
	for _, w := range wordsOf(t, rarityFiles["c.txt"]) {
		if df[w] == 0 {
			gone[w] = 0
		}
	}
	if len(gone) == 0 {
		t.Fatal("c.txt has no word of its own: the test cannot tell a dropped document's words are taken away")
	}
	if diff := cmp.Diff(df, indexDF(t, updated, df)); diff != "" {
		t.Errorf("word counts after the update, against a fresh build (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(map[string]uint32{}, indexDF(t, updated, gone)); diff != "" {
		t.Errorf("words of the dropped document still counted (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(freshIx.Rarity().Words(), updated.Rarity().Words()); diff != "" {
		t.Errorf("the words table after the update (-fresh build +updated):\n%s", diff)
	}
	_, want := wantRarity(t, got)
	if diff := cmp.Diff(want, profilesOf(got)); diff != "" {
		t.Errorf("profiles after the update (-want +got):\n%s", diff)
	}
	// Non-vacuity: a paragraph of a.txt, which the update does not read
	// again, has a profile of other counts than before, and one has the
	// same.
	keptChanged, keptSame := false, false
	for id, p := range got {
		if slices.Contains(strings.Split(rarityFiles["a.txt"], "\n"), p.text) {
			keptChanged = keptChanged || before[id].profile != p.profile
			keptSame = keptSame || before[id].profile == p.profile
		}
	}
	if !keptChanged || !keptSame {
		t.Errorf("of a.txt's paragraphs, some have another profile after the update: %v; some the same: %v. The test means both", keptChanged, keptSame)
	}
}

// buildAt builds an index of the files in dir into a new folder.
func buildAt(t *testing.T, dir string) string {
	t.Helper()
	idx := filepath.Join(t.TempDir(), "index")
	update(t, idx, []string{dir}, index.UpdateOptions{})
	return idx
}

// TestKeywordWords: a keyword is cut into the words the index counts by
// forward maximum matching, the longest word first.
func TestKeywordWords(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, rarityFiles)
	ix := open(t, buildAt(t, dir))
	r := ix.Rarity()
	df := func(w string) uint32 {
		n, err := r.WordDF(w)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	for _, tt := range []struct {
		name, keyword string
		want          []uint32
	}{
		{"a word", "隐患", []uint32{df("隐患")}},
		{"a compound, not its parts", "安全生产责任制", []uint32{df("安全生产责任制")}},
		{"a phrase, word by word", "全面落实安全生产责任制", []uint32{df("全面落实"), df("安全生产责任制")}},
		{"traditional characters, folded", "隱患", []uint32{df("隐患")}},
		{"a character that starts no word is skipped", "的隐患", []uint32{df("隐患")}},
		{"runs of Han characters apart", "隐患 ,排查", []uint32{df("隐患"), df("排查")}},
		{"no word", "的了", nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if slices.Contains(tt.want, 0) {
				t.Fatalf("the index counts no word of %v", tt.want)
			}
			got, err := index.KeywordWords(tt.keyword, r.DF)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("KeywordWords(%q) (-want +got):\n%s", tt.keyword, diff)
			}
		})
	}
	// A damaged words table: the cut stops at the first read that fails,
	// and returns its error rather than a shorter cut.
	damage := errors.New("damaged")
	reads := 0
	failing := func(k index.WordKey) (uint32, error) {
		if reads++; reads > 1 {
			return 0, damage
		}
		return r.DF(k)
	}
	if got, err := index.KeywordWords("全面落实安全生产责任制", failing); !errors.Is(err, damage) || got != nil || reads != 2 {
		t.Errorf("KeywordWords with a failing count = %v, %v after %d reads; want nil, the count's error after 2", got, err, reads)
	}
}

// An update that re-reads a document with no paragraph left subtracts its
// old words, as a fresh build of the same files counts them.
func TestRarityAfterADocumentIsEmptied(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, rarityFiles)
	idx := buildAt(t, dir)
	writeFiles(t, dir, map[string]string{"c.txt": "\n"})
	update(t, idx, []string{dir}, index.UpdateOptions{})
	updated := open(t, idx)
	fresh := t.TempDir()
	writeFiles(t, fresh, map[string]string{"a.txt": rarityFiles["a.txt"], "b.txt": rarityFiles["b.txt"], "c.txt": "\n"})
	freshIx := open(t, buildAt(t, fresh))
	df, _ := wantRarity(t, rarityParagraphs(t, freshIx))
	all := map[string]uint32{}
	for _, w := range wordsOf(t, rarityFiles["c.txt"]) {
		all[w] = df[w]
	}
	for w, n := range df {
		all[w] = n
	}
	if diff := cmp.Diff(df, indexDF(t, updated, all)); diff != "" {
		t.Errorf("word counts after emptying c.txt (-want +got):\n%s", diff)
	}
}

// oldWordKey is the key of a folded word before format 14: its 64-bit
// FNV-1a hash folded to 32 bits.
func oldWordKey(w string) uint32 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(w); i++ {
		h ^= uint64(w[i])
		h *= 1099511628211
	}
	return max(uint32(h^h>>32), 1)
}

// TestRarityKeepsCollidingWordsApart: words that shared a 32-bit key (two
// of the six pairs of gse's dictionary that did) have keys of their own, so each has its own count, and a
// paragraph its own profile, in a fresh build and after an update that
// drops the paragraphs of one of them (which left the other's kept
// paragraph with the old count's profile).
func TestRarityKeepsCollidingWordsApart(t *testing.T) {
	pairs := [][2]string{{"当日", "博览古今"}, {"白气", "成唯识"}}
	for _, p := range pairs {
		if oldWordKey(p[0]) != oldWordKey(p[1]) {
			t.Fatalf("%s and %s did not share a 32-bit key: the test proves nothing", p[0], p[1])
		}
		if index.KeyOf(p[0]) == index.KeyOf(p[1]) {
			t.Errorf("%s and %s share the key %#x", p[0], p[1], index.KeyOf(p[0]))
		}
	}
	dir := t.TempDir()
	meetings := "关于会议的通知\n"
	for i := range 10 {
		meetings += fmt.Sprintf("第%d次会议当日通过了决议。\n", i+1)
	}
	writeFiles(t, dir, map[string]string{
		"a.txt": "关于学习的通知\n他博览古今。\n成唯识论是佛教经典。\n白气从锅里冒出来。\n",
		"b.txt": meetings + "白气从锅里冒出来，会议当日结束。\n",
	})
	idx := buildAt(t, dir)
	check := func(stage string, want map[string]uint32) {
		t.Helper()
		ix := open(t, idx)
		paras := rarityParagraphs(t, ix)
		df, profiles := wantRarity(t, paras)
		for w, n := range want {
			if df[w] != n {
				t.Fatalf("%s: the test's files hold %s in %d paragraphs, not %d", stage, w, df[w], n)
			}
		}
		if diff := cmp.Diff(want, indexDF(t, ix, want)); diff != "" {
			t.Errorf("%s: word counts (-want +got):\n%s", stage, diff)
		}
		if diff := cmp.Diff(profiles, profilesOf(paras)); diff != "" {
			t.Errorf("%s: profiles (-want +got):\n%s", stage, diff)
		}
	}
	check("fresh build", map[string]uint32{"当日": 11, "博览古今": 1, "白气": 2, "成唯识": 1})
	if err := os.Remove(filepath.Join(dir, "b.txt")); err != nil {
		t.Fatal(err)
	}
	update(t, idx, []string{dir}, index.UpdateOptions{})
	check("after the update", map[string]uint32{"博览古今": 1, "白气": 1, "成唯识": 1})
}
