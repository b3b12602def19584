// Long work in steps: a generator function does the work and yields now
// and then (every few thousand rows); runSync runs it to the end at once
// (node --test, small inputs), runAsync runs it in slices of about
// SLICE_MS and gives the page's main thread back between slices, so a
// 100,000-row import never blocks the page for long.
//
// This module is pure (no DOM): node --test runs it.

export const SLICE_MS = 25;

// runSync runs the steps gen to the end and returns its return value.
export function runSync(gen) {
  for (;;) {
    const r = gen.next();
    if (r.done) return r.value;
  }
}

// nextTask resolves in a new task (a message, which the browser does not
// clamp as it does nested timers), after input and rendering had a turn.
function nextTask() {
  if (typeof MessageChannel === 'function') {
    return new Promise((resolve) => {
      const ch = new MessageChannel();
      ch.port1.onmessage = () => {
        ch.port1.close();
        resolve();
      };
      ch.port2.postMessage(null);
    });
  }
  return new Promise((resolve) => setTimeout(resolve, 0));
}

// runAsync runs the steps gen in slices of about sliceMs, yielding to the
// event loop between them; it resolves with gen's return value (and
// rejects only if gen throws).
export async function runAsync(gen, sliceMs = SLICE_MS) {
  let t0 = Date.now();
  for (;;) {
    const r = gen.next();
    if (r.done) return r.value;
    if (Date.now() - t0 >= sliceMs) {
      await nextTask();
      t0 = Date.now();
    }
  }
}
