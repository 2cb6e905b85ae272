package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// A saved gov.cn-style page: metadata table, title broken by <br> (joined
// by the <title>), a heading, body text and a table, around site chrome.
const showPage = `<html><head><meta charset="utf-8"><title>关于加强监管的意见_政府网</title></head><body>
<div class="nav"><a href="/">首页</a><a href="/zc">政策</a></div>
<table><tr><td>发文字号：</td><td>国发〔2019〕5号</td><td>成文日期：</td><td>2019年01月27日</td></tr></table>
<div id="UCAP-CONTENT"><p>国务院关于<br>加强监管的意见</p><p>各省、自治区、直辖市人民政府：</p>
<p>一、总体要求</p><p>坚持全面覆盖，形成常态化管理机制。</p><table><tr><td>序号</td><td>任务</td></tr></table></div>
<div class="footer">版权所有 中国政府网</div></body></html>`

func TestShowCommand(t *testing.T) {
	dir := t.TempDir()
	page := filepath.Join(dir, "意见.html")
	if err := os.WriteFile(page, []byte(showPage), 0o644); err != nil {
		t.Fatal(err)
	}
	r := runCLI(t, "show", page)
	if r.code != exitHits || r.stderr != "" {
		t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
	}
	got := r.stdout
	for _, line := range []string{"format:    html (utf-8)", "title:     国务院关于加强监管的意见", "¶1    # 国务院关于加强监管的意见", "date:      2019-01-27", "  发文字号: 国发〔2019〕5号",
		"## 一、总体要求", "序号 | 任务", "坚持全面覆盖，形成常态化管理机制。"} {
		if !strings.Contains(got, line+"\n") {
			t.Errorf("show output lacks %q:\n%s", line, got)
		}
	}
	for _, chrome := range []string{"首页", "版权所有"} {
		if strings.Contains(got, chrome) {
			t.Errorf("show output has the page's chrome %q:\n%s", chrome, got)
		}
	}

	r = runCLI(t, "show", "--json", page)
	var doc struct {
		Format     string `json:"format"`
		Paragraphs []struct {
			N    int    `json:"n"`
			Kind string `json:"kind"`
			Text string `json:"text"`
		} `json:"paragraphs"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil {
		t.Fatalf("--json: %v\n%s", err, r.stdout)
	}
	var kinds []string
	for _, p := range doc.Paragraphs {
		kinds = append(kinds, p.Kind)
	}
	if diff := cmp.Diff([]string{"title", "body", "heading", "body", "body"}, kinds); doc.Format != "html" || diff != "" {
		t.Errorf("--json: format %q, kinds (-want +got):\n%s", doc.Format, diff)
	}
}

func TestShowErrors(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.docx")
	os.WriteFile(bad, []byte("not a zip"), 0o644)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"show"}, "zhsearch: show: name a file"},
		{[]string{"show", filepath.Join(dir, "missing.pdf")}, "no such file"},
		{[]string{"show", bad}, "bad.docx: docx: not a zip file"},
	} {
		r := runCLI(t, tc.args...)
		if r.code != exitFailure || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q", tc.args, r.code, r.stderr, tc.want)
		}
	}
}
