// The plain data the views share, on the way into a request and out of a
// result: no DOM and no i18n here (node --test runs viewdata.test.mjs).

// intOrString sends a whole number typed as text as a number, anything
// else as the string typed (the API then says what is wrong with it).
export function intOrString(v) {
  const x = String(v).trim();
  return /^\d{1,6}$/.test(x) ? Number(x) : x;
}

// horizon is the number of months typed, or 12 while it is not a number
// of months from 1 to 36 (the API then says what is wrong with it).
export function horizon(months) {
  const n = Number(String(months).trim());
  return Number.isInteger(n) && n >= 1 && n <= 36 ? n : 12;
}

// chartRows are a result's months as the cost chart (charts.js costBars)
// draws them: {month, prepaid, postpaid, stopped}.
export function chartRows(months) {
  return (months || []).map((m) => ({ month: m.month, prepaid: m.prepaid, postpaid: m.postpaid, stopped: m.serviceStopped }));
}

// usageByMeter adds up a quote's usage (integer minutes, per month or
// the same each month) by meter, in the order the meters first appear.
export function usageByMeter(r) {
  const per = new Map();
  for (const u of (r && r.usage) || []) per.set(u.meter, (per.get(u.meter) || 0) + u.minutes);
  return per;
}

// usedMeters are the entries of usageByMeter with minutes: [[meter, n]].
export function usedMeters(per) {
  return [...per].filter(([, v]) => v > 0);
}
