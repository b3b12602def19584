// The call-profile editor (quote and compare views) and its request form.

import { h } from './dom.js';
import { t } from './i18n.js';
import { field, fieldNote, input, select, checkbox, button } from './form.js';
import { RESOLUTIONS, newProfile } from './state.js';
import { num, addMonths } from './format.js';
import { add, mul } from './dec.js';
import { requestAmount } from './amount.js';
import { tableWrap } from './bill.js';

function resLabel(r) {
  if (r === 'audio') return t('res.audio');
  if (r === 'custom') return t('res.custom');
  return r.replace('x', '×');
}

// profileRequest turns an edited profile (number i) into the request's
// form; take(typed, field) reads each typed amount (amount.js amounts()).
export function profileRequest(p, i = 0, take = requestAmount) {
  const f = (k) => take(p[k], `calls[${i}].${k}`);
  const out = { perMonth: f('perMonth'), participants: f('participants'), minutes: f('minutes') };
  if (p.res === 'custom') {
    out.width = f('width');
    out.height = f('height');
  } else if (p.res !== 'audio') {
    const [w, hh] = p.res.split('x');
    out.width = Number(w);
    out.height = Number(hh);
  }
  if (p.record) out.record = true;
  return out;
}

// callsEditor edits profiles in place. onChange: a value changed;
// onStructure: a row was added or removed, or the resolution preset
// changed (the form must be rebuilt).
export function callsEditor(profiles, prefix, onChange, onStructure) {
  const rows = profiles.map((p, i) => {
    const id = (k) => `${prefix}-calls-${i}-${k}`;
    const f = (k) => `calls[${i}].${k}`;
    // A profile's errors share one note under its fields (naming the
    // field): in columns this narrow an error takes lines and would move
    // the fields, the profiles and the buttons after it.
    const slot = { errorSlot: id('err') };
    const text = (k, label, mode) => field(label, input({
      id: id(k), value: p[k], field: k === 'perMonth' ? `${f(k)} calls[${i}]` : f(k), inputmode: mode || 'decimal',
      oninput: (e) => { p[k] = e.target.value; onChange(); },
    }), slot);
    const custom = p.res === 'custom';
    const daily = p.per === 'day';
    return h('fieldset', { class: 'profile', 'data-profile': i },
      h('legend', { text: t('calls.profile', { n: num(i + 1) }) }),
      h('div', { class: 'grid' },
        text('perMonth', daily ? t('calls.perDay') : t('calls.perMonth'), 'numeric'),
        field(t('calls.per'), select({
          id: id('per'), value: daily ? 'day' : 'month',
          onchange: (e) => { p.per = e.target.value === 'day' ? 'day' : 'month'; onStructure(id('per')); },
        }, [{ value: 'month', label: t('calls.per.month') }, { value: 'day', label: t('calls.per.day') }]), { hint: daily ? t('calls.per.hint') : null, ...slot }),
        text('participants', t('calls.participants'), 'numeric'),
        text('minutes', t('calls.minutes')),
        field(t('calls.resolution'), select({
          id: id('res'), value: p.res, field: custom ? null : `${f('width')} ${f('height')}`,
          onchange: (e) => { p.res = e.target.value; onStructure(); },
        }, RESOLUTIONS.map((r) => ({ value: r, label: resLabel(r) }))), slot),
        custom ? text('width', t('calls.width'), 'numeric') : null,
        custom ? text('height', t('calls.height'), 'numeric') : null,
        field(t('calls.record'), checkbox({
          id: id('record'), checked: p.record, field: f('record'),
          onchange: (e) => { p.record = e.target.checked; onChange(); },
        }), { inline: true, ...slot }),
        fieldNote(null, h('span', { class: 'field-error', id: id('err'), 'aria-live': 'polite' }))),
      profiles.length > 1
        ? button(t('calls.remove'), () => { profiles.splice(i, 1); onStructure(`${prefix}-calls-add`); }, {
          class: 'btn small ghost', id: id('remove'), ariaLabel: t('calls.removeN', { n: num(i + 1) }),
        })
        : null);
  });
  return h('div', { class: 'calls-editor' }, rows,
    button(t('calls.add'), () => { profiles.push(newProfile()); onStructure(`${prefix}-calls-${profiles.length - 1}-perMonth`); }, {
      class: 'btn small', id: `${prefix}-calls-add`,
    }));
}

// derivationTable shows how profiles became meter minutes (quote result's
// calls and usage).
export function derivationTable(calls, cat, meterName) {
  if (!Array.isArray(calls) || !calls.length) return null;
  const rows = calls.map((c) => h('tr', null,
    h('td', { class: 'num', text: num((c.profile ?? 0) + 1) }),
    h('td', { text: c.role === 'recording' ? t('role.recording') : t('role.rtc') }),
    h('td', { text: c.tier ? t(`tier.${c.tier}`, null, c.tier) : '—' }),
    h('td', { class: 'num', text: c.aggregatePixels ? num(c.aggregatePixels) : '—' }),
    h('td', { text: meterName(cat, c.meter) }),
    h('td', { class: 'num', 'data-k': 'minutes', text: num(c.minutes) })));
  return tableWrap(t('calls.derived'), h('table', { class: 'data derivation' },
    h('thead', null, h('tr', null, [t('calls.profileCol'), t('calls.role'), t('calls.tier'), t('calls.pixels'), t('meter'), t('calls.minPerMonth')]
      .map((x, i) => h('th', { scope: 'col', class: i === 0 || i === 3 || i === 5 ? 'num' : null, text: x })))),
    h('tbody', null, rows)));
}

// daysIn is the number of days of calendar month "YYYY-MM" (0 if not one).
export function daysIn(month) {
  const x = /^(\d{4})-(\d{2})$/.exec(month);
  if (!x || Number(x[2]) < 1 || Number(x[2]) > 12) return 0;
  return new Date(Date.UTC(Number(x[1]), Number(x[2]), 0)).getUTCDate();
}

// hasDaily reports whether a profile counts calls per day.
export function hasDaily(profiles) {
  return profiles.some((p) => p.per === 'day');
}

// dailyMonthly turns the engine's derivation of the profiles (a quote's
// calls[]: minutes per meter per profile, computed with each profile's
// number as calls a month) into month-by-month usage: a per-day profile's
// minutes times the days of each calendar month, a per-month profile's as
// they are; exact (dec.js), for the months from start.
export function dailyMonthly(derived, profiles, start, months) {
  const out = [];
  for (let i = 0; i < months; i++) {
    const m = addMonths(start, i);
    const days = String(daysIn(m));
    const row = {};
    for (const c of derived || []) {
      const p = profiles[c.profile ?? 0];
      const v = p && p.per === 'day' ? mul(String(c.minutes), days) : String(c.minutes);
      row[c.meter] = row[c.meter] === undefined ? v : add(row[c.meter], v);
    }
    out.push(row);
  }
  return out;
}
