// The statement's simulate request, built from the view's rows
// (state.statement) in steps (steps.js), so that 100,000 usage rows never
// block the page: one pass, no sort, a yield every STEP rows.

import { requestCatalog } from './custom.js';
import { intOrString } from './viewdata.js';
import { runSync } from './steps.js';

const MONTH = /^\d{4}-\d{2}/;

// span returns the first and last month named anywhere in the input, for
// start/end left blank (one pass, no sort: 100,000 rows).
function* spanSteps(ss, cat) {
  let lo = '';
  let hi = '';
  const see = (s) => {
    const v = s.trim();
    if (!MONTH.test(v)) return;
    const m = v.slice(0, 7);
    if (lo === '' || m < lo) lo = m;
    if (hi === '' || m > hi) hi = m;
  };
  if (cat && cat.trial) see(ss.trial);
  for (const p of ss.purchases) see(p.date);
  for (let i = 0; i < ss.usage.length; i++) {
    if (i % STEP === STEP - 1) yield;
    see(ss.usage[i].month);
  }
  return [lo, hi];
}

export const STEP = 5000; // rows between yields

const blankUsage = (u) => u.month.trim() === '' && u.amount.trim() === '';

// statementRequest builds the simulate request and, for errors, the map
// from request index to the row it came from: usageRows[k] is the index in
// ss.usage, usageObjs[k] the row object itself.
export function statementRequest(ss, cat) {
  return runSync(requestSteps(ss, cat));
}

// requestSteps is statementRequest in steps (steps.js).
export function* requestSteps(ss, cat) {
  const [s0, s1] = yield* spanSteps(ss, cat);
  const req = { catalog: requestCatalog(ss.catalog), start: ss.start.trim() || s0, end: ss.end.trim() || s1 };
  if (cat && cat.trial && ss.trial.trim() !== '') req.trial = ss.trial.trim();
  req.purchases = ss.purchases.map((p) => ({ package: p.package, date: p.date.trim(), count: intOrString(p.count) }));
  const usageRows = [];
  const usageObjs = [];
  req.usage = [];
  for (let i = 0; i < ss.usage.length; i++) {
    if (i % STEP === STEP - 1) yield;
    const u = ss.usage[i];
    if (blankUsage(u)) continue;
    usageRows.push(i);
    usageObjs.push(u);
    req.usage.push({ month: u.month.trim(), meter: u.meter, [u.unit === 'seconds' ? 'seconds' : 'minutes']: u.amount.trim() });
  }
  return { req, usageRows, usageObjs, derived: [s0, s1] };
}

