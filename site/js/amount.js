// Amounts as people type them: "30,000", "30 000", full-width "３００００",
// "3万" and "1.5万". parseAmount turns one into the exact decimal string
// the engine gets ("30000", "15000"), or says why it cannot; it works on
// the string's digits only (no float, no Number), so "1.23456万" is
// exactly "12345.6". A leading minus sign is passed through for the
// engine to refuse with its own reason (negative amounts are its rule).
// No DOM and no i18n here: node --test runs amount.test.js on it.

// Full-width forms (U+FF10..FF19 digits, ，．－＋) and the spaces people
// group digits with (no-break, narrow no-break, thin, ideographic).
const WIDE = { '，': ',', '．': '.', '－': '-', '＋': '+', '。': '.', '、': ',' };
const SPACES = /[\u00a0\u2009\u202f\u3000]/g;

function narrow(s) {
  let out = '';
  for (const ch of s) {
    const c = ch.codePointAt(0);
    if (c >= 0xff10 && c <= 0xff19) out += String.fromCharCode(c - 0xff10 + 48);
    else out += WIDE[ch] ?? ch;
  }
  return out.replace(SPACES, ' ');
}

// UNITS are the Chinese magnitude suffixes: 万 (10⁴) and 亿 (10⁸).
const UNITS = { 万: 4, 萬: 4, 亿: 8, 億: 8 };

// shift returns the decimal digits int.frac times 10^k as a normalized
// decimal string: no leading zeros, no trailing fraction zeros.
export function shift(int, frac, k) {
  let digits = int + frac;
  let point = int.length + k; // digits before the decimal point
  if (point > digits.length) digits += '0'.repeat(point - digits.length);
  if (point < 0) {
    digits = '0'.repeat(-point) + digits;
    point = 0;
  }
  let i = digits.slice(0, point).replace(/^0+/, '') || '0';
  const f = digits.slice(point).replace(/0+$/, '');
  return f ? `${i}.${f}` : i;
}

// parseAmount reads one typed amount. It returns {value} with value the
// exact decimal string ("" for an empty field: not given), or {error}
// with error a stable key: "syntax" (not an amount), "grouping" (digit
// groups that are not thousands, e.g. "3,00"), "unit" (a 万 with grouping
// or nothing before it).
export function parseAmount(typed) {
  if (typeof typed === 'number') {
    return Number.isSafeInteger(typed) ? { value: String(typed) } : { error: 'syntax' };
  }
  if (typeof typed !== 'string') return { error: 'syntax' };
  let s = narrow(typed).trim();
  if (s === '') return { value: '' };
  let sign = '';
  if (s[0] === '-' || s[0] === '+') {
    sign = s[0] === '-' ? '-' : '';
    s = s.slice(1).trim();
  }
  let k = 0;
  const last = s[s.length - 1];
  if (last in UNITS) {
    k = UNITS[last];
    s = s.slice(0, -1).trim();
    if (!/^\d+(\.\d+)?$/.test(s)) return { error: s === '' || /[, ]/.test(s) ? 'unit' : 'syntax' };
  }
  let m = /^(\d+)(?:\.(\d+))?$/.exec(s);
  if (!m) {
    // Thousands grouped by "," or by spaces (one kind in one number).
    const g = /^(\d{1,3})((?:,\d{3})+|(?: \d{3})+)(?:\.(\d+))?$/.exec(s);
    if (!g) return { error: /^[\d., ]+$/.test(s) && /\d/.test(s) ? 'grouping' : 'syntax' };
    m = [s, g[1] + g[2].replace(/[, ]/g, ''), g[3]];
  }
  const v = shift(m[1], m[2] || '', k);
  return { value: sign && v !== '0' ? `-${v}` : v };
}

// requestAmount is parseAmount for a request: the decimal string, or the
// text typed itself when it is empty. Use parseAmount to find errors.
export function requestAmount(typed) {
  const r = parseAmount(typed);
  return r.error ? String(typed) : r.value;
}

// amounts collects the refusals of a request's typed amounts: take(typed,
// field) returns the decimal string for the request (the text typed when
// it is refused) and records {field, error} for each refusal.
export function amounts() {
  const errors = [];
  return {
    errors,
    take(typed, field) {
      const r = parseAmount(typed);
      if (r.error) {
        errors.push({ field, error: r.error });
        return String(typed ?? '').trim();
      }
      return r.value;
    },
  };
}
