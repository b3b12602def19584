// parseRowsSteps: csv.js parseRows in steps (steps.js), for files of
// 100,000 rows. It reads exactly as parseRows does (the same cells, the
// same line numbers: a unit test compares them) and yields every STEP
// characters.
//
// This module is pure (no DOM): node --test runs it.

import { sniffDelimiter } from './csv.js';

const STEP = 1 << 16;

// parseRowsSteps is a generator: it yields now and then and returns the
// rows [{line, cells}] of text.
export function* parseRowsSteps(text, delim = sniffDelimiter(text)) {
  const src = String(text).replace(/^\uFEFF/, '');
  const rows = [];
  let cells = [];
  let cur = '';
  let quoted = false;
  let wasQuoted = false;
  let line = 1;
  let start = 1;
  const endCell = () => { cells.push(wasQuoted ? cur : cur.trim()); cur = ''; wasQuoted = false; };
  const endRow = () => {
    endCell();
    if (cells.some((c) => c !== '')) rows.push({ line: start, cells });
    cells = [];
  };
  let next = STEP;
  for (let i = 0; i < src.length; i++) {
    if (i >= next) {
      next = i + STEP;
      yield;
    }
    const ch = src[i];
    if (quoted) {
      if (ch === '"' && src[i + 1] === '"') { cur += '"'; i++; }
      else if (ch === '"') quoted = false;
      else {
        if (ch === '\n' || (ch === '\r' && src[i + 1] !== '\n')) line++;
        cur += ch;
      }
    } else if (ch === '"' && cur.trim() === '') { quoted = true; wasQuoted = true; cur = ''; }
    else if (ch === delim) endCell();
    else if (ch === '\r' || ch === '\n') {
      if (ch === '\r' && src[i + 1] === '\n') i++;
      endRow();
      line++;
      start = line;
    } else cur += ch;
  }
  endRow();
  return rows;
}
