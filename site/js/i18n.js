// The page's two languages: zh-CN (the default) and English. Strings live
// in i18n-zh.js and i18n-en.js; catalog names come from the catalogs
// themselves (name / nameZh).

import zh from './i18n-zh.js';
import en from './i18n-en.js';

const dicts = { zh, en };
const locales = { zh: 'zh-CN', en: 'en' };
let current = 'zh';

export function setLang(l) {
  current = dicts[l] ? l : 'zh';
  document.documentElement.lang = locales[current];
}

export function lang() {
  return current;
}

// locale is the BCP 47 tag for Intl formatting.
export function locale() {
  return locales[current];
}

// t returns the string for key with {name} placeholders filled from vars;
// a missing key gives fallback (or the key itself).
export function t(key, vars, fallback) {
  let str = dicts[current][key] ?? dicts.zh[key];
  if (str === undefined) return fallback ?? key;
  if (vars) str = str.replace(/\{(\w+)\}/g, (m, k) => (k in vars ? String(vars[k]) : m));
  return str;
}

// applyStatic fills elements marked data-i18n="key" (text) and
// (with vars from data-i18n-vars, JSON) and
// data-i18n-attr="attr:key,attr:key" in root.
export function applyStatic(root) {
  for (const el of root.querySelectorAll('[data-i18n]')) {
    let vars = null;
    try { vars = JSON.parse(el.getAttribute('data-i18n-vars') || 'null'); } catch { vars = null; }
    el.textContent = t(el.getAttribute('data-i18n'), vars);
  }
  for (const el of root.querySelectorAll('[data-i18n-attr]')) {
    for (const pair of el.getAttribute('data-i18n-attr').split(',')) {
      const [attr, key] = pair.split(':');
      if (attr && key) el.setAttribute(attr.trim(), t(key.trim()));
    }
  }
}
