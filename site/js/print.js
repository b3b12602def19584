// Printing (and saving as PDF): a "Print" button, and a heading that only
// the printed page shows: what it is (quote, comparison, statement), the
// date it was printed, each price list it uses with its source document,
// and a custom list's name. The print styles are in tools.css.

import { h, replace } from './dom.js';
import { t, lang } from './i18n.js';
import { state } from './state.js';
import { catalog, catalogs, nameOf, meterName } from './catalogs.js';
import { date, month, num } from './format.js';

let head = null;
const opened = []; // details opened for printing, closed after

// mountPrint puts the Print button into the header, before the language
// button, and the print heading at the top of the views.
export function mountPrint() {
  const top = document.querySelector('header.top');
  const lang = document.getElementById('lang-toggle');
  const app = document.getElementById('app');
  if (!top || !lang || !app || head) return;
  top.insertBefore(h('button', {
    type: 'button', id: 'print-open', class: 'btn ghost small tool', 'data-i18n': 'print.button', text: t('print.button'),
    onclick: () => { renderPrintHead(); window.print(); },
  }), lang);
  head = h('div', { id: 'print-head', class: 'print-head' });
  app.prepend(head);
  window.addEventListener('beforeprint', () => {
    renderPrintHead();
    // A statement prints every month's bill in full.
    for (const d of document.querySelectorAll('#view-statement details.month:not([open])')) {
      d.open = true;
      opened.push(d);
    }
  });
  window.addEventListener('afterprint', () => {
    for (const d of opened.splice(0)) d.open = false;
  });
  window.addEventListener('rtcprice:saved', renderPrintHead);
  renderPrintHead();
}

// label is "label: " in the page's language ("标签：" in Chinese).
const label = (key) => `${t(key)}${lang() === 'zh' ? '：' : ': '}`;

function today() {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

// sourceText is a catalog's source document by its title and date, in
// the page's language (the vendors' documents are in Chinese: an English
// page says so), and its web address when it has one; never the file the
// catalog was transcribed from (source.document, a path in the project).
function sourceText(c) {
  const s = c && c.source;
  if (!s || !s.title) return '';
  const key = s.date ? 'print.sourceTitleDate' : 'print.sourceTitle';
  const url = typeof s.url === 'string' && /^https?:\/\//.test(s.url) ? s.url : '';
  return [t(key, { title: s.title, date: s.date ? date(s.date) : '' }), url].filter(Boolean).join(' · ');
}

const RES = { audio: 'res.audio', custom: 'res.custom' };

// callsText describes a call profile in a line.
function callsText(p) {
  const res = RES[p.res] ? (p.res === 'custom' ? `${p.width}×${p.height}` : t(RES[p.res])) : p.res.replace('x', '×');
  return t('print.callsLine', { calls: p.perMonth, people: p.participants, minutes: p.minutes, res })
    + (p.record ? ` · ${t('calls.record')}` : '');
}

// inputLines are the inputs of the view shown, for paper (the form is not
// printed): what was asked, beside the answer.
function inputLines(view, cat) {
  const sec = state[view];
  if (!sec || view === 'lists') return [];
  const row = (key, value) => h('p', { class: 'print-input' }, h('strong', { text: label(key) }), h('span', { text: value }));
  const out = [];
  if (view === 'quote' || view === 'compare') {
    out.push(row('q.start', /^\d{4}-\d{2}$/.test(sec.start) ? month(sec.start) : sec.start));
    out.push(row('q.months', sec.months));
    if ((view === 'compare' || (cat && cat.trial))) out.push(row(view === 'compare' ? 'c.trial' : 'q.trial', t(sec.trial ? 'print.yes' : 'print.no')));
  }
  if (view === 'quote') {
    const meters = cat ? cat.meters : [];
    if (sec.mode === 'calls') {
      sec.calls.forEach((p, i) => out.push(row2(t('calls.profile', { n: num(i + 1) }), callsText(p))));
    } else if (sec.mode === 'monthly') {
      for (const m of meters) {
        const vals = (sec.monthly[m.id] || []).filter((v) => String(v).trim() !== '');
        if (vals.length) out.push(row2(meterName(cat, m.id), `${vals.join(' / ')} ${t('unit.min')}`));
      }
    } else {
      for (const m of meters) {
        const v = String(sec.usage[m.id] ?? '').trim();
        if (v !== '' && v !== '0') out.push(row2(meterName(cat, m.id), t('print.perMonth', { n: /^\d+(\.\d+)?$/.test(v) ? num(v) : v })));
      }
    }
  }
  if (view === 'compare') sec.calls.forEach((p, i) => out.push(row2(t('calls.profile', { n: num(i + 1) }), callsText(p))));
  return out.length ? [h('div', { class: 'print-inputs' }, h('h2', { class: 'print-inputs-title', text: t('print.inputs') }), out)] : [];
}

const row2 = (name, value) => h('p', { class: 'print-input' }, h('strong', { text: `${name}${lang() === 'zh' ? '：' : ': '}` }), h('span', { text: value }));

function listLines(c) {
  if (!c) return [];
  const lines = [h('p', { class: 'print-catalog' },
    h('strong', { text: label(c.custom ? 'print.custom' : 'print.catalog') }), h('span', { text: nameOf(c) }),
    h('span', { class: 'muted', text: ` (${c.id})` }))];
  const src = sourceText(c);
  if (src) lines.push(h('p', { class: 'print-source' }, h('strong', { text: label(c.custom ? 'print.basedOn' : 'print.source') }), h('span', { text: src })));
  return lines;
}

// renderPrintHead fills the print heading for the view shown.
export function renderPrintHead() {
  if (!head) return;
  const view = state.view;
  const title = { quote: 'print.quote', compare: 'print.compare', statement: 'print.statement' }[view] || 'title';
  const sec = state[view];
  const lists = sec && typeof sec.catalog === 'string' ? [catalog(sec.catalog) || catalogs()[0]] : catalogs();
  replace(head,
    h('p', { class: 'print-brand', text: 'rtcprice' }),
    h('h1', { text: t(title) }),
    h('p', { class: 'print-date' }, h('strong', { text: label('print.date') }), h('span', { text: date(today()) })),
    lists.map(listLines),
    inputLines(view, lists.length === 1 ? lists[0] : null));
}
