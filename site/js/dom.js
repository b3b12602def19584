// DOM helpers. Everything the page shows is built with createElement and
// textContent: no innerHTML, no inline style attributes (the page's CSP
// forbids both), so a custom catalog's names can never become markup.

const SVG_NS = 'http://www.w3.org/2000/svg';

// h builds an HTML element: h('button', {class: 'x', onclick: fn}, 'text').
// attrs: class, text, on<event> handlers, boolean/props (value, checked,
// disabled, hidden, selected), anything else as an attribute. Children are
// nodes, strings (text nodes), arrays, or null/false (skipped).
export function h(tag, attrs, ...children) {
  return build(document.createElement(tag), attrs, children);
}

// s builds an SVG element the same way.
export function s(tag, attrs, ...children) {
  return build(document.createElementNS(SVG_NS, tag), attrs, children);
}

const PROPS = new Set(['value', 'checked', 'disabled', 'hidden', 'selected', 'open']);

function build(el, attrs, children) {
  if (attrs) {
    for (const [k, v] of Object.entries(attrs)) {
      if (v === undefined || v === null || v === false) continue;
      if (k === 'class') el.setAttribute('class', Array.isArray(v) ? v.filter(Boolean).join(' ') : v);
      else if (k === 'text') el.textContent = String(v);
      else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
      else if (PROPS.has(k)) el[k] = v;
      else el.setAttribute(k, v === true ? '' : String(v));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else if (c instanceof Node) el.appendChild(c);
    else el.appendChild(document.createTextNode(String(c)));
  }
}

// clear removes every child of el and returns it.
export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

// replace empties el and appends children.
export function replace(el, ...children) {
  clear(el);
  append(el, children);
  return el;
}

// debounce returns fn delayed until ms have passed without another call.
export function debounce(fn, ms) {
  let timer = 0;
  const d = (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
  d.flush = (...args) => {
    clearTimeout(timer);
    fn(...args);
  };
  return d;
}

// idPart makes a string safe inside an element id ("rtc.hd" -> "rtc-hd"),
// so ids also work as CSS selectors.
export function idPart(str) {
  return String(str).replace(/[^A-Za-z0-9_-]/g, '-');
}
