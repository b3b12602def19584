// Exact helpers on decimal strings, for the few places the page needs more
// than formatting: comparing two amounts, the whole-minute break-even
// points of the cost chart, and axis ticks that are exact decimals. They
// work on BigInt scaled integers; no amount goes through a binary float.
// px() is the one exception, and only for chart geometry (pixels).

// parse reads "123.45" as {n: 12345n, scale: 2}; null when not a decimal.
export function parse(v) {
  const str = typeof v === 'number' && Number.isSafeInteger(v) ? String(v) : v;
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(typeof str === 'string' ? str.trim() : '');
  if (!m) return null;
  const frac = m[3] || '';
  const n = BigInt(m[2] + frac);
  return { n: m[1] ? -n : n, scale: frac.length };
}

function align(a, b) {
  const s = Math.max(a.scale, b.scale);
  return [a.n * 10n ** BigInt(s - a.scale), b.n * 10n ** BigInt(s - b.scale), s];
}

// cmp compares two decimal strings: -1, 0 or 1 (null if either is invalid).
export function cmp(a, b) {
  const x = parse(a);
  const y = parse(b);
  if (!x || !y) return null;
  const [p, q] = align(x, y);
  return p < q ? -1 : p > q ? 1 : 0;
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
  const diff = { n: tb - bb, scale: s1 };
  const [d, rr] = align(diff, r);
  if (d <= 0n) return BigInt(base);
  return BigInt(base) + ceilDiv(d * 1000n, rr);
}

function decString(n, k) {
  // n × 10^k as a decimal string (n ≥ 0).
  if (k >= 0) return n === 0n ? '0' : n.toString() + '0'.repeat(k);
  const digits = n.toString().padStart(-k + 1, '0');
  const int = digits.slice(0, digits.length + k);
  const frac = digits.slice(digits.length + k).replace(/0+$/, '');
  return frac ? `${int}.${frac}` : int;
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
    const v = decString(step * i, k);
    values.push(v);
    if (Number(v) >= max) break;
    i += 1n;
  }
  return { values, top: Number(values[values.length - 1]) };
}

function str(x) {
  // {n, scale} -> a normalized decimal string.
  const neg = x.n < 0n;
  let digits = (neg ? -x.n : x.n).toString();
  if (x.scale > 0) {
    digits = digits.padStart(x.scale + 1, '0');
    let int = digits.slice(0, digits.length - x.scale);
    let frac = digits.slice(digits.length - x.scale).replace(/0+$/, '');
    int = int.replace(/^0+(?=\d)/, '');
    digits = frac ? `${int}.${frac}` : int;
  }
  return neg && digits !== '0' ? `-${digits}` : digits;
}

// add returns a + b exactly (decimal strings or safe integers); null if
// either is not a decimal.
export function add(a, b) {
  const x = parse(a);
  const y = parse(b);
  if (!x || !y) return null;
  const [p, q, s] = align(x, y);
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
