// Printing (and saving as PDF): a "Print" button, and a heading that only
// the printed page shows: what it is (quote, comparison, statement), the
// date it was printed, each price list it uses with its source document,
// and a custom list's name. The print styles are in tools.css.

import { h, replace } from './dom.js';
import { t, lang } from './i18n.js';
import { state } from './state.js';
import { catalog, catalogs, nameOf } from './catalogs.js';
import { date } from './format.js';

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

// sourceText is "title (date) · document" of a catalog's source.
function sourceText(c) {
  const s = c && c.source;
  if (!s) return '';
  return [s.title ? `${s.title}${s.date ? ` (${date(s.date)})` : ''}` : '', s.document || s.url || ''].filter(Boolean).join(' · ');
}

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
    lists.map(listLines));
}
