// Times calc.wasm in node: instantiate-to-ready, then per-call latency of
// each request read from stdin (a JSON array of {name, export, json}),
// both from and to JS objects (JSON.stringify, the call, JSON.parse) and
// as JSON text in and out (the module alone). Prints one JSON object.
//
// Usage: node wasm/bench/bench.mjs site/wasm_exec.js site/calc.wasm < requests.json
//        node wasm/bench/bench.mjs site/wasm_exec.js site/calc.wasm --ready
// (the second form only times instantiate-to-ready, in a fresh process)
// `make bench` runs it through `go run ./cmd/bench`, which adds the native
// figures and the ratios.

import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

const [wasmExec, wasmPath, mode] = process.argv.slice(2);
if (!wasmExec || !wasmPath) {
  console.error("usage: node bench.mjs wasm_exec.js calc.wasm < requests.json");
  process.exit(2);
}
const budgetMs = Number(process.env.BENCH_BUDGET_MS || 1500); // per request and form
// The budget is split into rounds and the round with the lowest median is
// reported, so that a burst of load from other processes does not decide
// the figures.
const rounds = Number(process.env.BENCH_ROUNDS || 3);
const maxCalls = 5000;
const minCalls = 21;

await import(pathToFileURL(wasmExec).href); // defines globalThis.Go
const requests = mode === "--ready" ? [] : JSON.parse(readFileSync(0, "utf8"));
const bytes = readFileSync(wasmPath);

// node's globalThis is no EventTarget; give it one, as a page's window is.
if (typeof globalThis.dispatchEvent !== "function") {
  const et = new EventTarget();
  globalThis.addEventListener = et.addEventListener.bind(et);
  globalThis.dispatchEvent = et.dispatchEvent.bind(et);
}

const ready = new Promise((resolve) =>
  globalThis.addEventListener("rtcprice:ready", resolve, { once: true }));
const t0 = performance.now();
const go = new Go();
const { instance } = await WebAssembly.instantiate(bytes, go.importObject);
const t1 = performance.now();
go.run(instance); // not awaited: it resolves only when the module exits
await ready;
const t2 = performance.now();
if (mode === "--ready") {
  console.log(JSON.stringify({ compileMs: t1 - t0, runToReadyMs: t2 - t1, readyMs: t2 - t0 }));
  process.exit(0);
}

function stats(times) {
  times.sort((a, b) => a - b);
  const at = (q) => times[Math.min(times.length - 1, Math.ceil(q * times.length) - 1)];
  return { n: times.length, medianUs: at(0.5) * 1000, p99Us: at(0.99) * 1000 };
}

function time(call) {
  let best = null;
  for (let r = 0; r < rounds; r++) {
    const s = round(call);
    if (best === null || s.medianUs < best.medianUs) best = s;
  }
  return best;
}

function round(call) {
  for (let i = 0; i < 5; i++) call(); // warm up
  const times = [];
  const start = performance.now();
  while (times.length < minCalls ||
         (times.length < maxCalls && performance.now() - start < budgetMs / rounds)) {
    const s = performance.now();
    const env = call();
    times.push(performance.now() - s);
    const ok = typeof env === "string" ? env.startsWith('{"ok":true,') : env && env.ok === true;
    if (!ok) {
      throw new Error("request failed: " + (typeof env === "string" ? env.slice(0, 500) : JSON.stringify(env)));
    }
  }
  return stats(times);
}

const results = [];
for (const r of requests) {
  const fn = globalThis.rtcprice[r.export];
  const object = JSON.parse(r.json);
  results.push({
    name: r.name,
    object: time(() => JSON.parse(fn(JSON.stringify(object)))),
    string: time(() => fn(r.json)),
  });
}

console.log(JSON.stringify({ node: process.version, results }));
process.exit(0);
