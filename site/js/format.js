// Number, money and date formatting. Money arrives from calc.wasm as exact
// decimal strings ("25.025") and is handed to Intl.NumberFormat as the
// string: modern engines format decimal strings exactly, so no amount is
// ever turned into a binary float on its way to the screen.

import { locale, lang } from './i18n.js';

const cache = new Map();
function nf(key, opts) {
  const k = `${locale()}|${key}`;
  let f = cache.get(k);
  if (!f) {
    f = new Intl.NumberFormat(locale(), opts);
    cache.set(k, f);
  }
  return f;
}

// asDecimal returns v as a decimal string for formatting, or null when it
// is not one. Integers (minute counts) are accepted as JS numbers.
function asDecimal(v) {
  if (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v)) return v;
  if (typeof v === 'number' && Number.isSafeInteger(v)) return String(v);
  return null;
}

// money formats a decimal string in a currency: "3713.025" -> "¥3,713.025".
// At least 2 and at most 6 fraction digits: exact for every amount the core
// produces (costs have at most 6 places; per-1000 prices are rounded to 6).
export function money(v, currency) {
  return currencyText(v, currency, 2);
}

// moneyShort formats an axis tick: no forced fraction digits.
export function moneyShort(v, currency) {
  return currencyText(v, currency, 0);
}

function currencyText(v, currency, minDigits) {
  const d = asDecimal(v);
  if (d === null) return '—';
  try {
    return nf(`money${minDigits}|${currency}`, {
      style: 'currency', currency, currencyDisplay: 'narrowSymbol', minimumFractionDigits: minDigits, maximumFractionDigits: 6,
    }).format(d);
  } catch {
    return `${d} ${currency}`;
  }
}

// num formats an integer or decimal string with grouping: 51801 -> "51,801".
export function num(v) {
  return numberText(v, 'num', { maximumFractionDigits: 6 });
}

// compactNum formats an axis tick of minutes: 2500000 -> "2.5M" / "250万".
export function compactNum(v) {
  return numberText(v, 'compact', { notation: 'compact', maximumFractionDigits: 2 });
}

// percent formats a ratio given as a decimal string: "2.9504" -> "295.04%".
export function percent(v) {
  return numberText(v, 'percent', { style: 'percent', maximumFractionDigits: 2 });
}

// numberText formats a decimal with the formatter key (opts); '—' for
// what is not a decimal.
function numberText(v, key, opts) {
  const d = asDecimal(v);
  return d === null ? '—' : nf(key, opts).format(d);
}

// Dates and months are formatted by hand, in the page's two languages:
// exact, and without the cost of loading calendar data into Intl.
const EN_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function parts(str) {
  const x = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/.exec(str || '');
  if (!x || Number(x[2]) < 1 || Number(x[2]) > 12) return null;
  return { y: Number(x[1]), m: Number(x[2]), d: x[3] ? Number(x[3]) : 0 };
}

// month formats "2019-07" -> "2019年7月" / "Jul 2019".
export function month(m) {
  const p = parts(m);
  if (!p || p.d) return String(m ?? '');
  return lang() === 'zh' ? `${p.y}年${p.m}月` : `${EN_MONTHS[p.m - 1]} ${p.y}`;
}

// monthShort formats an axis label: "7月" / "Jul", with the year as
// "2019-07" when withYear (never "Jul 19", which reads as a date).
export function monthShort(m, withYear) {
  const p = parts(m);
  if (!p || p.d) return String(m ?? '');
  if (withYear) return `${String(p.y).padStart(4, '0')}-${String(p.m).padStart(2, '0')}`;
  return lang() === 'zh' ? `${p.m}月` : EN_MONTHS[p.m - 1];
}

// date formats "2020-08-31" -> "2020年8月31日" / "Aug 31, 2020".
export function date(d) {
  const p = parts(d);
  if (!p || !p.d) return String(d ?? '');
  return lang() === 'zh' ? `${p.y}年${p.m}月${p.d}日` : `${EN_MONTHS[p.m - 1]} ${p.d}, ${p.y}`;
}

// Month arithmetic on "YYYY-MM" strings (calendar months, not money).
export function addMonths(m, n) {
  const x = /^(\d{4})-(\d{2})$/.exec(m);
  if (!x) return m;
  const i = Number(x[1]) * 12 + Number(x[2]) - 1 + n;
  return `${String(Math.floor(i / 12)).padStart(4, '0')}-${String((i % 12) + 1).padStart(2, '0')}`;
}

// currentMonth is this month in the browser's calendar, "YYYY-MM".
export function currentMonth() {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
}
