// Times calc.wasm in node on each request read from stdin (a JSON array
// of {name, export, json, calls}): up to 5 warm-up calls, then `calls` calls
// of JSON text in, envelope text out (what the client's Worker does);
// prints one JSON object with each request's median and slowest time in
// ms and how it was answered (ok, or the refusal's reason).
//
// Usage: node cmd/bench/limits.mjs wasm_exec.js calc.wasm < requests.json
// (`make bench` runs it through `go run ./cmd/bench`, for the time at
// each documented limit.)

import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

const [wasmExec, wasmPath] = process.argv.slice(2);
await import(pathToFileURL(wasmExec).href); // defines globalThis.Go
const requests = JSON.parse(readFileSync(0, "utf8"));
if (typeof globalThis.dispatchEvent !== "function") {
  const et = new EventTarget();
  globalThis.addEventListener = et.addEventListener.bind(et);
  globalThis.dispatchEvent = et.dispatchEvent.bind(et);
}
const ready = new Promise((resolve) => globalThis.addEventListener("rtcprice:ready", resolve, { once: true }));
const go = new Go();
const { instance } = await WebAssembly.instantiate(readFileSync(wasmPath), go.importObject);
go.run(instance);
await ready;

const results = [];
for (const r of requests) {
  const fn = globalThis.rtcprice[r.export];
  let env;
  for (let i = 0; i < Math.min(5, r.calls); i++) env = fn(r.json); // warm up
  const times = [];
  for (let i = 0; i < Math.max(1, r.calls); i++) {
    const s = performance.now();
    env = fn(r.json);
    times.push(performance.now() - s);
  }
  times.sort((a, b) => a - b);
  const head = env.slice(0, 4096);
  const reason = /^\{"ok":true/.test(head) ? "ok" : (/"reason":"([a-z_]+)"/.exec(head) || [, "?"])[1];
  results.push({ name: r.name, medianMs: times[(times.length - 1) >> 1], maxMs: times[times.length - 1], answer: reason, bytes: env.length });
}
console.log(JSON.stringify({ node: process.version, results }));
process.exit(0);
