package web

import (
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/google/go-cmp/cmp"

	"github.com/zhsearch/zhsearch/query"
)

// chromiumPath finds Debian's Chromium, or another Chromium or Chrome on
// PATH; "" when there is none.
func chromiumPath() string {
	if fi, err := os.Stat("/usr/bin/chromium"); err == nil && !fi.IsDir() {
		return "/usr/bin/chromium"
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// shown is what the page shows, read from its DOM.
type shown struct {
	Search string     `json:"search"`
	Count  string     `json:"count"`
	Page   string     `json:"page"`
	Hits   []shownHit `json:"hits"`
	Years  []string   `json:"years"` // values of the year filters listed
	Docs   []string   `json:"docs"`
	Kinds  []string   `json:"kinds"` // values of the kind filters listed
	Chart  struct {
		Title     string   `json:"title"`
		YearBars  int      `json:"yearBars"`  // columns of the chart by year
		YearLabel []string `json:"yearLabel"` // the years written under them
		DocBars   int      `json:"docBars"`   // rows of the chart by document
	} `json:"chart"`
}

type shownHit struct {
	ID    string   `json:"id"`
	Doc   string   `json:"doc"`
	Year  string   `json:"year"`
	Where string   `json:"where"`
	Text  string   `json:"text"`
	Parts []string `json:"parts"` // the text's child nodes, as text
	Marks []string `json:"marks"`
	// Fragment is the part of a long paragraph shown until it is
	// expanded; empty for a paragraph shown whole.
	Fragment string `json:"fragment"`
	Meta     string `json:"meta"` // the line under the text: date, path, synonyms
}

const readPage = `(() => ({
  search: location.search,
  count: document.getElementById('count').textContent,
  page: document.getElementById('page').textContent,
  hits: Array.from(document.querySelectorAll('#hits li.hit'), (li) => ({
    id: li.dataset.id, doc: li.dataset.doc, year: li.dataset.year,
    where: li.querySelector('.where').textContent,
    text: li.querySelector('.text:not(.fragment)').textContent,
    parts: Array.from(li.querySelector('.text:not(.fragment)').childNodes, (n) => n.textContent),
    marks: Array.from(li.querySelectorAll('.text:not(.fragment) mark'), (m) => m.textContent),
    fragment: li.querySelector('.fragment:not([hidden])')?.textContent ?? '',
    meta: li.querySelector('.meta').textContent,
  })),
  years: Array.from(document.querySelectorAll('#years a'), (a) => a.dataset.value),
  docs: Array.from(document.querySelectorAll('#docs a'), (a) => a.dataset.value),
  kinds: Array.from(document.querySelectorAll('#kinds a'), (a) => a.dataset.value),
  chart: {
    title: document.getElementById('chart-title').textContent,
    yearBars: document.querySelectorAll('#chart svg rect').length,
    yearLabel: Array.from(document.querySelectorAll('#chart svg text.year'), (t) => t.textContent),
    docBars: document.querySelectorAll('#chart .hbar').length,
  },
}))()`

// TestBrowser drives the page in headless Chromium as a person would:
// type a query, read the highlighted hits, page, go back, filter, and
// search documents whose text is HTML, which must stay inert text.
func TestBrowser(t *testing.T) {
	bin := chromiumPath()
	if bin == "" {
		t.Skip("no Chromium found (/usr/bin/chromium): install Debian's chromium package to run the browser test (.ci/run does)")
	}
	srv := httptest.NewServer(NewHandler(Fixed(testIndex), Options{}))
	defer srv.Close()

	// The whole test, browser start included, is bounded.
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(ctx,
		chromedp.ExecPath(bin),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-default-apps", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1200, 900),
	)
	defer cancelAlloc()
	ctx, cancelTab := chromedp.NewContext(allocCtx)
	defer cancelTab()

	// Record every dialog (and dismiss it, so that nothing blocks), every
	// uncaught exception and every error the browser logs, such as a
	// Content-Security-Policy violation or a failed request.
	var mu sync.Mutex
	var dialogs, problems []string
	if err := chromedp.Listen(ctx, func(ev any) {
		mu.Lock()
		defer mu.Unlock()
		switch ev := ev.(type) {
		case *page.EventJavascriptDialogOpening:
			dialogs = append(dialogs, string(ev.Type)+": "+ev.Message)
		case *runtime.EventExceptionThrown:
			d := ev.ExceptionDetails
			msg := d.Text
			if d.Exception != nil {
				msg += " " + d.Exception.Description
			}
			problems = append(problems, fmt.Sprintf("exception at %s:%d: %s", d.URL, d.LineNumber+1, msg))
		case *cdplog.EventEntryAdded:
			// The bad query below gets its 400 on purpose.
			expected := ev.Entry.Source == cdplog.EntrySourceNetwork && strings.Contains(ev.Entry.Text, "status of 400") &&
				strings.Contains(ev.Entry.URL, "/api/search?")
			if ev.Entry.Level == cdplog.EntryLevelError && !expected {
				problems = append(problems, fmt.Sprintf("%s error: %s %s", ev.Entry.Source, ev.Entry.Text, ev.Entry.URL))
			}
		}
	}); err != nil {
		t.Fatalf("starting Chromium (%s): %v", bin, err)
	}
	dialogEvents := chromedp.Events(ctx, page.JavascriptDialogOpening)
	go func() {
		for _, err := range dialogEvents {
			if err != nil {
				return
			}
			chromedp.Call(ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: false})
		}
	}()
	if _, err := chromedp.Call(ctx, cdplog.Enable, cdp.Empty{}); err != nil {
		t.Fatal(err)
	}

	do := func(what string, steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, steps...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	// waitFor waits until the page is idle and cond, a JavaScript
	// expression, holds; then reads the page.
	waitFor := func(what, cond string) shown {
		t.Helper()
		do("waiting for "+what, chromedp.Poll[chromedp.Void](
			"!document.body.classList.contains('busy') && ("+cond+")",
			chromedp.WithPollingInterval(20*time.Millisecond), chromedp.WithPollingTimeout(10*time.Second)))
		s, err := chromedp.Run(ctx, chromedp.Evaluate[shown](readPage))
		if err != nil {
			t.Fatalf("reading the page after %s: %v", what, err)
		}
		return s
	}
	search := func(q string) shown {
		t.Helper()
		do("typing "+q,
			chromedp.Evaluate[chromedp.Void](`document.getElementById('q').value = ''`),
			chromedp.SendKeys(chromedp.ID("q"), q+kb.Enter))
		return waitFor("the hits of "+q, "new URLSearchParams(location.search).get('q') === "+jsString(q)+
			" && document.querySelector('#hits li.hit, #error:not([hidden])') !== null")
	}
	ids := func(hits []shownHit) []string {
		var out []string
		for _, h := range hits {
			out = append(out, h.ID)
		}
		return out
	}
	want := func(q string, opts query.Options) *query.Result {
		t.Helper()
		opts.Limit = 10
		opts.Collapse = true // the page's default
		res, err := query.Search(context.Background(), testIndex, q, opts)
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	wantIDs := func(res *query.Result) []string {
		var out []string
		for _, h := range res.Hits {
			out = append(out, h.ID)
		}
		return out
	}

	do("opening the page", chromedp.Navigate(srv.URL+"/"), chromedp.WaitVisible(chromedp.ID("q")))

	// Type a query and see its hits, every match highlighted.
	const keyword = "安全生产"
	first := search(keyword)
	res := want(keyword, query.Options{})
	if res.Total <= 10 || len(res.ByYear) < 2 {
		t.Fatalf("%s: want more than a page of hits in several years; %d hits, years %v", keyword, res.Total, res.ByYear)
	}
	if wantCount := fmt.Sprintf("%d 条结果，%d 篇文档（", res.Total, res.Documents); !strings.HasPrefix(first.Count, wantCount) {
		t.Errorf("count line %q, want it to start %q", first.Count, wantCount)
	}
	if diff := cmp.Diff(wantIDs(res), ids(first.Hits)); diff != "" {
		t.Errorf("first page (-query.Search +page):\n%s", diff)
	}
	h0 := first.Hits[0]
	if len(h0.Marks) == 0 || h0.Marks[0] != keyword {
		t.Errorf("first hit's marks %q, want %q first", h0.Marks, keyword)
	}
	if wantWhere := whereLine(res.Hits[0]); h0.Where != wantWhere {
		t.Errorf("first hit's heading line %q, want %q", h0.Where, wantWhere)
	}
	for _, h := range first.Hits {
		if len(h.Marks) == 0 {
			t.Errorf("hit %s has no mark", h.ID)
		}
		for _, m := range h.Marks {
			if m != keyword {
				t.Errorf("hit %s marks %q, want only %q", h.ID, m, keyword)
			}
		}
	}

	firstYear, _ := strconv.Atoi(res.ByYear[0].Value)
	lastYear, _ := strconv.Atoi(res.ByYear[len(res.ByYear)-1].Value)
	if c := first.Chart; c.YearBars != lastYear-firstYear+1 || c.DocBars != 0 || c.YearLabel[0] != res.ByYear[0].Value {
		t.Errorf("chart %+v; want one column a year from %d to %d", c, firstYear, lastYear)
	}

	// Next page: other hits, the next ones of query.Search; then back.
	do("clicking next", chromedp.Click(chromedp.ID("next")))
	second := waitFor("page 2", "location.search.includes('page=2') && document.getElementById('page').textContent.startsWith('第 2 ')")
	if diff := cmp.Diff(wantIDs(want(keyword, query.Options{Offset: 10})), ids(second.Hits)); diff != "" {
		t.Errorf("second page (-query.Search +page):\n%s", diff)
	}
	for _, id := range ids(second.Hits) {
		if slices.Contains(ids(first.Hits), id) {
			t.Errorf("hit %s on pages 1 and 2", id)
		}
	}
	do("going back", chromedp.NavigateBack())
	back := waitFor("page 1 again", "!location.search.includes('page=') && document.getElementById('page').textContent.startsWith('第 1 ')")
	if diff := cmp.Diff(ids(first.Hits), ids(back.Hits)); diff != "" {
		t.Errorf("back to page 1 (-before +after):\n%s", diff)
	}

	// Filter by a year, then by a document: every hit belongs to it.
	year := res.ByYear[0]
	do("clicking year "+year.Value, chromedp.Click(chromedp.CSS(`#years a[data-value="`+year.Value+`"]`)))
	byYear := waitFor("the year filter", "location.search.includes('year="+year.Value+"') && document.querySelector('#years a.on') !== null")
	if wantCount := fmt.Sprintf("%d 条结果", year.Count); !strings.HasPrefix(byYear.Count, wantCount) {
		t.Errorf("filtered by %s: count line %q, want %q…", year.Value, byYear.Count, wantCount)
	}
	for _, h := range byYear.Hits {
		if h.Year != year.Value {
			t.Errorf("filtered by %s: hit %s of year %q", year.Value, h.ID, h.Year)
		}
	}
	doc := byYear.Docs[0]
	do("clicking document "+doc, chromedp.Click(chromedp.CSS(`#docs li:first-child a`)))
	byDoc := waitFor("the document filter", "new URLSearchParams(location.search).get('doc') !== null")
	if len(byDoc.Hits) == 0 {
		t.Errorf("filtered by %s and %s: no hits", year.Value, doc)
	}
	for _, h := range byDoc.Hits {
		if h.Doc != doc || h.Year != year.Value {
			t.Errorf("filtered by %s and %s: hit %s in %s of %q", year.Value, doc, h.ID, h.Doc, h.Year)
		}
	}
	do("clearing the filters", chromedp.Click(chromedp.ID("clear")))
	cleared := waitFor("no filter", "!location.search.includes('year=') && !location.search.includes('doc=')")
	if diff := cmp.Diff(ids(first.Hits), ids(cleared.Hits)); diff != "" {
		t.Errorf("filters cleared (-unfiltered +after):\n%s", diff)
	}

	// Filter by a kind of document, from its facet: every hit is in a
	// document of that kind, as many as the facet said.
	if !slices.Contains(first.Kinds, "法") || !slices.Contains(first.Kinds, "报告") {
		t.Fatalf("kinds listed %q, want 法 and 报告", first.Kinds)
	}
	lawKind := slices.IndexFunc(res.ByKind, func(c query.Count) bool { return c.Value == "法" })
	do("clicking kind 法", chromedp.Click(chromedp.CSS(`#kinds a[data-value="法"]`)))
	byKind := waitFor("the kind filter", "new URLSearchParams(location.search).get('kind') === '法' && document.querySelector('#kinds a.on') !== null")
	if wantCount := fmt.Sprintf("%d 条结果", res.ByKind[lawKind].Count); !strings.HasPrefix(byKind.Count, wantCount) {
		t.Errorf("filtered by kind 法: count line %q, want %q…", byKind.Count, wantCount)
	}
	if diff := cmp.Diff(wantIDs(want(keyword, query.Options{Filters: []query.Filter{{Name: query.FilterKind, Value: "法"}}})), ids(byKind.Hits)); diff != "" {
		t.Errorf("filtered by kind 法 (-query.Search +page):\n%s", diff)
	}
	// The same filter typed in the query.
	typed := search(keyword + " kind:法")
	if diff := cmp.Diff(ids(byKind.Hits), ids(typed.Hits)); diff != "" {
		t.Errorf("kind:法 typed (-facet +typed):\n%s", diff)
	}

	// An abbreviation: each hit says which full form its text holds, as
	// query.Search says.
	abbrev := search("应急部")
	wantAbbrev := want("应急部", query.Options{})
	for i, h := range wantAbbrev.Hits {
		if i >= len(abbrev.Hits) {
			t.Fatalf("应急部: %d hits shown, want %d", len(abbrev.Hits), len(wantAbbrev.Hits))
		}
		says := strings.Contains(abbrev.Hits[i].Meta, "应急部→应急管理部")
		if holds := slices.ContainsFunc(h.Expanded, func(e query.Expanded) bool { return e.Form == "应急管理部" }); says != holds {
			t.Errorf("应急部, hit %s: line %q; its text holds 应急管理部: %v", h.ID, abbrev.Hits[i].Meta, holds)
		}
	}

	// A law's article: the hit names it, and its document view shows the
	// whole law with that paragraph marked and in sight.
	article := search("《安全生产法》第二十一条")
	wantArticle := want("《安全生产法》第二十一条", query.Options{})
	if len(article.Hits) == 0 || article.Hits[0].Where != whereLine(wantArticle.Hits[0]) || !strings.HasPrefix(article.Hits[0].Where, "《中华人民共和国安全生产法》第二十一条") {
		t.Fatalf("hits of 《安全生产法》第二十一条 %+v; want 《中华人民共和国安全生产法》第二十一条 first", article.Hits)
	}
	do("opening the hit's document", chromedp.Click(chromedp.CSS(`#hits li.hit:first-child a.open-doc`)))
	waitFor("the document view", "!document.getElementById('document').hidden && document.querySelector('#doc-paras li.hit-para') !== null")
	view, err := chromedp.Run(ctx, chromedp.Evaluate[map[string]any](`(() => {
  const hit = document.querySelector('#doc-paras li.hit-para');
  const r = hit.getBoundingClientRect();
  return {
    title: document.getElementById('doc-title').textContent,
    meta: Array.from(document.querySelectorAll('#doc-meta dd'), (d) => d.textContent).join('|'),
    n: hit.dataset.n, article: hit.dataset.article, text: hit.querySelector('.body').textContent,
    marked: document.querySelectorAll('#doc-paras li.hit-para').length,
    inSight: r.top >= 0 && r.bottom <= window.innerHeight,
    paragraphs: document.querySelectorAll('#doc-paras li.para').length,
    results: !document.getElementById('layout').hidden,
  };
})()`))
	if err != nil {
		t.Fatal(err)
	}
	h := wantArticle.Hits[0]
	wantView := map[string]any{"title": h.Title, "n": strconv.Itoa(h.Paragraph), "article": "第二十一条", "text": h.Text,
		"marked": 1.0, "inSight": true, "results": false, "meta": view["meta"], "paragraphs": view["paragraphs"]}
	if diff := cmp.Diff(wantView, view); diff != "" {
		t.Errorf("document view (-want +got):\n%s", diff)
	}
	if m, _ := view["meta"].(string); !strings.Contains(m, "全国人民代表大会常务委员会") || !strings.Contains(m, "法律") {
		t.Errorf("document metadata %q: want the issuer and the legal force", m)
	}
	if n, _ := view["paragraphs"].(float64); n < 100 {
		t.Errorf("document view shows %v paragraphs; want the whole law", n)
	}
	do("going back to the results", chromedp.Click(chromedp.ID("doc-back")))
	waitFor("the results again", "document.getElementById('document').hidden && document.querySelector('#hits li.hit') !== null")

	// Repeated text: the provincial reports' opening formula is collapsed
	// under its best-ranked hit, which says where else it stands; 显示全部
	// lists every hit; a hit's 文本复用 shows what its document shares.
	const formula = "政协委员"
	collapsed := search(formula)
	wantFormula := want(formula, query.Options{})
	if diff := cmp.Diff(wantIDs(wantFormula), ids(collapsed.Hits)); diff != "" {
		t.Errorf("collapsed hits (-query.Search +page):\n%s", diff)
	}
	var wantRepeats []string
	withRepeats := -1
	for i, h := range wantFormula.Hits {
		for _, r := range h.Repeats {
			wantRepeats = append(wantRepeats, h.ID+" "+r.ID)
			withRepeats = i
		}
	}
	if withRepeats < 0 {
		t.Fatalf("%s: no hit has repeats: the test proves nothing", formula)
	}
	repeats, err := chromedp.Run(ctx, chromedp.Evaluate[map[string]any](`(() => ({
  pairs: Array.from(document.querySelectorAll('#hits li.hit .repeats li'), (li) => li.closest('li.hit').dataset.id + ' ' + li.dataset.id),
  summary: Array.from(document.querySelectorAll('#hits li.hit .repeats summary'), (s) => s.textContent),
  note: document.getElementById('collapse-note').textContent,
}))()`))
	if err != nil {
		t.Fatal(err)
	}
	var gotRepeats []string
	for _, p := range repeats["pairs"].([]any) {
		gotRepeats = append(gotRepeats, p.(string))
	}
	if diff := cmp.Diff(wantRepeats, gotRepeats); diff != "" {
		t.Errorf("repeats shown (-query.Search +page):\n%s", diff)
	}
	if sum, _ := repeats["summary"].([]any); len(sum) == 0 || !strings.HasPrefix(sum[0].(string), "也见于 1 篇文档") {
		t.Errorf("repeats summary %v", repeats["summary"])
	}
	if note := repeats["note"].(string); !strings.Contains(note, fmt.Sprintf("显示 %d 组", wantFormula.Groups)) {
		t.Errorf("collapse note %q; want %d groups", note, wantFormula.Groups)
	}
	do("showing every hit", chromedp.Click(chromedp.ID("show-all")))
	every := waitFor("every hit", "new URLSearchParams(location.search).get('all') === '1' && document.getElementById('collapse') !== null")
	if len(every.Hits) != wantFormula.Total {
		t.Errorf("all=1 shows %d hits of %d", len(every.Hits), wantFormula.Total)
	}
	do("going back to the collapsed hits", chromedp.NavigateBack())
	waitFor("the collapsed hits", "document.getElementById('show-all') !== null")
	do("opening a hit's text reuse", chromedp.Click(chromedp.CSS(fmt.Sprintf(`#hits li.hit:nth-child(%d) a.open-reuse`, withRepeats+1))))
	waitFor("the reuse view", "location.pathname === '/reuse' && !document.getElementById('reuse').hidden")
	shownReuse, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll('#reuse-paras > li'), (li) =>
  li.dataset.n + ': ' + Array.from(li.querySelectorAll('ul li'), (o) => o.dataset.id).join(' '))`))
	if err != nil {
		t.Fatal(err)
	}
	reuseDoc, err := query.FindDocument(testIndex, wantFormula.Hits[withRepeats].Doc)
	if err != nil {
		t.Fatal(err)
	}
	reuse, err := query.FindReuse(context.Background(), testIndex, reuseDoc, 0)
	if err != nil {
		t.Fatal(err)
	}
	var wantReuse []string
	for _, p := range reuse.Reused {
		var others []string
		for _, o := range p.Found {
			others = append(others, o.ID)
		}
		wantReuse = append(wantReuse, strconv.Itoa(p.Paragraph)+": "+strings.Join(others, " "))
	}
	if diff := cmp.Diff(wantReuse, shownReuse); diff != "" || len(wantReuse) == 0 {
		t.Errorf("reuse view (-query.FindReuse +page):\n%s", diff)
	}
	do("going back from the reuse view", chromedp.Click(chromedp.ID("reuse-back")))
	waitFor("the results again", "document.getElementById('reuse').hidden && document.querySelector('#hits li.hit') !== null")

	// Text holding characters outside the BMP: marks on the right
	// characters (byte offsets turned into UTF-16 indexes).
	emoji := search(emojiKeyword)
	i := slices.IndexFunc(emoji.Hits, func(h shownHit) bool { return h.Text == emojiLine })
	if i < 0 {
		t.Fatalf("no hit shows %q; hits %+v", emojiLine, emoji.Hits)
	}
	if c := emoji.Chart; c.YearBars != 0 || c.DocBars != 1 {
		t.Errorf("chart of undated hits %+v; want one row, for their document", c)
	}
	if diff := cmp.Diff([]string{"😀𠮷", emojiKeyword, "，🇨🇳", emojiKeyword, "。"}, emoji.Hits[i].Parts); diff != "" {
		t.Errorf("text and marks of %q (-want +got):\n%s", emojiLine, diff)
	}

	// Documents whose text is HTML: shown as text, never run.
	injected := search(injectedKeyword)
	var texts []string
	for _, h := range injected.Hits {
		texts = append(texts, h.Text)
		for _, m := range h.Marks {
			if m != injectedKeyword {
				t.Errorf("hit %s marks %q, want %q", h.ID, m, injectedKeyword)
			}
		}
	}
	for _, line := range []string{injectedScript, injectedImg} {
		if !slices.Contains(texts, line) {
			t.Errorf("no hit shows %q as text; texts %q", line, texts)
		}
	}
	visible, err := chromedp.Run(ctx, chromedp.Text(chromedp.ID("hits")))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(visible, "<script>window.xssFired") {
		t.Errorf("the script tag is not visible as text: %q", visible)
	}
	time.Sleep(300 * time.Millisecond) // room for an image's onerror, were there an image
	inert, err := chromedp.Run(ctx, chromedp.Evaluate[map[string]any](`({
  scripts: Array.from(document.scripts, (s) => s.getAttribute('src')),
  injected: document.querySelectorAll('#hits script, #hits img, #hits b').length,
  fired: typeof window.xssFired,
})`))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(map[string]any{"scripts": []any{"/static/app.js"}, "injected": 0.0, "fired": "undefined"}, inert); diff != "" {
		t.Errorf("the page after showing HTML text (-want +got):\n%s", diff)
	}

	// Long paragraphs show the text around their first match until they are
	// expanded; short ones are shown whole.
	const longKeyword = "非煤矿山"
	long := search(longKeyword)
	longHit := -1
	for i, h := range long.Hits {
		long := utf16Len(h.Text) > 180
		if long != (h.Fragment != "") {
			t.Errorf("hit %s of %d UTF-16 units shows the fragment %q", h.ID, utf16Len(h.Text), h.Fragment)
		}
		if long && !strings.Contains(h.Fragment, longKeyword) {
			t.Errorf("hit %s: fragment %q does not show the match %q", h.ID, h.Fragment, longKeyword)
		}
		if long && longHit < 0 {
			longHit = i
		}
	}
	if longHit < 0 {
		t.Fatalf("no hit of %s is long enough to be shown as a fragment", longKeyword)
	}
	expandFirstLong := fmt.Sprintf(`document.querySelectorAll('#hits li.hit')[%d].querySelector('button.more').click()`, longHit)
	do("expanding a long hit", chromedp.Evaluate[chromedp.Void](expandFirstLong))
	expanded := waitFor("the whole paragraph", fmt.Sprintf(`document.querySelectorAll('#hits li.hit')[%d].querySelector('.fragment').hidden`, longHit))
	if h := expanded.Hits[longHit]; h.Fragment != "" {
		t.Errorf("hit %s still shows its fragment after expanding", h.ID)
	}

	// A syntax error is shown in Chinese, by its code, with the API's
	// detail and the character at its column marked.
	search(`安全 "非煤矿山`)
	errText, err := chromedp.Run(ctx, chromedp.Text(chromedp.ID("error")))
	if err != nil {
		t.Fatal(err)
	}
	mark, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#error mark")))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(errText, "查询语法有误：第 4 个字处") || !strings.Contains(errText, "unclosed quote") || mark != `"` {
		t.Errorf("error shown %q with %q marked; want it said in Chinese, the detail, and the unclosed quote marked", errText, mark)
	}

	// On a phone (390 CSS pixels, mobile emulation) nothing is wider than
	// the screen: the search button, the hits and the chart fit.
	do("emulating a phone", chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(3), chromedp.EmulateMobile))
	search(keyword)
	fit, err := chromedp.Run(ctx, chromedp.Evaluate[map[string]float64](`({
  page: document.documentElement.scrollWidth,
  button: document.getElementById('go').getBoundingClientRect().right,
  hits: Math.max(...Array.from(document.querySelectorAll('#hits li.hit'), (li) => li.getBoundingClientRect().right)),
})`))
	if err != nil {
		t.Fatal(err)
	}
	for what, right := range fit {
		if right > 390 {
			t.Errorf("on a 390 px phone the %s reaches %.0f px", what, right)
		}
	}

	mu.Lock()
	defer mu.Unlock()
	if len(dialogs) > 0 {
		t.Errorf("dialogs opened: %q", dialogs)
	}
	for _, p := range problems {
		t.Errorf("browser: %s", p)
	}
}

// utf16Len is the length of s in UTF-16 units, as JavaScript counts.
func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n++
		if r > 0xffff {
			n++
		}
	}
	return n
}

// whereLine is the line the page shows above a hit: title › section › ¶N,
// with a law's article cited as 《title》第X条.
func whereLine(h query.Hit) string {
	title := h.Title
	if h.Article != "" {
		title = "《" + h.Title + "》" + h.Article
	}
	parts := append([]string{title}, h.Section...)
	return strings.Join(append(parts, fmt.Sprintf("¶%d", h.Paragraph)), " › ")
}

// jsString quotes s as a JavaScript string.
func jsString(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`, "\n", `\n`).Replace(s) + "'"
}
