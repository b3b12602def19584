// Charts in plain inline SVG. Geometry uses JS numbers (pixels); every
// amount of money or minutes shown as text is formatted from the exact
// values the calculator returned (or from exact decimal ticks).

import { h, s, bound } from './dom.js';
import { t } from './i18n.js';
import { money, moneyShort, num, compactNum, monthShort, month as monthLong } from './format.js';
import { ticks, px, breakEven, cmp } from './dec.js';
import { lotName, nameOf } from './catalogs.js';

let chartSeq = 0;
const FONT = 12;

// textWidth estimates the width of a label in pixels (CJK glyphs are wide).
function textWidth(str) {
  let w = 0;
  for (const ch of str) w += ch.charCodeAt(0) > 0x2e80 ? FONT : FONT * 0.6;
  return w;
}

function frame({ width, height, title, desc, yLabels, xTitle, yTitle }) {
  const id = `chart-${++chartSeq}`;
  const left = Math.max(...yLabels.map(textWidth), 24) + 14;
  const m = { top: yTitle ? 26 : 12, right: 16, bottom: xTitle ? 46 : 30, left };
  const svg = s('svg', {
    class: 'chart', width, height, viewBox: `0 0 ${width} ${height}`,
    role: 'img', 'aria-labelledby': `${id}-t ${id}-d`, id,
  }, s('title', { id: `${id}-t`, text: title }), s('desc', { id: `${id}-d`, text: desc || title }));
  return { svg, id, m, pw: Math.max(width - m.left - m.right, 40), ph: Math.max(height - m.top - m.bottom, 40) };
}

function yAxis(f, tickVals, top, fmt, yTitle) {
  const g = s('g', { class: 'axis y' });
  for (const v of tickVals) {
    const y = f.m.top + f.ph - (px(v) / top) * f.ph;
    g.append(
      s('line', { class: 'grid', x1: f.m.left, x2: f.m.left + f.pw, y1: y, y2: y }),
      s('text', { x: f.m.left - 6, y: y + 4, 'text-anchor': 'end', text: fmt(v) }),
    );
  }
  if (yTitle) g.append(s('text', { class: 'axis-title', x: 2, y: 14, text: yTitle }));
  f.svg.append(g);
}

function xTitleText(f, text) {
  f.svg.append(s('text', { class: 'axis-title', x: f.m.left + f.pw / 2, y: f.m.top + f.ph + 40, 'text-anchor': 'middle', text }));
}

function legend(items) {
  return h('ul', { class: 'legend' }, items.map((it) => h('li', null,
    it.mark || h('span', { class: ['swatch', it.cls], 'aria-hidden': 'true' }), h('span', { text: it.label }),
    it.note ? h('span', { class: 'legend-note', text: it.note }) : null)));
}

// stopMark draws the "service stopped" marker centred on (x, y): a red
// disc with a white bar, as SVG shapes (a font glyph may be missing and
// print as an empty box).
function stopMark(x, y) {
  return s('g', { class: 'stop-mark', transform: `translate(${x} ${y})` },
    s('circle', { r: 7 }),
    s('rect', { class: 'stop-bar', x: -4, y: -1.5, width: 8, height: 3 }));
}

// stopLegend is the legend entry that explains stopMark.
function stopLegend() {
  return {
    mark: s('svg', { class: 'legend-mark', width: 16, height: 16, viewBox: '-8 -8 16 16', 'aria-hidden': 'true' }, stopMark(0, 0)),
    label: t('chart.stopped'),
  };
}

// monthAxis draws month labels under n slots of width bw starting at x0.
function monthAxis(f, monthsList) {
  const n = monthsList.length;
  const slot = f.pw / n;
  const labelW = textWidth(monthShort(monthsList[0], true)) + 8;
  const every = Math.max(1, Math.ceil(labelW / slot));
  const g = s('g', { class: 'axis x' });
  monthsList.forEach((mo, i) => {
    if (i % every !== 0) return;
    const withYear = i === 0 || mo.endsWith('-01');
    g.append(s('text', {
      x: f.m.left + slot * (i + 0.5), y: f.m.top + f.ph + 16, 'text-anchor': 'middle', text: monthShort(mo, withYear),
    }));
  });
  g.append(s('line', { class: 'baseline', x1: f.m.left, x2: f.m.left + f.pw, y1: f.m.top + f.ph, y2: f.m.top + f.ph }));
  f.svg.append(g);
}

// costBars: stacked monthly bars of prepaid and overage (postpaid) spend.
export function costBars(months, currency, width) {
  const max = Math.max(...months.map((m) => px(m.prepaid) + px(m.postpaid)), 0);
  const tk = ticks(max || 1, 4);
  const labels = tk.values.map((v) => moneyShort(v, currency));
  const f = frame({
    width, height: 240, title: t('chart.cost.title'), desc: t('chart.cost.desc'), yLabels: labels, xTitle: false, yTitle: currency,
  });
  yAxis(f, tk.values, tk.top, (v) => moneyShort(v, currency), `${t('chart.cost.y')} (${currency})`);
  const slot = f.pw / months.length;
  const bw = Math.max(2, Math.min(44, slot * 0.66));
  const g = s('g', { class: 'bars' });
  months.forEach((m, i) => {
    const x = f.m.left + slot * i + (slot - bw) / 2;
    const hp = (px(m.prepaid) / tk.top) * f.ph;
    const ho = (px(m.postpaid) / tk.top) * f.ph;
    const base = f.m.top + f.ph;
    const tip = `${monthLong(m.month)} — ${t('prepaid')}: ${money(m.prepaid, currency)}; ${t('overage')}: ${money(m.postpaid, currency)}`;
    const bar = s('g', { class: 'bar' }, s('title', { text: tip }));
    if (hp > 0) bar.append(s('rect', { class: 'fill-prepaid', x, y: base - hp, width: bw, height: Math.max(hp, 1) }));
    if (ho > 0) bar.append(s('rect', { class: 'fill-overage', x, y: base - hp - ho, width: bw, height: Math.max(ho, 1) }));
    if (m.stopped) bar.append(stopMark(x + bw / 2, base - hp - ho - 10));
    g.append(bar);
  });
  f.svg.append(g);
  monthAxis(f, months.map((m) => m.month));
  return h('figure', { class: 'chart-box' },
    h('figcaption', { text: t('chart.cost.title') }), f.svg,
    legend([{ cls: 'fill-prepaid', label: t('prepaid') }, { cls: 'fill-overage', label: t('overage') },
      months.some((m) => m.stopped) ? stopLegend() : null].filter(Boolean)));
}

// LOG_RATIO: lots whose sizes differ by this factor or more are drawn on a
// logarithmic axis, so that a 1,000-minute trial is not a flat line under
// a 1,000,000-minute package.
const LOG_RATIO = 20;

// logScale maps minutes v in [0, top] to [0, 1] as log10(1 + v), with
// ticks 0, 10, 100, … (whole powers of ten) up to top.
function logScale(max) {
  const exp = Math.max(1, Math.ceil(Math.log10(max)));
  const top = 10 ** exp;
  const values = [0];
  for (let e = exp <= 4 ? 1 : exp - 4; e <= exp; e++) values.push(10 ** e);
  return { top, values, at: (v) => Math.log10(1 + v) / Math.log10(1 + top) };
}

// balances: each lot's remaining minutes at the end of every month.
export function balances(months, lots, cat, width) {
  const shown = lots.slice(0, 12);
  const series = shown.map((lot) => months.map((m) => {
    const b = (m.balances || []).find((x) => x.lot === lot.lot);
    return b ? b.remaining : null;
  }));
  const max = Math.max(1, ...shown.map((l) => l.minutes));
  const min = Math.max(1, Math.min(...shown.map((l) => l.minutes)));
  const log = max / min >= LOG_RATIO;
  let tk;
  let at;
  if (log) {
    const ls = logScale(max);
    tk = { top: ls.top, values: ls.values };
    at = ls.at;
  } else {
    tk = ticks(max, 4);
    at = (v) => v / tk.top;
  }
  const labels = tk.values.map((v) => compactNum(v));
  const f = frame({ width, height: 240, title: t('chart.bal.title'), desc: log ? `${t('chart.bal.desc')} ${t('chart.bal.logDesc')}` : t('chart.bal.desc'), yLabels: labels, yTitle: true });
  if (log) {
    const g = s('g', { class: 'axis y' });
    for (const v of tk.values) {
      const y = f.m.top + f.ph - at(v) * f.ph;
      g.append(
        s('line', { class: 'grid', x1: f.m.left, x2: f.m.left + f.pw, y1: y, y2: y }),
        s('text', { x: f.m.left - 6, y: y + 4, 'text-anchor': 'end', text: compactNum(v) }),
      );
    }
    g.append(s('text', { class: 'axis-title', x: 2, y: 14, text: `${t('chart.bal.y')} · ${t('chart.logScale')}` }));
    f.svg.append(g);
  } else {
    yAxis(f, tk.values, tk.top, (v) => compactNum(v), t('chart.bal.y'));
  }
  const slot = f.pw / months.length;
  series.forEach((vals, k) => {
    const lot = shown[k];
    const cls = `c${k % 8}`;
    const g = s('g', { class: ['series', cls] });
    let pts = [];
    const flush = () => {
      if (pts.length > 1) g.append(s('polyline', { class: 'line', points: pts.map((p) => p.join(',')).join(' ') }));
      pts = [];
    };
    vals.forEach((v, i) => {
      if (v === null) { flush(); return; }
      const x = f.m.left + slot * (i + 0.5);
      const y = f.m.top + f.ph - at(v) * f.ph;
      pts.push([x, y]);
      g.append(s('circle', { class: 'dot', cx: x, cy: y, r: 3 },
        s('title', { text: `${lotName(cat, lot.lot, lot.package)} — ${monthLong(months[i].month)}: ${num(v)} ${t('unit.min')}` })));
    });
    flush();
    f.svg.append(g);
  });
  monthAxis(f, months.map((m) => m.month));
  const items = shown.map((lot, k) => ({
    cls: `c${k % 8}`,
    label: lotName(cat, lot.lot, lot.package),
    note: `${num(lot.minutes)} ${t('unit.min')}`,
  }));
  const more = lots.length > shown.length ? h('p', { class: 'note', text: t('chart.bal.more', { n: lots.length - shown.length }) }) : null;
  return h('figure', { class: 'chart-box' }, h('figcaption', { text: t('chart.bal.title') }), f.svg, legend(items), more);
}

// costLines: total cost of using u minutes within a package's validity,
// for pay-as-you-go and each package of one meter, with break-even points.
export function costLines(cat, meterId, usage, usageMonths, width) {
  const m = cat.meters.find((x) => x.id === meterId);
  if (!m) return null;
  const rate = m.overagePer1000;
  const always = cat.postpaid === 'always';
  const pk = cat.packages.filter((p) => p.meter === meterId && p.purchasable && (always || p.activatesPostpaid));
  if (!pk.length) return null;
  // Reference line: pay-as-you-go, or the cheapest package that turns
  // postpaid on (TRTC: without it, nothing past the trial is served).
  const sorted = [...pk].sort((a, b) => cmp(a.price, b.price));
  const ref = always ? { id: '', minutes: 0, price: '0', payg: true } : sorted[0];
  const lines = [];
  if (always) lines.push({ id: '', label: t('payg'), minutes: 0, price: '0', cls: 'c7' });
  sorted.forEach((p, i) => lines.push({ id: p.id, label: nameOf(p), minutes: p.minutes, price: p.price, cls: `c${i % 7}` }));
  for (const l of lines) {
    if (l.id === ref.id && !ref.payg) { l.ref = true; continue; }
    if (!l.id) continue;
    const be = breakEven(ref.minutes, ref.price, l.price, rate);
    if (be !== null && be <= BigInt(l.minutes)) l.breakEven = be;
  }
  const cost = (l, u) => px(l.price) + (Math.max(0, u - l.minutes) * px(rate)) / 1000;
  // x range: past the usage and the first break-even.
  // The x range centres on the user's usage: it shows the first break-even
  // point when that is near, and the smallest package in any case.
  const firstBE = lines.filter((l) => l.breakEven !== undefined).map((l) => Number(l.breakEven)).sort((a, b) => a - b)[0];
  const near = firstBE !== undefined && (usage <= 0 || firstBE <= usage * 4) ? firstBE * 1.3 : 0;
  let xmax = Math.max(usage * 2, near, (sorted[0].minutes || 1000) * 1.4);
  const xt = ticks(xmax, 4);
  xmax = xt.top;
  const envelope = Math.min(...lines.map((l) => cost(l, xmax)));
  const ymaxRaw = Math.max(envelope * 1.5, px(sorted[0].price) * 1.2);
  const yt = ticks(ymaxRaw, 4);
  const ymax = yt.top;
  const ylabels = yt.values.map((v) => moneyShort(v, cat.currency));
  const f = frame({
    width, height: 280, title: t('chart.be.title', { meter: nameOf(m) }), desc: t('chart.be.desc'), yLabels: ylabels, xTitle: true, yTitle: true,
  });
  yAxis(f, yt.values, ymax, (v) => moneyShort(v, cat.currency), `${t('chart.cost.y')} (${cat.currency})`);
  const X = (u) => f.m.left + (u / xmax) * f.pw;
  const Y = (c) => f.m.top + f.ph - (c / ymax) * f.ph;
  const gx = s('g', { class: 'axis x' });
  for (const v of xt.values) {
    const x = X(px(v));
    gx.append(s('line', { class: 'grid', x1: x, x2: x, y1: f.m.top, y2: f.m.top + f.ph }),
      s('text', { x, y: f.m.top + f.ph + 16, 'text-anchor': 'middle', text: compactNum(v) }));
  }
  gx.append(s('line', { class: 'baseline', x1: f.m.left, x2: f.m.left + f.pw, y1: f.m.top + f.ph, y2: f.m.top + f.ph }));
  f.svg.append(gx);
  xTitleText(f, t('chart.be.x'));
  const clipId = `${f.id}-clip`;
  f.svg.append(s('defs', null, s('clipPath', { id: clipId }, s('rect', { x: f.m.left, y: f.m.top, width: f.pw, height: f.ph }))));
  const plot = s('g', { 'clip-path': `url(#${clipId})` });
  // Lines that coincide (a package priced exactly at the overage rate runs
  // on the pay-as-you-go line) must all stay visible: packages are drawn
  // wide to narrow, each on top of the one before, and pay as you go last,
  // dashed, over them all.
  const drawOrder = [...lines.filter((l) => l.id), ...lines.filter((l) => !l.id)];
  const packagesN = lines.filter((l) => l.id).length;
  drawOrder.forEach((l, i) => {
    const pts = [[0, cost(l, 0)]];
    if (l.minutes > 0 && l.minutes < xmax) pts.push([l.minutes, cost(l, l.minutes)]);
    pts.push([xmax, cost(l, xmax)]);
    const wide = l.id ? Math.min(3, packagesN - 1 - i) : 0;
    const points = pts.map(([u, c]) => `${X(u)},${Y(c)}`).join(' ');
    // Pay as you go gets a white casing under its dashes, so it shows on
    // any line it runs along.
    if (!l.id) plot.append(s('polyline', { class: 'line casing', points, 'aria-hidden': 'true' }));
    plot.append(s('polyline', {
      class: ['line', 'series', l.cls, l.id === '' ? 'dashed' : null, `lw${wide}`], 'data-series': l.id || 'payg',
      points,
    }, s('title', { text: `${l.label}: ${money(l.price, cat.currency)}` })));
  });
  for (const l of lines) {
    if (l.breakEven === undefined) continue;
    const u = Number(l.breakEven);
    plot.append(s('circle', { class: ['be-dot', 'series', l.cls], cx: X(u), cy: Y(px(l.price)), r: 4.5 },
      s('title', { text: t('chart.be.point', { name: l.label, min: num(l.breakEven.toString()), price: money(l.price, cat.currency) }) })));
  }
  let label = null;
  if (usage > 0 && usage <= xmax) {
    const x = X(usage);
    plot.append(s('line', { class: 'usage-mark', x1: x, x2: x, y1: f.m.top, y2: f.m.top + f.ph }));
    // The label is outside the plot's clip and kept inside the chart:
    // after the mark when it fits, else before it, else flush right.
    const text = `${t('chart.be.you', { n: num(usageMonths) })}: ${num(usage)}`;
    const w = textWidth(text) * (11 / FONT) + 2;
    let lx = x + 4;
    let anchor = 'start';
    if (lx + w > width - 2) {
      anchor = 'end';
      lx = x - 4 - w >= 2 ? x - 4 : width - 2;
    }
    label = s('text', { class: 'usage-label', x: lx, y: f.m.top + 12, 'text-anchor': anchor, text });
  }
  f.svg.append(plot);
  if (label) f.svg.append(label);
  const items = lines.map((l) => {
    let note = '';
    if (l.breakEven !== undefined) note = t('chart.be.note', { min: num(l.breakEven.toString()), vs: always ? t('payg') : nameOf(sorted[0]) });
    else if (l.ref) note = t('chart.be.ref');
    else if (l.id) note = t('chart.be.never', { vs: always ? t('payg') : nameOf(sorted[0]) });
    if (l.id && cmp(l.price, String(ymax)) === 1) note += ` ${t('chart.be.off', { price: money(l.price, cat.currency) })}`;
    return { cls: l.cls, label: l.id ? `${l.label} — ${money(l.price, cat.currency)}` : l.label, note };
  });
  return h('figure', { class: 'chart-box' }, h('figcaption', { text: t('chart.be.title', { meter: nameOf(m) }) }),
    h('p', { class: 'note', 'data-k': 'basis', text: always ? t('chart.be.sub.always', { rate: money(rate, cat.currency) }) : t('chart.be.sub.after', { rate: money(rate, cat.currency) }) }),
    f.svg, legend(items));
}

// responsive renders a chart at its container's width now and again after
// the container is resized. make(width) returns the chart element.
export function responsive(make) {
  const box = h('div', { class: 'chart-wrap' });
  let last = 0;
  const draw = () => {
    if (!box.isConnected) { ro.disconnect(); return; }
    const w = Math.max(280, Math.min(960, Math.floor(box.clientWidth || 600)));
    if (w === last) return;
    last = w;
    const el = make(w);
    box.replaceChildren(...(el ? [el] : []));
  };
  const ro = new ResizeObserver(bound(() => requestAnimationFrame(bound(draw))));
  ro.observe(box);
  requestAnimationFrame(bound(draw));
  return box;
}
