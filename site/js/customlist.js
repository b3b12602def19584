// Custom price lists as data: the rules the store (custom.js) and the
// editor (listeditor.js) apply to a list object, with no DOM, storage or
// engine here (node --test runs customlist.test.mjs on them).
//
// A custom price list is a catalog in the file format (calc/catalog/
// FORMAT.md) with an id "custom-…" and custom: true. Its money is edited as
// decimal strings, with dec.js's exact helpers, never a binary float.

import { parseMoney, canonical, cmp, per1000, discounted } from './dec.js';

export const isObj = (v) => !!v && typeof v === 'object' && !Array.isArray(v);
export const copy = (v) => JSON.parse(JSON.stringify(v));

// okId reports whether id is one a custom list may have.
export const okId = (id) => typeof id === 'string' && /^custom-[A-Za-z0-9_.-]{1,120}$/.test(id);

export function isCustom(cat) {
  return !!cat && cat.custom === true;
}

// wire returns a custom catalog as a request sends it: a deep copy without
// the computed per1000 (catalogs() adds it; the API refuses unknown
// fields), with custom: true.
export function wire(cat) {
  const c = copy(cat);
  if (Array.isArray(c.packages)) for (const p of c.packages) if (isObj(p)) delete p.per1000;
  c.custom = true;
  return c;
}

function fnv(str) {
  let x = 0x811c9dc5;
  for (const ch of new TextEncoder().encode(str)) {
    x ^= ch;
    x = Math.imul(x, 0x01000193) >>> 0;
  }
  return x.toString(16).padStart(8, '0');
}

// customId is the id a list is saved under, from its name:
// "custom-acme-2026-1a2b3c" (the hash tells apart names with the same
// slug, and names with no Latin letters).
export function customId(name) {
  const n = String(name).trim();
  const slug = n.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40).replace(/-+$/, '');
  return `custom-${slug ? `${slug}-` : ''}${fnv(n).slice(0, 6)}`;
}

// readSaved reads the saved lists' JSON text: the objects with a string
// id, every one of them (saving is bounded by the storage, which refuses
// a list past its quota: custom.js store); [] for anything else.
export function readSaved(text) {
  try {
    const a = JSON.parse(text || '[]');
    return Array.isArray(a) ? a.filter((c) => isObj(c) && typeof c.id === 'string') : [];
  } catch {
    return [];
  }
}

// pickCustom is the custom lists a picker offers, from lists (the state's
// first, so a share link's wins over a saved list of the same id): each
// id once, none that is a published id, only those valid(c) says are.
// Each is marked custom: true.
export function pickCustom(lists, publishedIds, valid) {
  const seen = new Set(publishedIds);
  const out = [];
  for (const c of lists) {
    if (!isObj(c) || !okId(c.id) || seen.has(c.id)) continue;
    if (!valid(c)) continue;
    c.custom = true;
    seen.add(c.id);
    out.push(c);
  }
  return out;
}

// syncList is the state's list of custom lists kept to those the views
// use (used: ids): a saved list a view uses is copied in (so it travels in
// a share link); one no view uses any more is dropped, unless it is known
// only from the state (a link's list not saved here stays reachable).
// Nothing else is dropped: the state holds what a link brought and the
// lists the views use, so a link made from it is no larger than that.
export function syncList(inState, saved, used) {
  const savedIds = new Set(saved.map((c) => c.id));
  const list = inState.filter((c) => isObj(c) && (used.has(c.id) || !savedIds.has(c.id)));
  for (const id of used) {
    if (!okId(id) || list.some((c) => c.id === id)) continue;
    const s = saved.find((c) => c.id === id);
    if (s) list.push(s);
  }
  return list;
}

// fromLinkOnly are the lists in the state not saved here as they are (a
// share link's).
export function fromLinkOnly(inState, saved) {
  return inState.filter((c) => isObj(c) && okId(c.id) && !saved.some((s) => s.id === c.id && JSON.stringify(s) === JSON.stringify(wire(c))));
}

// withSaved is saved with stored put in, replacing the list it was edited
// from (from, its old id) and any of the same id.
export function withSaved(saved, stored, from) {
  return [...saved.filter((s) => s.id !== stored.id && s.id !== from), stored];
}

// renamed is the state's custom lists after stored was saved from the list
// with id from: views that priced with either id now use stored's id and
// stored; each id once.
export function renamed(inState, views, from, stored) {
  const id = stored.id;
  const list = inState.filter((s) => s.id !== id && s.id !== from);
  for (const v of views) if (v.catalog === from || v.catalog === id) { v.catalog = id; list.push(stored); }
  return [...new Map(list.map((s) => [s.id, s])).values()];
}

// editable is a copy of cat to edit: money in its plain form, named name
// (cat's own name when undefined), its id from that name, no Chinese name
// (the name is the user's now).
export function editable(cat, name) {
  const c = wire(cat);
  if (Array.isArray(c.packages)) for (const p of c.packages) if (isObj(p) && typeof p.price === 'string') p.price = canonical(p.price);
  if (Array.isArray(c.meters)) for (const m of c.meters) if (isObj(m) && typeof m.overagePer1000 === 'string') m.overagePer1000 = canonical(m.overagePer1000);
  c.name = name ?? c.name;
  delete c.nameZh;
  c.id = customId(typeof c.name === 'string' ? c.name : '');
  return c;
}

// copied is a published list to start a custom one from: the source stays
// the published document the prices derive from, and a note says which
// list it was copied from. A custom list is copied as it is.
export function copied(base) {
  const c = wire(base);
  if (!isCustom(base)) {
    c.notes = Array.isArray(c.notes) ? c.notes : [];
    if (c.notes.length < 20) c.notes.unshift(`Custom price list copied from ${base.id} (${base.name}).`);
  }
  return c;
}

// unitConsistent reports whether a package's price equals minutes / 1000 ×
// unitPer1000 exactly (the loader's check).
export function unitConsistent(p) {
  if (!parseMoney(p.price) || !parseMoney(p.unitPer1000) || !Number.isSafeInteger(p.minutes)) return false;
  return cmp(per1000(p.minutes, canonical(p.unitPer1000)), canonical(p.price)) === 0;
}

// setPrice sets a package's price as typed; a unit price it no longer
// matches is dropped (the loader would refuse the pair).
export function setPrice(p, price) {
  p.price = price;
  if (p.unitPer1000 !== undefined && !unitConsistent(p)) delete p.unitPer1000;
}

// discount prices the packages at indexes idx pct (percentOff) off their
// list price in base (so applying twice does not compound), with their
// unit prices where those stay exact.
export function discount(pkgs, base, idx, pct) {
  for (const i of idx) {
    const p = pkgs[i];
    const b = base && base[i];
    const price = discounted(b ? b.price : '', pct);
    if (price === null) continue;
    p.price = price;
    if (b.unitPer1000 !== undefined) {
      const u = discounted(b.unitPer1000, pct);
      if (u !== null) p.unitPer1000 = u;
      if (u === null || !unitConsistent(p)) delete p.unitPer1000;
    }
  }
}

// setFree sets a list's free minutes a month as typed ('' for none): a
// whole number is sent as one (minutes are a count, not money), anything
// else as typed for the engine to refuse. order is the meters' order to
// use when the list has none.
export function setFree(c, typed, order) {
  const v = typed.trim();
  if (v === '') {
    delete c.freeAllowance;
    return;
  }
  const n = /^\d{1,15}$/.test(v) && Number.isSafeInteger(Number(v)) ? Number(v) : v;
  c.freeAllowance = { minutesPerMonth: n, order: isObj(c.freeAllowance) && Array.isArray(c.freeAllowance.order) ? c.freeAllowance.order : order };
}
