// The page's two languages: zh-CN (the default) and English. Strings live
// in i18n-zh.js and i18n-en.js; catalog names come from the catalogs
// themselves (name / nameZh).
//
// The Chinese strings come with this module; the English ones are loaded
// when asked for (loadLang, an import() the served page's bundle makes a
// chunk of its own: a first visit in Chinese does not wait for them).
// Until they are, t() falls back to the Chinese string of a key, as it
// does for a key missing in English: callers that show text in a
// language await loadLang(l) first (app.js, rtcprice-element.js).

import zh from './i18n-zh.js';
import { context } from './dom.js';

const dicts = { zh };
const loaders = { en: () => import('./i18n-en.js') };
const loading = {};
const locales = { zh: 'zh-CN', en: 'en' };

// loadLang loads language l's strings (once; a failed load is tried again
// next time); it resolves when they are there, or at once for a language
// that is or an unknown one (setLang falls back to zh for that).
export function loadLang(l) {
  if (dicts[l] || !loaders[l]) return Promise.resolve();
  if (!loading[l]) {
    loading[l] = loaders[l]().then((m) => { dicts[l] = m.default; }, (e) => {
      delete loading[l];
      throw e;
    });
  }
  return loading[l];
}

// setLang sets the current context's language (the page's also marks the
// document).
export function setLang(l) {
  const c = context();
  c.lang = locales[l] ? l : 'zh';
  if (c.page) document.documentElement.lang = locales[c.lang];
}

export function lang() {
  return locales[context().lang] ? context().lang : 'zh';
}

// locale is the BCP 47 tag for Intl formatting.
export function locale() {
  return locales[lang()];
}

// t returns the string for key with {name} placeholders filled from vars;
// a missing key gives fallback (or the key itself).
export function t(key, vars, fallback) {
  let str = dicts[lang()]?.[key] ?? dicts.zh[key];
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
