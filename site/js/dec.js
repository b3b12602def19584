// Exact decimals for the page: the one module that does arithmetic on
// amounts. Everything works on BigInt scaled integers, {n, scale} being
// n × 10^-scale; no amount goes through a binary float. px() is the one
// exception, and only for chart geometry (pixels).
//
// Two syntaxes are read: parse() the engine's ("-12.5", what results
// carry) and parseMoney() the catalog format's money syntax ("+1e3",
// ".5": what a custom price list may hold, never negative). The rest takes
// and returns decimal strings.

// parse reads "123.45" as {n: 12345n, scale: 2}; null when not a decimal.
export function parse(v) {
  const str = typeof v === 'number' && Number.isSafeInteger(v) ? String(v) : v;
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(typeof str === 'string' ? str.trim() : '');
  if (!m) return null;
  const frac = m[3] || '';
  const n = BigInt(m[2] + frac);
  return { n: m[1] ? -n : n, scale: frac.length };
}

const MONEY = /^\+?(\d+(?:\.\d*)?|\.\d+)(?:[eE]([+-]?\d{1,4}))?$/;
const MAX_DIGITS = 40;

// parseMoney reads a non-negative decimal in the catalog format's money
// syntax ("9688", "6.6", "+1e3", ".5", "12."), normalized (no trailing
// fraction zeros); null when it is not one, or has more than 40 digits or
// an exponent beyond ±40.
export function parseMoney(v) {
  if (typeof v !== 'string') return null;
  const m = MONEY.exec(v.trim());
  if (!m) return null;
  const [int, frac = ''] = m[1].split('.');
  const digits = (int + frac).replace(/^0+/, '');
  if (digits.length > MAX_DIGITS) return null;
  const exp = m[2] ? BigInt(m[2]) : 0n;
  if (exp > 40n || exp < -40n) return null;
  let scale = BigInt(frac.length) - exp;
  let n = BigInt(digits || '0');
  if (scale < 0n) {
    n *= 10n ** -scale;
    scale = 0n;
  }
  return norm({ n, scale: Number(scale) });
}

// norm drops trailing fraction zeros: {n: 1500n, scale: 3} -> {15n, 1}.
function norm(x) {
  let { n, scale } = x;
  while (scale > 0 && n % 10n === 0n) {
    n /= 10n;
    scale -= 1;
  }
  return { n, scale };
}

// align brings a and b to one scale: [a.n', b.n', scale].
function align(a, b) {
  const s = Math.max(a.scale, b.scale);
  return [a.n * 10n ** BigInt(s - a.scale), b.n * 10n ** BigInt(s - b.scale), s];
}

// str writes {n, scale} as a normalized decimal string ("2950.4", "-1");
// a negative scale multiplies by a power of ten.
function str(x) {
  if (x.scale < 0) return str({ n: x.n * 10n ** BigInt(-x.scale), scale: 0 });
  const neg = x.n < 0n;
  let digits = (neg ? -x.n : x.n).toString();
  if (x.scale > 0) {
    digits = digits.padStart(x.scale + 1, '0');
    const int = digits.slice(0, digits.length - x.scale);
    const frac = digits.slice(digits.length - x.scale).replace(/0+$/, '');
    digits = frac ? `${int}.${frac}` : int;
  }
  return neg && digits !== '0' ? `-${digits}` : digits;
}

// cmp compares two decimal strings: -1, 0 or 1 (null if either is invalid).
export function cmp(a, b) {
  const ab = aligned(a, b);
  if (!ab) return null;
  const [p, q] = ab;
  return p < q ? -1 : p > q ? 1 : 0;
}

// aligned parses two decimal strings and brings them to one scale (align);
// null if either is not a decimal.
function aligned(a, b) {
  const x = parse(a);
  const y = parse(b);
  return x && y ? align(x, y) : null;
}

// isPositive reports whether a decimal string is > 0.
export function isPositive(a) {
  return cmp(a, '0') === 1;
}

// px converts a decimal string to a JS number for chart geometry only.
export function px(a) {
  const v = Number(a);
  return Number.isFinite(v) ? v : 0;
}

function ceilDiv(a, b) {
  // b > 0
  const q = a / b;
  return a % b === 0n || a < 0n ? q : q + 1n;
}

// breakEven returns the smallest whole number of minutes u ≥ base at which
// base cost + (u − base) × ratePer1000 / 1000 reaches target, as a BigInt:
// u = base + ceil((target − baseCost) × 1000 / rate). Null when the rate
// is not positive or an input is not a decimal.
export function breakEven(base, baseCost, target, ratePer1000) {
  const b = parse(baseCost);
  const t = parse(target);
  const r = parse(ratePer1000);
  if (!b || !t || !r || r.n <= 0n) return null;
  const [tb, bb, s1] = align(t, b);
  const [d, rr] = align({ n: tb - bb, scale: s1 }, r);
  if (d <= 0n) return BigInt(base);
  return BigInt(base) + ceilDiv(d * 1000n, rr);
}

// ticks returns "nice" axis ticks from 0 covering max (a JS number, the
// geometry): {values: ["0", "2000", ...] exact decimal strings, top}.
export function ticks(max, count = 5) {
  if (!(max > 0) || !Number.isFinite(max)) return { values: ['0', '1'], top: 1 };
  const raw = max / count;
  let k = Math.floor(Math.log10(raw));
  let mant = 1;
  const base = 10 ** k;
  for (const m of [1, 2, 2.5, 5, 10]) {
    if (m * base >= raw) { mant = m; break; }
  }
  let step;
  if (mant === 2.5) { step = 25n; k -= 1; }
  else if (mant === 10) { step = 1n; k += 1; }
  else step = BigInt(mant);
  const values = [];
  let i = 0n;
  for (;;) {
    const v = str({ n: step * i, scale: -k });
    values.push(v);
    if (Number(v) >= max) break;
    i += 1n;
  }
  return { values, top: Number(values[values.length - 1]) };
}

// add returns a + b exactly (decimal strings or safe integers); null if
// either is not a decimal.
export function add(a, b) {
  const ab = aligned(a, b);
  if (!ab) return null;
  const [p, q, s] = ab;
  return str({ n: p + q, scale: s });
}

// sub returns a − b exactly.
export function sub(a, b) {
  const y = parse(b);
  return y ? add(a, str({ n: -y.n, scale: y.scale })) : null;
}

// mul returns a × b exactly.
export function mul(a, b) {
  const x = parse(a);
  const y = parse(b);
  if (!x || !y) return null;
  return str({ n: x.n * y.n, scale: x.scale + y.scale });
}

// per1000 returns minutes × ratePer1000 / 1000 exactly.
export function per1000(minutes, rate) {
  const m = mul(minutes, rate);
  if (m === null) return null;
  const x = parse(m);
  return str({ n: x.n, scale: x.scale + 3 });
}

// sum adds a list of decimals exactly ("0" for none; null if one is bad).
export function sum(xs) {
  let acc = '0';
  for (const v of xs) {
    acc = add(acc, v);
    if (acc === null) return null;
  }
  return acc;
}

// canonical rewrites a money string in its plain form ("+1e3" -> "1000"),
// or returns it unchanged when it is not one (the engine then says what
// is wrong with it).
export function canonical(v) {
  const d = parseMoney(v);
  return d ? str(d) : v;
}

// places is the number of decimal places of a money string (0 when it is
// not one).
export function places(v) {
  const d = parseMoney(v);
  return d ? d.scale : 0;
}

// percentOff checks a discount as typed: a decimal above 0 and up to 100
// with at most two places, "%" allowed. It returns it as a decimal string
// ("12.5") or null.
export function percentOff(v) {
  const m = /^\s*(\d{1,3})(?:\.(\d{1,2}))?\s*%?\s*$/.exec(String(v));
  if (!m) return null;
  const d = { n: BigInt(m[1] + (m[2] || '')), scale: (m[2] || '').length };
  const [x, hundred] = align(d, { n: 100n, scale: 0 });
  if (x <= 0n || x > hundred) return null;
  return str(d);
}

// discounted returns price × (100 − pct) / 100 exactly, for a money string
// and a discount from percentOff; null when either is not one.
export function discounted(price, pct) {
  const p = parseMoney(price);
  const d = parse(pct);
  if (!p || !d) return null;
  const [hundred, off, s] = align({ n: 100n, scale: 0 }, d);
  return str({ n: p.n * (hundred - off), scale: p.scale + s + 2 });
}

// change is price against list as a percentage with one decimal, rounded
// half away from zero, for display: "−20%", "+5.5%"; '' when equal or not
// comparable (money strings).
export function change(price, list) {
  const p = parseMoney(price);
  const l = parseMoney(list);
  if (!p || !l || l.n === 0n) return '';
  const [x, y] = align(p, l);
  if (x === y) return '';
  const diff = (x - y) * 1000n; // tenths of a percent, before dividing by y
  const neg = diff < 0n;
  const a = neg ? -diff : diff;
  const q = (a * 2n + y) / (2n * y);
  const text = `${q / 10n}${q % 10n ? `.${q % 10n}` : ''}`;
  return q === 0n ? '' : `${neg ? '−' : '+'}${text}%`;
}
