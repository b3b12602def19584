// The statement view's import box and export links (statementfile.js does
// the reading and writing). An import validates every row first and
// imports nothing when one is bad, naming each bad row at the text box; an
// import that replaces rows can be undone.

import { h, replace, byId, local, bound, context, within } from './dom.js';
import { t } from './i18n.js';
import { field, button } from './form.js';
import { num } from './format.js';
import { state } from './state.js';
import { catalog } from './catalogs.js';
import { isCustom, wire, useCatalog, check } from './custom.js';
import { message } from './errors.js';
import { readImportAsync, statementJSON, statementFileCSV, statementFileCSVSteps, statementJSONSteps, MAX_ERRORS } from './statementfile.js';
import { runAsync } from './steps.js';
import { jsonSteps } from './link.js';

const MAX_FILE = 32 << 20;
const BIG_TEXT = 1 << 20; // characters of a file still shown in the text box
// Per context (dom.js: the page, or one <rtcprice-calculator>):
// open: the import box stays open across rebuilds; undo: the statement
// before the last import; note: what the last import (or its undo) did;
// urls: the export links' object URLs.
const my = local(() => ({ open: false, undo: null, note: null, urls: [] }));

// copy is the statement ss for undo: its rows copied one by one (100,000
// rows: a spread each, not a JSON round trip).
const copy = (ss) => ({
  catalog: ss.catalog, start: ss.start, end: ss.end, trial: ss.trial,
  purchases: ss.purchases.map((p) => ({ ...p })), usage: ss.usage.map((u) => ({ ...u })),
});

function errorText(e) {
  const v = e.vars ? String(e.vars.v ?? '') : '';
  // A limit is shown grouped ("100,000"); what the user typed, as typed.
  const msg = t(e.key, e.vars ? { v: e.key.startsWith('imp.tooMany') ? num(v) : v } : null);
  if (e.line) return t('csv.line', { n: num(e.line), msg });
  if (e.path) return `${e.path}: ${msg}`;
  return msg;
}

// showErrors lists every bad row at the text box (its error slot).
function showErrors(control, errors, more) {
  const box = control.closest('.field');
  const slot = byId(`${control.id}-err`);
  if (!slot) return;
  if (!errors.length) {
    control.removeAttribute('aria-invalid');
    box?.classList.remove('has-error');
    replace(slot);
    return;
  }
  control.setAttribute('aria-invalid', 'true');
  box?.classList.add('has-error');
  replace(slot,
    h('span', { class: 'error-text', text: t('imp.failed', { n: num(errors.length) }) }),
    h('ul', { class: 'import-errors' }, errors.map((e) => h('li', { class: 'error-text', text: errorText(e) }))),
    more ? h('span', { class: 'error-text', text: t('imp.more', { n: num(MAX_ERRORS) }) }) : null);
}

// apply puts what was read into the statement state ss.
function apply(ss, res) {
  if (res.kind === 'statement') {
    if (res.customCatalog) {
      const cc = Array.isArray(state.customCatalogs) ? state.customCatalogs : [];
      state.customCatalogs = [...cc.filter((c) => c.id !== res.customCatalog.id), res.customCatalog];
    }
    const s = res.statement;
    Object.assign(ss, { start: s.start, end: s.end, trial: s.trial, purchases: s.purchases, usage: s.usage });
    useCatalog(ss, s.catalog);
    return t('imp.done.statement', { p: num(s.purchases.length), u: num(s.usage.length) });
  }
  if (res.kind === 'purchases') {
    ss.purchases = res.purchases;
    return t('imp.done.purchases', { n: num(res.purchases.length) });
  }
  ss.usage = res.usage;
  ss.start = '';
  ss.end = '';
  return t('imp.done.usage', { n: num(res.usage.length) });
}

function announce(text) {
  const live = byId('st-status');
  if (live) live.textContent = text;
}

// importBox is the "Import" part of the statement form. ss is
// state.statement, cat its catalog, rebuild(focusId) saves and rebuilds
// the view.
export function importBox(ss, cat, rebuild) {
  const text = h('textarea', { id: 'st-csv', rows: 4, spellcheck: 'false', placeholder: 'month,meter,minutes\n2019-07,call,199.5', 'data-field': 'csv' });
  let reading = 0;
  const doImport = async (src) => {
    // Read in slices (statementfile.js readImportAsync): a file of 100,000
    // rows never blocks the page. A newer import supersedes one still
    // being read. The rest goes on in this view's context.
    const cx = context();
    const mine = ++reading;
    announce(t('imp.reading'));
    const res = await readImportAsync(src, cat, catalog);
    if (mine !== reading) return;
    // A file's own price list is checked by the engine before it is used,
    // so the pickers have it when the view is rebuilt.
    if (!res.errors && res.customCatalog) {
      const bad = await check(res.customCatalog);
      if (bad) res.errors = [{ key: 'imp.badCatalog', vars: { v: within(cx, message, bad) } }];
      within(cx, finish, res);
    } else {
      within(cx, finish, res);
    }
  };
  const finish = (res) => {
    if (res.errors) {
      showErrors(text, res.errors, res.errors.more);
      announce(t('imp.failed', { n: num(res.errors.length) }));
      return;
    }
    showErrors(text, []);
    my.undo = copy(ss);
    my.note = { text: apply(ss, res) };
    rebuild('st-import-undo');
    announce(my.note.text);
  };
  const file = h('input', { type: 'file', id: 'st-csv-file', accept: '.csv,.tsv,.txt,.json,text/csv,text/plain,application/json' });
  file.addEventListener('change', bound(() => {
    const f = file.files && file.files[0];
    if (!f) return;
    if (f.size > MAX_FILE) {
      showErrors(text, [{ key: 'imp.tooLarge' }]);
      return;
    }
    f.text().then(bound((txt) => {
      // A big file is not put into the text box (a 100,000-row text area
      // is slow to lay out); the import reads it as it is.
      text.value = txt.length > BIG_TEXT ? '' : txt;
      doImport(txt);
    }), bound(() => showErrors(text, [{ key: 'csv.read' }])));
    file.value = '';
  }));
  const { note, undo } = my;
  const undoBox = note ? h('div', { class: 'callout good import-note', id: 'st-import-note' },
    h('p', { text: note.text }),
    undo ? button(t('imp.undo'), () => {
      Object.assign(ss, undo);
      useCatalog(ss, ss.catalog);
      my.undo = null;
      my.note = { text: t('imp.undone') };
      rebuild('st-import-note');
      announce(my.note.text);
    }, { class: 'btn small', id: 'st-import-undo' }) : null) : null;
  if (undoBox && !undo) undoBox.setAttribute('tabindex', '-1');
  return h('details', { class: 'csv-import', open: my.open || !!note, ontoggle: (e) => { my.open = e.target.open; } },
    h('summary', { text: t('csv.title') }),
    h('p', { class: 'note', text: t('csv.help') }),
    field(t('csv.paste'), text, { wide: true }),
    h('div', { class: 'actions' },
      button(t('csv.import'), () => doImport(text.value), { class: 'btn small', id: 'st-csv-import' }),
      // The file input inside its label: the label shows focus (focus-within).
      h('label', { class: 'btn small ghost file', id: 'st-csv-file-label' }, h('span', { text: t('csv.file') }), file)),
    undoBox);
}

// forgetImport drops the undo (another statement was loaded).
export function forgetImport() {
  my.undo = null;
  my.note = null;
}

// exportLinks are the download links of a computed statement: the CSV
// statement file (inputs, then the computed bill) and the JSON one.
//
// With lazy (a big statement: 100,000 rows), the files are written only
// when asked for, in steps (the page stays responsive), by buttons with
// the same ids: a click writes the file and downloads it.
export function exportLinks(ss, sim, cat, lazy = false) {
  for (const u of my.urls) URL.revokeObjectURL(u);
  my.urls = [];
  if (!sim) return null;
  const name = `rtcprice-${sim.catalog}-${sim.start}_${sim.end}`;
  if (lazy) {
    const custom = isCustom(cat) ? wire(cat) : null;
    const save = async (btn, file, type, write) => {
      if (btn.getAttribute('aria-busy') === 'true') return;
      btn.setAttribute('aria-busy', 'true');
      try {
        const url = URL.createObjectURL(new Blob([await write()], { type }));
        my.urls.push(url);
        const a = h('a', { href: url, download: file, hidden: true });
        document.body.appendChild(a);
        a.click();
        a.remove();
      } finally {
        btn.removeAttribute('aria-busy');
      }
    };
    const csvBtn = button(t('st.export'), () => save(csvBtn, `${name}.csv`, 'text/csv;charset=utf-8', () => runAsync(statementFileCSVSteps(ss, sim))), { class: 'btn', id: 'st-export' });
    const jsonBtn = button(t('st.exportJSON'), () => save(jsonBtn, `${name}.json`, 'application/json',
      async () => `${await jsonSteps(await runAsync(statementJSONSteps(ss, { customCatalog: custom, totals: sim.totals })))}\n`), { class: 'btn ghost', id: 'st-export-json' });
    return h('div', { class: 'actions export' }, csvBtn, jsonBtn);
  }
  const csvUrl = URL.createObjectURL(new Blob([statementFileCSV(ss, sim)], { type: 'text/csv;charset=utf-8' }));
  const json = statementJSON(ss, { customCatalog: isCustom(cat) ? wire(cat) : null, totals: sim.totals });
  const jsonUrl = URL.createObjectURL(new Blob([json], { type: 'application/json' }));
  my.urls.push(csvUrl, jsonUrl);
  return h('div', { class: 'actions export' },
    h('a', { class: 'btn', id: 'st-export', href: csvUrl, download: `${name}.csv`, text: t('st.export') }),
    h('a', { class: 'btn ghost', id: 'st-export-json', href: jsonUrl, download: `${name}.json`, text: t('st.exportJSON') }));
}
