// The zhsearch search page. Its state lives in the URL
// (/?q=QUERY&page=N&doc=PATH&year=YYYY&kind=&region=&issuer=&force=&all=1,
// for a document's view /?view=PATH&p=N&q=QUERY, and for the paragraphs a
// document shares with others /reuse?doc=PATH&q=QUERY), so back, forward
// and links work.
// Document text only ever reaches the page through textContent and text
// nodes, never as HTML.
'use strict';

(function () {
  const PAGE_SIZE = 10;
  const MAX_OFFSET = 10000; // the API's bound
  const MAX_ATTEMPTS = 3; // of a search the server is too busy for
  const SVG = 'http://www.w3.org/2000/svg';
  const $ = (id) => document.getElementById(id);

  // el makes an element holding the given children (strings become text).
  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === 'class') e.className = v;
      else e.setAttribute(k, v);
    }
    for (const c of children) e.append(c); // append() turns strings into text nodes
    return e;
  }

  function svg(tag, attrs) {
    const e = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, String(v));
    return e;
  }

  // FILTERS are the state's filters and their URL (and API) parameters.
  const FILTERS = [['docs', 'doc'], ['years', 'year'], ['kinds', 'kind'], ['regions', 'region'], ['issuers', 'issuer'], ['forces', 'force']];

  // unfiltered is a state's query without its filters.
  function unfiltered(q) {
    const s = { q: q, page: 1 };
    for (const [key] of FILTERS) s[key] = [];
    return s;
  }

  function readState(search, path) {
    const p = new URLSearchParams(search);
    let page = parseInt(p.get('page') || '1', 10);
    if (!(page >= 1)) page = 1;
    page = Math.min(page, MAX_OFFSET / PAGE_SIZE + 1);
    const s = unfiltered(p.get('q') || '');
    s.page = page;
    for (const [key, param] of FILTERS) s[key] = p.getAll(param);
    s.view = p.get('view') || '';
    s.para = parseInt(p.get('p') || '0', 10) || 0;
    s.all = p.get('all') === '1'; // every hit, repeated text not collapsed
    s.reuse = path === '/reuse' ? (p.get('doc') || '') : '';
    return s;
  }

  function pageURL(s) {
    const p = new URLSearchParams();
    if (s.reuse) {
      p.set('doc', s.reuse);
      if (s.q) p.set('q', s.q);
      return '/reuse?' + p.toString();
    }
    if (s.q) p.set('q', s.q);
    if (s.view) {
      p.set('view', s.view);
      if (s.para > 0) p.set('p', String(s.para));
    } else {
      if (s.page > 1) p.set('page', String(s.page));
      for (const [key, param] of FILTERS) for (const v of s[key] || []) p.append(param, v);
      if (s.all) p.set('all', '1');
    }
    const qs = p.toString();
    return '/' + (qs ? '?' + qs : '');
  }

  function apiURL(s) {
    const p = new URLSearchParams();
    p.set('q', s.q);
    p.set('limit', String(PAGE_SIZE));
    p.set('offset', String((s.page - 1) * PAGE_SIZE));
    for (const [key, param] of FILTERS) for (const v of s[key]) p.append(param, v);
    if (s.all) p.set('collapse', '0');
    return '/api/search?' + p.toString();
  }

  function filtered(s) {
    return FILTERS.some(([key]) => s[key].length > 0);
  }

  // utf16Ranges turns matches, byte offsets into the UTF-8 text, into
  // [start, end) indexes of the JavaScript (UTF-16) string text, sorted and
  // with overlaps merged. Offsets not on a character boundary are dropped.
  function utf16Ranges(text, matches) {
    const at = new Map();
    let b = 0;
    let i = 0;
    for (const ch of text) {
      at.set(b, i);
      const cp = ch.codePointAt(0);
      b += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
      i += ch.length;
    }
    at.set(b, i);
    const ranges = [];
    for (const m of matches || []) {
      const s = at.get(m.start);
      const e = at.get(m.end);
      if (s !== undefined && e !== undefined && s < e) ranges.push([s, e]);
    }
    ranges.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
    const merged = [];
    for (const r of ranges) {
      const last = merged[merged.length - 1];
      if (last && r[0] < last[1]) last[1] = Math.max(last[1], r[1]);
      else merged.push(r);
    }
    return merged;
  }

  // marked returns text as nodes, each match (UTF-16 ranges, sorted) in a
  // <mark>, and the first bold characters, a run-in heading, in a span.
  function marked(text, ranges, bold) {
    const out = [];
    let pos = 0;
    const push = (from, to, wrap) => {
      if (to <= from) return;
      if (bold > from) {
        const cut = Math.min(bold, to);
        out.push(wrap(el('span', { class: 'run-in' }, text.slice(from, cut))));
        if (cut < to) out.push(wrap(text.slice(cut, to)));
        return;
      }
      out.push(wrap(text.slice(from, to)));
    };
    for (const [s, e] of ranges) {
      if (s > pos) push(pos, s, (x) => x);
      push(Math.max(s, pos), e, (x) => el('mark', null, x));
      pos = Math.max(pos, e);
    }
    if (pos < text.length) push(pos, text.length, (x) => x);
    return out;
  }

  function navLink(s, attrs, ...children) {
    return el('a', Object.assign({ href: pageURL(s), 'data-nav': '' }, attrs || {}), ...children);
  }

  function hitItem(h, s) {
    // A law's article is cited as such: 《河南省消防条例》第二十一条.
    const title = h.article ? '《' + (h.title || h.doc) + '》' + h.article : (h.title || h.doc);
    const where = el('div', { class: 'where' }, el('span', { class: 'title' }, title));
    for (const part of h.section || []) where.append(el('span', { class: 'sep' }, ' › '), el('span', { class: 'section' }, part));
    where.append(el('span', { class: 'sep' }, ' › '), el('span', { class: 'para' }, '¶' + h.paragraph));
    const meta = el('div', { class: 'meta' }, h.doc, ' · ',
      navLink({ q: s.q, view: h.doc, para: h.paragraph }, { class: 'open-doc' }, '查看全文'), ' · ',
      navLink({ q: s.q, reuse: h.doc }, { class: 'open-reuse', title: '本文档哪些段落也见于其他文档' }, '文本复用'));
    if (h.date) meta.prepend(el('time', null, h.date), ' · ');
    // A document number and a law's status (现行有效, 已废止…) are what a
    // reader cites and checks; the other metadata are filters on the side.
    for (const fact of [h.status, h.number]) if (fact) meta.prepend(el('span', { class: 'fact' }, fact), ' · ');
    // Which other forms of the keywords (应急部 → 应急管理部) the text holds.
    if (h.expanded && h.expanded.length > 0) {
      meta.append(' · ', el('span', { class: 'expanded' }, '同义词：' + h.expanded.map((e) => e.keyword + '→' + e.form).join('、')));
    }
    const item = el('li', { class: 'hit', 'data-id': h.id, 'data-doc': h.doc, 'data-year': (h.date || '').slice(0, 4) }, where);
    const ranges = utf16Ranges(h.text, h.matches);
    const long = h.text.length > FRAGMENT * 2;
    // A heading is shown bold whole; a long paragraph that starts with a
    // run-in heading ("（一）提高认识，增强责任感。非煤矿山…") only up to
    // the heading's end.
    const runIn = h.heading && long ? runInEnd(h.text) : 0;
    const full = el('p', { class: h.heading && !long ? 'text heading' : 'text' }, ...marked(h.text, ranges, runIn));
    const repeats = repeatList(h, s);
    if (!long) {
      item.append(full, ...repeats, meta);
      return item;
    }
    // Long paragraphs show the text around the first match, with a control
    // that shows the whole.
    const [from, to] = fragmentWindow(h.text, ranges);
    const frag = el('p', { class: 'text fragment' },
      from > 0 ? '…' : '', ...marked(h.text.slice(from, to), shift(ranges, from, to), Math.max(0, runIn - from)), to < h.text.length ? '…' : '');
    full.hidden = true;
    const more = el('button', { type: 'button', class: 'more', 'aria-expanded': 'false' }, '展开全文');
    more.addEventListener('click', () => {
      const open = full.hidden;
      full.hidden = !open;
      frag.hidden = open;
      more.textContent = open ? '收起' : '展开全文';
      more.setAttribute('aria-expanded', String(open));
    });
    item.append(frag, full, more, ...repeats, meta);
    return item;
  }

  // similarityLabel shows an exact similarity: 相同 for the same text, else
  // a percentage that does not round up to 100.
  function similarityLabel(x) {
    return x >= 1 ? '相同' : Math.min(99, Math.floor(x * 100)) + '% 相似';
  }

  // repeatList shows the hits collapsed under h, "也见于 N 篇文档", as a
  // list that opens.
  function repeatList(h, s) {
    const reps = h.repeats || [];
    if (reps.length === 0) return [];
    const docs = new Set(reps.filter((r) => r.doc !== h.doc).map((r) => r.doc));
    const same = reps.length - reps.filter((r) => r.doc !== h.doc).length;
    const parts = [];
    if (docs.size > 0) parts.push('也见于 ' + docs.size + ' 篇文档');
    if (same > 0) parts.push('本文另有 ' + same + ' 段');
    const list = el('ul');
    for (const r of reps) {
      list.append(el('li', { 'data-id': r.id },
        r.date ? el('time', null, r.date) : '', r.date ? ' ' : '',
        navLink({ q: s.q, view: r.doc, para: r.paragraph }, null, (r.title || r.doc) + ' ¶' + r.paragraph),
        ' ', el('span', { class: 'sim' }, similarityLabel(r.similarity))));
    }
    return [el('details', { class: 'repeats' }, el('summary', null, parts.join('，')), list)];
  }

  // FRAGMENT is about how many characters of text a long paragraph shows on
  // each side of its first match.
  const FRAGMENT = 90;

  // fragmentWindow returns the [from, to) UTF-16 range of text shown for a
  // long paragraph: around its first match, not cutting a surrogate pair.
  function fragmentWindow(text, ranges) {
    const at = ranges.length > 0 ? ranges[0][0] : 0;
    let from = Math.max(0, at - FRAGMENT);
    let to = Math.min(text.length, from + FRAGMENT * 2 + (ranges.length > 0 ? ranges[0][1] - ranges[0][0] : 0));
    if (to === text.length) from = Math.max(0, to - FRAGMENT * 2);
    if (from > 0 && isLowSurrogate(text.charCodeAt(from))) from--;
    if (to < text.length && isLowSurrogate(text.charCodeAt(to))) to++;
    return [from, to];
  }

  function isLowSurrogate(c) { return c >= 0xdc00 && c <= 0xdfff; }

  // shift moves ranges into a slice [from, to) of their text, clipping
  // those that cross its ends.
  function shift(ranges, from, to) {
    const out = [];
    for (const [s, e] of ranges) if (e > from && s < to) out.push([Math.max(s, from) - from, Math.min(e, to) - from]);
    return out;
  }

  // runInEnd returns where a run-in heading at the start of a paragraph
  // ends: after its first sentence, if that is short.
  function runInEnd(text) {
    const m = /^[^。！？；]{1,40}[。！？；]/.exec(text);
    return m ? m[0].length : 0;
  }

  function renderPager(s, res) {
    const pages = Math.max(1, Math.ceil(Math.min(res.groups, MAX_OFFSET + PAGE_SIZE) / PAGE_SIZE));
    const prev = $('prev');
    const next = $('next');
    const hasPrev = s.page > 1;
    const hasNext = res.offset + res.hits.length < res.groups && s.page < pages;
    for (const [a, on, page] of [[prev, hasPrev, s.page - 1], [next, hasNext, s.page + 1]]) {
      if (on) {
        a.setAttribute('href', pageURL(Object.assign({}, s, { page: page })));
        a.setAttribute('data-nav', '');
        a.removeAttribute('aria-disabled');
      } else {
        a.removeAttribute('href');
        a.removeAttribute('data-nav');
        a.setAttribute('aria-disabled', 'true');
      }
    }
    $('page').textContent = '第 ' + s.page + ' / ' + pages + ' 页';
    $('pager').hidden = res.groups <= PAGE_SIZE && s.page === 1;
  }

  // renderFacet lists counts as links that filter by their value; a value
  // already filtered on links to the search without it.
  function renderFacet(list, counts, chosen, s, key) {
    list.replaceChildren();
    const rows = counts.slice();
    for (const v of chosen) if (!rows.some((c) => c.value === v)) rows.push({ value: v, count: 0 });
    for (const c of rows) {
      const on = chosen.includes(c.value);
      const next = Object.assign({}, s, { page: 1 });
      next[key] = on ? chosen.filter((v) => v !== c.value) : [c.value];
      const label = c.label || c.value;
      const a = navLink(next, { class: on ? 'on' : '', title: on ? '取消此筛选' : c.value, 'data-value': c.value },
        el('span', { class: 'label' }, label), el('span', { class: 'n' }, String(c.count)));
      list.append(el('li', null, a));
    }
    if (rows.length === 0) list.append(el('li', { class: 'none' }, '—'));
  }

  // renderChart draws where the matches are: by year when any has a year
  // (every year from the first to the last, gaps included), otherwise by
  // document.
  function renderChart(s, res) {
    const box = $('chart');
    box.replaceChildren();
    if (res.by_year.length > 0) {
      $('chart-title').textContent = '按年份（段落数）';
      const years = res.by_year.map((c) => parseInt(c.value, 10));
      const first = Math.min(...years);
      const last = Math.max(...years);
      const byYear = new Map(res.by_year.map((c) => [parseInt(c.value, 10), c.count]));
      const rows = [];
      if (last - first < 200) for (let y = first; y <= last; y++) rows.push([y, byYear.get(y) || 0]);
      else for (const c of res.by_year) rows.push([parseInt(c.value, 10), c.count]);
      const max = Math.max(...rows.map((r) => r[1]));
      const W = 300;
      const H = 150;
      const top = 14;
      const bottom = 18;
      const bw = W / rows.length;
      const chart = svg('svg', { viewBox: '0 0 ' + W + ' ' + H, role: 'img', 'aria-label': '按年份的段落数', class: 'bars' });
      const every = Math.ceil(rows.length / 6);
      rows.forEach(([year, n], i) => {
        const h = max > 0 ? (n / max) * (H - top - bottom) : 0;
        const x = i * bw;
        const g = svg('a', { href: pageURL(Object.assign({}, s, { page: 1, years: [String(year)] })), 'data-nav': '', class: 'bar' });
        const t = svg('title');
        t.textContent = year + '：' + n + ' 段';
        g.append(t);
        const w = Math.min(bw * 0.8, 36);
        g.append(svg('rect', { x: x + (bw - w) / 2, y: H - bottom - h, width: w, height: Math.max(h, n > 0 ? 1 : 0) }));
        if (n > 0 && (rows.length <= 24 || n === max)) {
          const c = svg('text', { x: x + bw / 2, y: H - bottom - h - 3, class: 'count' });
          c.textContent = String(n);
          g.append(c);
        }
        chart.append(g);
        const lastLabel = i === rows.length - 1;
        if ((i % every === 0 && rows.length - 1 - i >= every / 2) || lastLabel) {
          // The end labels are anchored at the chart's edges so that long
          // ranges do not clip them ("980" for 1980).
          const edge = rows.length > 1 && i === 0 ? ' first' : rows.length > 1 && lastLabel ? ' last' : '';
          const lx = edge === ' first' ? x : edge === ' last' ? x + bw : x + bw / 2;
          const l = svg('text', { x: lx, y: H - 4, class: 'year' + edge });
          l.textContent = String(year);
          chart.append(l);
        }
      });
      box.append(chart);
      return;
    }
    $('chart-title').textContent = '按文档（段落数）';
    const rows = res.by_document.slice(0, 10);
    const max = Math.max(1, ...rows.map((c) => c.count));
    const list = el('div', { class: 'hbars', role: 'img', 'aria-label': '按文档的段落数' });
    for (const c of rows) {
      const bar = el('span', { class: 'fill' });
      bar.style.width = ((c.count / max) * 100).toFixed(1) + '%'; // CSSOM, which the CSP allows
      list.append(el('div', { class: 'hbar', title: (c.label || c.value) + '：' + c.count + ' 段' },
        el('span', { class: 'label' }, c.label || c.value), el('span', { class: 'track' }, bar), el('span', { class: 'n' }, String(c.count))));
    }
    box.append(list);
  }

  function render(s, res) {
    $('error').hidden = true;
    $('help').hidden = true;
    $('layout').hidden = false;
    $('status').textContent = '';
    const count = $('count');
    count.dataset.total = String(res.total);
    count.dataset.documents = String(res.documents);
    count.textContent = res.total === 0
      ? '没有找到结果（' + res.took_ms.toFixed(1) + ' 毫秒）'
      : res.total + ' 条结果，' + res.documents + ' 篇文档（' + res.took_ms.toFixed(1) + ' 毫秒）';
    if (res.total > 0) {
      // Every hit, as a spreadsheet (CSV with a BOM, for Excel), with the
      // filters of the page.
      const p = new URLSearchParams();
      p.set('q', s.q);
      for (const [key, param] of FILTERS) for (const v of s[key]) p.append(param, v);
      p.set('format', 'csv');
      count.append(' ', el('a', { id: 'export', href: '/api/search?' + p.toString(), download: '' }, '导出 CSV'));
    }
    // Repeated text: hits whose text repeats a higher-ranked hit's are
    // listed under it; a link shows every hit instead, and back.
    if (res.groups < res.total) {
      count.append(el('span', { id: 'collapse-note' }, ' · 重复文本已合并，显示 ' + res.groups + ' 组 · ',
        navLink(Object.assign({}, s, { page: 1, all: true }), { id: 'show-all' }, '显示全部 ' + res.total + ' 段')));
    } else if (s.all) {
      count.append(el('span', { id: 'collapse-note' }, ' · ',
        navLink(Object.assign({}, s, { page: 1, all: false }), { id: 'collapse' }, '合并重复文本')));
    }
    $('hits').replaceChildren(...res.hits.map((h) => hitItem(h, s)));
    renderPager(s, res);
    renderFacet($('years'), res.by_year, s.years, s, 'years');
    renderFacet($('docs'), res.by_document, s.docs, s, 'docs');
    for (const [key, id, counts] of [['kinds', 'kinds', res.by_kind], ['issuers', 'issuers', res.by_issuer],
      ['regions', 'regions', res.by_region], ['forces', 'forces', res.by_force]]) {
      renderFacet($(id), counts || [], s[key], s, key);
      // A facet no hit's document fills in (force, for reports) is left out.
      $(id).closest('section').hidden = (counts || []).length === 0 && s[key].length === 0;
    }
    $('clear-box').hidden = !filtered(s);
    $('clear').setAttribute('href', pageURL(unfiltered(s.q)));
    $('clear').setAttribute('data-nav', '');
    renderChart(s, res);
  }

  // MESSAGES are what the page says for each error code of the API; the
  // API's English message follows as detail.
  const MESSAGES = {
    empty: '请输入要查找的关键词（只有排除词 -A 时无法搜索）。',
    no_document: '索引中没有这篇文档（可能已从索引中删除）。',
    syntax: '查询语法有误',
    too_complex: '查询太复杂：关键词过多，或需要逐条核对的段落太多。请减少关键词或加上更具体的词。',
    too_long: '查询太长：最多 1000 个字。',
    bad_parameter: '地址中的参数有误。',
    timeout: '搜索用时过长，已停止。请加上更具体的关键词缩小范围。',
    overloaded: '服务器正忙，请稍后再试。',
    damaged: '索引已损坏，请重建索引（zhsearch index --rebuild）。',
    not_found: '没有这个接口。',
    internal: '服务器内部错误。',
    offline: '无法连接服务器。', // the page's own: no answer at all
  };

  // renderDocument shows a document as the index holds it, the paragraph
  // s.para marked and scrolled to.
  function renderDocument(s, d) {
    $('reuse').hidden = true;
    $('error').hidden = true;
    $('help').hidden = true;
    $('layout').hidden = true;
    $('status').textContent = '';
    const view = $('document');
    view.hidden = false;
    $('doc-back').setAttribute('href', pageURL(unfiltered(s.q)));
    $('doc-back').hidden = !s.q;
    $('doc-title').textContent = d.title || d.doc;
    const meta = $('doc-meta');
    meta.replaceChildren();
    for (const [label, value] of [['发布机关', d.issuer], ['发文字号', d.number], ['文种', d.kind], ['日期', d.date],
      ['施行日期', d.effective], ['地区', d.region], ['效力级别', d.force], ['时效性', d.status], ['文件', d.doc]]) {
      if (value) meta.append(el('dt', null, label), el('dd', null, value));
    }
    const list = $('doc-paras');
    list.replaceChildren();
    let target = null;
    for (const p of d.paragraphs) {
      const item = el('li', { class: p.heading ? 'para heading' : 'para', 'data-n': String(p.n) },
        el('span', { class: 'n' }, '¶' + p.n), el('span', { class: 'body' }, p.text));
      if (p.article) item.dataset.article = p.article;
      if (p.n === s.para) {
        item.classList.add('hit-para');
        target = target || item;
      }
      list.append(item);
    }
    if (target) {
      target.setAttribute('tabindex', '-1');
      target.scrollIntoView({ block: 'center' });
    }
  }

  // renderReuse shows the paragraphs of a document that other documents
  // repeat, each with where else it stands, oldest first.
  function renderReuse(s, r) {
    $('error').hidden = true;
    $('help').hidden = true;
    $('layout').hidden = true;
    $('document').hidden = true;
    $('status').textContent = '';
    $('reuse').hidden = false;
    $('reuse-back').setAttribute('href', pageURL(unfiltered(s.q)));
    $('reuse-back').hidden = !s.q;
    $('reuse-title').replaceChildren('文本复用：', navLink({ q: s.q, view: r.doc }, null, r.title || r.doc), r.date ? '（' + r.date + '）' : '');
    $('reuse-summary').textContent = '比较了 ' + r.compared + ' 段（共 ' + r.paragraphs + ' 段，标题和短行不比较），其中 ' +
      r.reused.length + ' 段也见于其他文档（相似度 ≥ ' + Math.round(r.similarity * 100) + '%），按文档日期由早到晚列出。';
    const list = $('reuse-paras');
    list.replaceChildren();
    for (const p of r.reused) {
      const found = el('ul');
      for (const o of p.found) {
        const li = el('li', { 'data-id': o.id }, o.date ? el('time', null, o.date) : '（无日期）', ' ',
          navLink({ q: s.q, view: o.doc, para: o.paragraph }, null, (o.title || o.doc) + ' ¶' + o.paragraph),
          ' ', el('span', { class: 'sim' }, similarityLabel(o.similarity)));
        if (o.similarity < 1) li.append(el('p', { class: 'other' }, o.text));
        found.append(li);
      }
      list.append(el('li', { 'data-n': String(p.paragraph) },
        navLink({ q: s.q, view: r.doc, para: p.paragraph }, { class: 'n' }, '¶' + p.paragraph),
        el('p', { class: 'body' }, p.text), found));
    }
  }

  function renderError(s, status, body) {
    $('layout').hidden = true;
    $('document').hidden = true;
    $('reuse').hidden = true;
    $('help').hidden = status !== 400; // a bad query: show the syntax
    $('status').textContent = '';
    const box = $('error');
    box.replaceChildren();
    const code = body && body.code;
    let msg = MESSAGES[code] || (status === 0 ? '' : '出错了（HTTP ' + status + '）。');
    if (code === 'syntax' && body.column > 0) msg += '：第 ' + body.column + ' 个字处';
    if (msg) box.append(el('p', { class: 'message', 'data-code': code || '' }, msg));
    if (body && body.error) box.append(el('p', { class: 'detail' }, body.error));
    if (body && body.column > 0) {
      // Mark the character at the column (runes from 1) in the query.
      const chars = Array.from(s.q);
      const i = body.column - 1;
      box.append(el('p', { class: 'query' }, chars.slice(0, i).join(''),
        el('mark', null, i < chars.length ? chars[i] : ' '), chars.slice(i + 1).join('')));
    }
    box.hidden = false;
  }

  let inflight = null;

  async function load(s) {
    $('q').value = s.q;
    document.title = s.q ? s.q + ' — zhsearch' : 'zhsearch 搜索';
    if (inflight) inflight.abort();
    if (s.reuse) return loadReuse(s);
    $('reuse').hidden = true;
    if (s.view) return loadDocument(s);
    $('document').hidden = true;
    if (!s.q.trim()) {
      $('layout').hidden = true;
      $('error').hidden = true;
      $('help').hidden = false;
      $('status').textContent = '';
      return;
    }
    const ctl = new AbortController();
    inflight = ctl;
    $('status').textContent = '搜索中…';
    document.body.classList.add('busy');
    try {
      // A busy server (503 overloaded) is asked again, a few times, after
      // the wait its Retry-After names.
      for (let attempt = 1; ; attempt++) {
        const resp = await fetch(apiURL(s), { signal: ctl.signal, headers: { Accept: 'application/json' } });
        let body = null;
        try { body = await resp.json(); } catch (e) { body = null; }
        if (ctl.signal.aborted) return;
        if (resp.status === 503 && body && body.code === 'overloaded' && attempt < MAX_ATTEMPTS) {
          const wait = Math.min(Math.max(parseInt(resp.headers.get('Retry-After') || '1', 10) || 1, 1), 10);
          $('status').textContent = '服务器正忙，' + wait + ' 秒后重试…';
          await new Promise((resolve) => setTimeout(resolve, wait * 1000));
          if (ctl.signal.aborted) return;
          continue;
        }
        if (resp.ok && body) render(s, body);
        else renderError(s, resp.status, body);
        return;
      }
    } catch (e) {
      if (e.name !== 'AbortError') renderError(s, 0, { code: 'offline', error: e.message });
    } finally {
      if (inflight === ctl) {
        inflight = null;
        document.body.classList.remove('busy');
      }
    }
  }

  function loadDocument(s) {
    return loadView(s, '/api/document?' + new URLSearchParams({ doc: s.view }).toString(), '载入中…', false, (body) => {
      document.title = (body.title || body.doc) + ' — zhsearch';
      renderDocument(s, body);
    });
  }

  function loadReuse(s) {
    return loadView(s, '/api/reuse?' + new URLSearchParams({ doc: s.reuse }).toString(), '比较中…', true, (body) => {
      document.title = '文本复用：' + (body.title || body.doc) + ' — zhsearch';
      renderReuse(s, body);
    });
  }

  // loadView fetches the answer of a view other than the hits (a document,
  // its reuse) and shows it, or the error; busy dims the hits meanwhile.
  async function loadView(s, url, status, busy, show) {
    const ctl = new AbortController();
    inflight = ctl;
    $('status').textContent = status;
    if (busy) document.body.classList.add('busy');
    try {
      const resp = await fetch(url, { signal: ctl.signal, headers: { Accept: 'application/json' } });
      let body = null;
      try { body = await resp.json(); } catch (e) { body = null; }
      if (ctl.signal.aborted) return;
      if (resp.ok && body) show(body);
      else renderError(s, resp.status, body);
    } catch (e) {
      if (e.name !== 'AbortError') renderError(s, 0, { code: 'offline', error: e.message });
    } finally {
      if (inflight === ctl) {
        inflight = null;
        if (busy) document.body.classList.remove('busy');
      }
    }
  }

  function go(s) {
    history.pushState(null, '', pageURL(s));
    window.scrollTo(0, 0);
    load(s);
  }

  async function loadStats() {
    try {
      const resp = await fetch('/api/stats', { headers: { Accept: 'application/json' } });
      if (!resp.ok) return;
      const st = await resp.json();
      $('stats').textContent = '索引：' + st.documents + ' 篇文档，' + st.paragraphs + ' 个段落 · 建于 ' + String(st.built).slice(0, 10);
    } catch (e) { /* the footer is optional */ }
  }

  $('search').addEventListener('submit', (ev) => {
    ev.preventDefault();
    go(unfiltered($('q').value)); // a new query starts unfiltered
  });

  document.addEventListener('click', (ev) => {
    if (ev.defaultPrevented || ev.button !== 0 || ev.metaKey || ev.ctrlKey || ev.shiftKey || ev.altKey) return;
    const a = ev.target.closest('a[data-nav]');
    if (!a) return;
    ev.preventDefault();
    const u = new URL(a.getAttribute('href'), location.href);
    go(readState(u.search, u.pathname));
  });

  window.addEventListener('popstate', () => load(readState(location.search, location.pathname)));

  load(readState(location.search, location.pathname));
  loadStats();
}());
