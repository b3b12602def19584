// DOM helpers. Everything the page shows is built with createElement and
// textContent: no innerHTML, no inline style attributes (the page's CSP
// forbids both), so a custom catalog's names can never become markup.

const SVG_NS = 'http://www.w3.org/2000/svg';

// The context the views run in: the page (the document, its state and
// language) or one <rtcprice-calculator> (its shadow root, a state and a
// language of its own). Views look nodes up with byId() and read the state
// and language of the current context (state.js, i18n.js); event handlers
// made by h(), debounce() and bound() run in the context they were made in,
// and code after an await re-enters its context with within().
export const pageContext = { page: true, root: document, lang: 'zh', state: null };
let current = pageContext;

// context returns the current context.
export function context() {
  return current;
}

// within runs fn(...args) in context c and returns what it returns.
export function within(c, fn, ...args) {
  const prev = current;
  current = c;
  try {
    return fn(...args);
  } finally {
    current = prev;
  }
}

// bound returns fn made to run in the current context.
export function bound(fn) {
  const c = current;
  return (...args) => within(c, fn, ...args);
}

// local returns an object whose properties are kept per context (a view's
// own variables): init() makes a context's copy on first use.
export function local(init) {
  const key = Symbol('local');
  const own = () => current[key] || (current[key] = init());
  return new Proxy({}, {
    get: (_, k) => own()[k],
    set: (_, k, v) => { own()[k] = v; return true; },
  });
}

// byId finds an element by id in the current context's root.
export function byId(id) {
  return current.root.getElementById(id);
}

// activeId is the id of the focused element in the current context's root.
export function activeId() {
  const a = current.root.activeElement;
  return a ? a.id : undefined;
}

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
      else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), bound(v));
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

// debounce returns fn delayed until ms have passed without another call
// (from the same context: each context has its own timer, and fn runs in
// the context it was called from).
export function debounce(fn, ms) {
  const timers = new Map(); // context -> timer
  const d = (...args) => {
    const c = current;
    clearTimeout(timers.get(c));
    timers.set(c, setTimeout(() => {
      timers.delete(c);
      within(c, fn, ...args);
    }, ms));
  };
  d.flush = (...args) => {
    clearTimeout(timers.get(current));
    timers.delete(current);
    fn(...args);
  };
  return d;
}

// idPart makes a string safe inside an element id ("rtc.hd" -> "rtc-hd"),
// so ids also work as CSS selectors.
export function idPart(str) {
  return String(str).replace(/[^A-Za-z0-9_-]/g, '-');
}
