// Keyboard access to scrolling regions: a table wider than its box scrolls
// sideways (.table-wrap); a keyboard user can only scroll it once it can
// take focus. Each .table-wrap that overflows becomes a focusable, named
// region (named after its table's caption or its section's heading); one
// that fits is left out of the tab order.
// ("Table: Monthly bills, scrolls sideways") Kept up to date as views render
// and the window resizes.

import { t } from './i18n.js';

let scheduled = false;

function nameOf(wrap) {
  const cap = wrap.querySelector('caption');
  if (cap && cap.textContent.trim()) return cap.textContent.trim();
  const sec = wrap.closest('section[aria-labelledby], .panel');
  const id = sec && sec.getAttribute('aria-labelledby');
  const head = (id && document.getElementById(id)) || (sec && sec.querySelector('h2, h3'));
  return head ? head.textContent.trim() : '';
}

// labelScrollRegions updates every .table-wrap under root.
export function labelScrollRegions(root = document) {
  for (const wrap of root.querySelectorAll('.table-wrap')) {
    // A hidden view's table (rendered while another tab is shown) has no
    // width to measure: it keeps what it has until it is shown.
    if (!wrap.getClientRects().length) continue;
    const scrolls = wrap.scrollWidth > wrap.clientWidth + 1 || wrap.scrollHeight > wrap.clientHeight + 1;
    if (scrolls) {
      if (wrap.getAttribute('tabindex') !== '0') wrap.setAttribute('tabindex', '0');
      wrap.setAttribute('role', 'region');
      const name = nameOf(wrap);
      // Named apart from its section (landmarks' names must differ).
      wrap.setAttribute('aria-label', t('a11y.scrollTable', { name: name || t('a11y.table') }));
    } else if (wrap.hasAttribute('tabindex')) {
      if (document.activeElement === wrap) continue; // never pull focus away
      wrap.removeAttribute('tabindex');
      wrap.removeAttribute('role');
      wrap.removeAttribute('aria-label');
    }
  }
}

function schedule() {
  if (scheduled) return;
  scheduled = true;
  requestAnimationFrame(() => {
    scheduled = false;
    labelScrollRegions();
  });
}

// startA11y watches the page (views re-render, the window resizes).
export function startA11y() {
  const app = document.getElementById('app');
  if (!app || typeof MutationObserver !== 'function') return;
  // A view shown (its tab: hidden removed) has its tables measured then.
  new MutationObserver(schedule).observe(app, { childList: true, subtree: true, attributes: true, attributeFilter: ['hidden'] });
  window.addEventListener('resize', schedule);
  // A details element opened shows tables that had no width before.
  app.addEventListener('toggle', schedule, true);
  schedule();
}
