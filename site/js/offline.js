// Offline: the service worker (sw.js) and the page's side of its updates.
//
// sw.js keeps one cache per version of the site, filled whole when that
// version installs. The first install takes over at once. A new version
// waits: the page shows "New version available — Reload", and the button
// asks the waiting worker to take over ({type: "activate"}); when it has
// (controllerchange) the page reloads, so that every file it runs comes
// from one version, never old wasm with new JS. A page that was controlled
// before reloads too when another tab lets the new version in. The state
// is in the URL hash, so a reload keeps every input.

import { h } from './dom.js';
import { t } from './i18n.js';
import { noticeList } from './share.js';

let notice = null;

// startOffline registers sw.js, on http(s) only (not from file://, where
// the one-file build runs offline without it). Call it once the calculator
// is ready, so that the worker's install (it downloads the whole site)
// does not compete with the page's start. opts.notice: show the update
// notice (an embed does not: it takes the new version on its next load).
export function startOffline(opts = { notice: true }) {
  // navigator.serviceWorker can be missing or undefined (blocked by policy,
  // some private modes, an insecure origin): the page then works without
  // one, silently.
  const sw = navigator.serviceWorker;
  if (!sw || typeof sw.register !== 'function' || typeof sw.addEventListener !== 'function' || !/^https?:$/.test(location.protocol)) return;
  let controlled = !!sw.controller;
  let reloading = false;
  sw.addEventListener('controllerchange', () => {
    // The first install taking over an uncontrolled page changes nothing
    // the page runs: no reload.
    if (controlled && !reloading) {
      reloading = true;
      location.reload();
    }
    controlled = true;
  });
  let registering;
  try {
    registering = Promise.resolve(sw.register('sw.js', { updateViaCache: 'none' }));
  } catch {
    return;
  }
  registering.then((reg) => {
    if (!reg) return;
    const offer = (worker) => {
      if (opts.notice && worker && sw.controller) showNotice(worker);
    };
    if (reg.waiting) offer(reg.waiting);
    reg.addEventListener('updatefound', () => {
      const worker = reg.installing;
      if (!worker) return;
      worker.addEventListener('statechange', () => {
        if (worker.state === 'installed') offer(worker);
      });
    });
  }, () => {
    // No worker (a private window, a server that does not serve sw.js): the
    // page works online as before.
  });
}

// showNotice shows the update notice for a waiting worker, with the page's
// other notices above the views: in the flow of the page, so that it never
// covers a control.
function showNotice(worker) {
  if (notice) notice.remove();
  const button = h('button', {
    type: 'button', id: 'update-reload', class: 'btn small', 'data-i18n': 'update.reload', text: t('update.reload'),
    onclick: () => {
      button.disabled = true;
      worker.postMessage({ type: 'activate' });
    },
  });
  notice = h('div', { id: 'update-notice', class: 'callout update-notice', role: 'status' },
    h('p', null, h('span', { 'data-i18n': 'update.text', text: t('update.text') }), ' — '), button);
  worker.addEventListener('statechange', () => {
    // A newer version replaced this one before it was let in.
    if (worker.state === 'redundant' && notice && notice.contains(button)) {
      notice.remove();
      notice = null;
    }
  });
  noticeList().prepend(notice);
}
