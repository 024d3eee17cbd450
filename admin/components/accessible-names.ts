/**
 * Accessible names for AdminJS core widgets that render without one, given
 * to them in the page after each render (AdminJS 7.8 builds these deep inside
 * components such as the list action, the filter drawer and react-select,
 * which cannot be overridden one by one without copying them whole):
 * - the pagination's first / previous / next / last icon buttons;
 * - filter and form inputs (text, date picker, react-select's input) whose
 *   visible label is not tied to them: they get that label's text, so the
 *   spoken name is what is seen;
 * - the list table's row and select-all checkboxes;
 * - icon-only buttons (their icon has no text): a name from their role in
 *   the page, or the name of the icon's action;
 * - the sidebar's navigation groups: focusable buttons that Enter or Space
 *   opens and closes, with aria-expanded;
 * - react-select's built-in English texts ("Select...", "No options",
 *   "Loading...") in the page's language.
 * Nothing is changed that already has a name; names follow the language
 * (they are recomputed when it changes, see top-bar.tsx).
 */
export type Translate = (key: string) => string;

const named = (el: Element): boolean =>
  Boolean(
    el.getAttribute('aria-label')?.trim() || el.getAttribute('aria-labelledby') || el.closest('label') || (el.id && document.querySelector(`label[for="${CSS.escape(el.id)}"]`)),
  );

/** The visible label of the form group around `el` (up to a few levels up), without the required marker. */
function nearbyLabel(el: Element): string | null {
  let node: Element | null = el.parentElement;
  for (let depth = 0; node && depth < 7; depth += 1, node = node.parentElement) {
    const label = node.querySelector(':scope > label, :scope > * > label');
    if (label && !label.contains(el)) return (label.textContent ?? '').replace(/\s*\*\s*$/, '').trim() || null;
  }
  return null;
}

/** Gives every nameless widget under `root` a name; returns how many were named. */
export function nameWidgets(root: ParentNode, t: Translate): number {
  let count = 0;
  const namedNow = new Set<Element>();
  const set = (el: Element, name: string | null, marker = 'data-a11y-name') => {
    if (!name) return;
    namedNow.add(el);
    if (el.getAttribute('aria-label') !== name) el.setAttribute('aria-label', name);
    if (el.getAttribute(marker) !== 'auto') el.setAttribute(marker, 'auto');
    count += 1;
  };
  // Our own names are recomputed (the language may have changed); names set by components stay.
  const ours = (el: Element) => el.getAttribute('data-a11y-name') === 'auto';
  for (const which of ['first', 'previous', 'next', 'last']) {
    for (const b of Array.from(root.querySelectorAll(`button[data-testid="${which}"]`))) if (ours(b) || !named(b)) set(b, t(`pagination_${which}`));
  }
  const fields = root.querySelectorAll('input:not([type="hidden"]):not([type="submit"]):not([type="button"]), textarea, select');
  for (const input of Array.from(fields)) {
    if (!ours(input) && named(input)) continue;
    if (input.getAttribute('type') === 'checkbox' && input.closest('td, th')) {
      set(input, t(input.closest('th') ? 'selectAllRecords' : 'selectRecord'));
      continue;
    }
    set(input, nearbyLabel(input) ?? (input.getAttribute('placeholder') || null));
  }
  for (const b of Array.from(root.querySelectorAll('button, a[href], [role="button"]'))) {
    if (namedNow.has(b) || (b.textContent ?? '').trim() || (!ours(b) && named(b)) || b.querySelector('img[alt]:not([alt=""])')) continue;
    if (b.closest('[data-css$="-filter-drawer"], [data-css="filter-drawer"], .adminjs_Drawer') && b.closest('[data-css$="header"], header, h1, h2, h3, h4'))
      set(b, t('closeFilters'));
    else if (b.closest('td') || b.closest('[data-css$="actions-dropdown"]')) set(b, t('recordActions'));
    else if (b.closest('.react-datepicker')) continue;
    else set(b, t('moreActions'));
  }
  // The sidebar's navigation groups are <a> without href: not reachable by Tab, not opened by a key.
  for (const group of Array.from(root.querySelectorAll('[data-css="sidebar"] li > a:not([href])'))) {
    if (!group.hasAttribute('tabindex')) group.setAttribute('tabindex', '0');
    if (group.getAttribute('role') !== 'button') group.setAttribute('role', 'button');
    const expanded = String(Boolean(group.parentElement?.querySelector(':scope > ul')));
    if (group.getAttribute('aria-expanded') !== expanded) group.setAttribute('aria-expanded', expanded);
    if (!group.hasAttribute('data-a11y-keys')) {
      group.setAttribute('data-a11y-keys', 'auto');
      group.addEventListener('keydown', (event) => {
        const key = (event as KeyboardEvent).key;
        if (key !== 'Enter' && key !== ' ') return;
        event.preventDefault();
        (group as HTMLElement).click();
      });
    }
  }
  // react-select's own English texts (AdminJS passes it none): placeholder, empty menu, loading.
  for (const [selector, english, key] of selectTexts) {
    const translated = t(key);
    if (translated === english) continue; // (setting the same text would still be a change, and wake the observer)
    for (const el of Array.from(root.querySelectorAll(selector))) {
      const text = el.firstChild;
      // The text node's value only: React keeps the node and sets it again if it changes.
      if (text && text.nodeType === Node.TEXT_NODE && text.nodeValue === english) {
        text.nodeValue = translated;
        count += 1;
      }
    }
  }
  return count;
}

const selectTexts: Array<[string, string, string]> = [
  ['[class*="-placeholder"]', 'Select...', 'selectPlaceholder'],
  ['[class*="-NoOptionsMessage"], [class*="-menu"] [class*="notice"]', 'No options', 'selectNoOptions'],
  ['[class*="-LoadingMessage"], [class*="-menu"] [class*="loading"]', 'Loading...', 'selectLoading'],
];
