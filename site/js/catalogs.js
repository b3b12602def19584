// The catalogs calc.wasm ships, the custom price lists (custom.js), and
// localized names of their parts.

import { lang } from './i18n.js';
import { CATALOGS } from './catalogs-data.js';

// The page ships the catalogs (catalogs-data.js, written by cmd/dist from
// the same Go code calc.wasm answers catalogs() with), so that its forms
// are drawn before calc.wasm has loaded.
let list = Array.isArray(CATALOGS) ? CATALOGS : [];
let customs = () => [];

export function setCatalogs(cs) {
  list = Array.isArray(cs) ? cs : [];
}

// setCustomProvider registers the function listing the valid custom price
// lists (custom.js), shown after the published catalogs.
export function setCustomProvider(fn) {
  customs = fn;
}

// published is the catalogs calc.wasm ships (and the page with it).
export function published() {
  return list;
}

// catalogs is every catalog a view may price with: the published ones,
// then the custom price lists (custom: true).
export function catalogs() {
  return list.concat(customs());
}

export function catalog(id) {
  return list.find((c) => c.id === id) || customs().find((c) => c.id === id) || null;
}

// nameOf returns an object's name in the page's language.
export function nameOf(o) {
  if (!o) return '';
  return (lang() === 'zh' && o.nameZh) ? o.nameZh : (o.name || o.id || '');
}

export function meter(cat, id) {
  return (cat && cat.meters.find((m) => m.id === id)) || null;
}

export function pkg(cat, id) {
  return (cat && cat.packages.find((p) => p.id === id)) || null;
}

export function meterName(cat, id) {
  const m = meter(cat, id);
  return m ? nameOf(m) : id;
}

export function packageName(cat, id) {
  const p = pkg(cat, id);
  return p ? nameOf(p) : id;
}

// lotName labels a lot: "P1 · 入门包", or the trial package's name.
export function lotName(cat, lot, packageId) {
  const name = packageName(cat, packageId);
  return lot && lot !== packageId ? `${lot} · ${name}` : name;
}
