// The price lists view: the lists saved here and those a share link
// brought, each to use, edit, export or delete; a new list copied from a
// published one or imported from a JSON file; and beside them the editor
// of the open list (listeditor.js). Where lists are kept is custom.js's.

import { h, idPart } from './dom.js';
import { t } from './i18n.js';
import { field, button } from './form.js';
import { state, save } from './state.js';
import { published } from './catalogs.js';
import { num } from './format.js';
import { showFieldMessage, message } from './errors.js';
import { isObj } from './customlist.js';
import { check, customList, knownValid, savedCatalogs, linkLists, keepList, removeList, useCatalog, changed, catalogSelect } from './custom.js';
import { lists, editing, open, copyFrom, forget, download, editorForm, setStatus, statusText } from './listeditor.js';

const MAX_FILE = 1 << 20;

let confirming = ''; // id of a saved list whose delete awaits confirmation

export function mountLists(el) {
  lists.mount(el);
}

// edit opens cat in the editor (from: the saved list's id, or null).
function edit(cat, from, name) {
  open(cat, from, name);
  confirming = '';
}

function remove(id) {
  removeList(id);
  forget(id);
  confirming = '';
}

function useInQuote(id) {
  useCatalog(state.quote, id);
  save();
  changed();
  document.getElementById('tab-quote')?.click();
}

// importText reads a pasted or loaded JSON price list; errors are shown at
// control. A valid list opens in the editor.
async function importText(text, control) {
  showFieldMessage(control, '');
  let v;
  try {
    v = JSON.parse(text);
  } catch (e) {
    showFieldMessage(control, t('cl.json.bad', { err: String(e && e.message ? e.message : e) }));
    return false;
  }
  if (!isObj(v)) {
    showFieldMessage(control, t('cl.notObject'));
    return false;
  }
  const err = await check(v);
  if (err) {
    showFieldMessage(control, message(err));
    return false;
  }
  edit(v, null, typeof v.name === 'string' ? v.name : '');
  setStatus(t('cl.loaded', { name: editing().catalog.name }));
  return true;
}

// buildLists (re)builds the price lists view.
export function buildLists(focusId) {
  if (!lists.root) return;
  const rebuild = (fid) => buildLists(fid || document.activeElement?.id);
  const custom = customList();
  const saved = savedCatalogs();
  const fromLink = linkLists();

  const row = (c, linkOnly) => {
    const id = idPart(c.id);
    const valid = custom.includes(c) || knownValid(c);
    const pk = Array.isArray(c.packages) ? c.packages.length : 0;
    const ask = confirming === c.id;
    return h('li', { class: 'cl-item', 'data-id': c.id },
      h('div', { class: 'cl-item-head' },
        h('span', { class: 'cl-item-name', text: typeof c.name === 'string' ? c.name : c.id }),
        valid ? null : h('span', { class: 'badge bad small', text: t('cl.invalid') })),
      h('p', { class: 'muted small', text: `${typeof c.vendor === 'string' ? c.vendor : ''} · ${typeof c.currency === 'string' ? c.currency : ''} · ${t('cl.nPackages', { n: num(pk) })}${linkOnly ? ` · ${t('cl.fromLink')}` : ''}` }),
      h('div', { class: 'actions' },
        linkOnly
          ? button(t('cl.keep'), () => { setStatus(keepList(c) ? t('cl.saved', { name: c.name }) : t('cl.storageFull')); rebuild(`cl-edit-${id}`); }, { class: 'btn small', id: `cl-keep-${id}` })
          : null,
        valid ? button(t('cl.use'), () => useInQuote(c.id), { class: 'btn small', id: `cl-use-${id}`, ariaLabel: t('cl.use.aria', { name: c.name }) }) : null,
        button(t('cl.edit'), () => { edit(c, linkOnly ? null : c.id, c.name); setStatus(''); rebuild('cl-name'); }, { class: 'btn small ghost', id: `cl-edit-${id}`, ariaLabel: t('cl.edit.aria', { name: c.name }) }),
        button(t('cl.export'), () => download(c), { class: 'btn small ghost', id: `cl-export-${id}`, ariaLabel: t('cl.export.aria', { name: c.name }) }),
        linkOnly ? null : button(ask ? t('cl.delete.confirm') : t('cl.delete'), () => {
          if (!ask) { confirming = c.id; rebuild(`cl-delete-${id}`); return; }
          remove(c.id);
          setStatus(t('cl.deleted', { name: c.name }));
          rebuild('cl-base');
        }, { class: ['btn small ghost', ask ? 'danger' : ''].join(' '), id: `cl-delete-${id}`, ariaLabel: ask ? t('cl.delete.confirm.aria', { name: c.name }) : t('cl.delete.aria', { name: c.name }) })));
  };

  const jsonText = h('textarea', { id: 'cl-json', rows: 4, spellcheck: 'false', placeholder: '{"format": 1, "id": …}' });
  const fileInput = h('input', { type: 'file', id: 'cl-file', accept: '.json,application/json', 'aria-describedby': 'cl-import-err' });
  fileInput.setAttribute('data-error-slot', 'cl-import-err');
  fileInput.addEventListener('change', () => {
    const f = fileInput.files && fileInput.files[0];
    if (!f) return;
    if (f.size > MAX_FILE) {
      showFieldMessage(fileInput, t('cl.file.big'));
      return;
    }
    const reader = new FileReader();
    reader.onload = async () => { if (await importText(String(reader.result), fileInput)) rebuild('cl-name'); };
    reader.onerror = () => showFieldMessage(fileInput, t('csv.read'));
    reader.readAsText(f);
    fileInput.value = '';
  });

  const listsBox = h('section', { class: 'panel cl-lists', 'aria-labelledby': 'cl-lists-title' },
    h('h2', { id: 'cl-lists-title', text: t('cl.title') }),
    h('p', { class: 'note', text: t('cl.intro') }),
    saved.length
      ? h('ul', { class: 'plain cl-saved', id: 'cl-saved' }, saved.map((c) => row(c, false)))
      : h('p', { class: 'muted small', id: 'cl-saved', text: t('cl.none') }),
    fromLink.length ? [h('h3', { text: t('cl.linkTitle') }), h('ul', { class: 'plain cl-saved', id: 'cl-link' }, fromLink.map((c) => row(c, true)))] : null,
    h('h3', { text: t('cl.new') }),
    h('div', { class: 'cl-new' },
      field(t('cl.base'), catalogSelect({ id: 'cl-base', value: published()[0]?.id }), { wide: true }),
      button(t('cl.copy'), () => { copyFrom(document.getElementById('cl-base').value); confirming = ''; rebuild('cl-name'); }, { class: 'btn small', id: 'cl-copy' })),
    h('details', { class: 'csv-import cl-import', open: !!document.getElementById('cl-json')?.closest('details')?.open },
      h('summary', { text: t('cl.import') }),
      h('p', { class: 'note', text: t('cl.import.help') }),
      field(t('cl.paste'), jsonText, { wide: true, errorSlot: 'cl-import-err' }),
      h('div', { class: 'actions' },
        button(t('cl.load'), async () => { if (await importText(jsonText.value, jsonText)) rebuild('cl-name'); }, { class: 'btn small', id: 'cl-json-load' }),
        fileInput, h('label', { class: 'btn small ghost file', for: 'cl-file', text: t('cl.file') })),
      h('p', { class: 'field-error', id: 'cl-import-err', 'aria-live': 'polite' })),
    h('p', { class: 'cl-status', id: 'cl-status', role: 'status', 'aria-live': 'polite', text: statusText() }));

  const editor = editing() ? editorForm(rebuild) : null;
  lists.show(h('div', { class: 'layout cl-layout' }, listsBox,
    h('div', { class: 'results', id: 'cl-editor-box' }, editor || h('p', { class: 'empty panel', text: t('cl.empty') }))), editor, null, focusId);
}

