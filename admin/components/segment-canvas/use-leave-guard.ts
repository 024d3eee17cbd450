import { useCallback, useEffect, useRef, useState } from 'react';

/**
 * Asks before unsaved changes are lost. Leaving the page (reload, closing
 * the tab, typing an address) gets the browser's own beforeunload question;
 * a click on a console link (side bar, breadcrumbs, top bar — AdminJS
 * navigates in-app, so beforeunload never fires) is held back and the
 * canvas asks in its own dialog (`asking`); `proceed` then follows the
 * link as clicked, `stay` forgets it.
 */
export function useLeaveGuard(dirty: boolean): { asking: boolean; proceed: () => void; stay: () => void } {
  const [held, setHeld] = useState<HTMLAnchorElement | null>(null);
  const passing = useRef(false);

  useEffect(() => {
    if (!dirty) return undefined;
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      if (passing.current) return;
      e.preventDefault();
      // Older browsers need returnValue set to ask.
      e.returnValue = '';
    };
    const onClick = (e: MouseEvent) => {
      if (passing.current || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
      const a = (e.target instanceof Element ? e.target.closest('a[href]') : null) as HTMLAnchorElement | null;
      if (!a || (a.target && a.target !== '_self') || a.hasAttribute('download')) return;
      const url = new URL(a.href, window.location.href);
      if (url.origin !== window.location.origin || (url.pathname === window.location.pathname && url.search === window.location.search)) return;
      e.preventDefault();
      e.stopPropagation();
      setHeld(a);
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    document.addEventListener('click', onClick, true);
    return () => {
      window.removeEventListener('beforeunload', onBeforeUnload);
      document.removeEventListener('click', onClick, true);
    };
  }, [dirty]);

  const proceed = useCallback(() => {
    const a = held;
    setHeld(null);
    if (!a) return;
    passing.current = true;
    if (document.contains(a)) a.click();
    else window.location.assign(a.href);
  }, [held]);
  const stay = useCallback(() => setHeld(null), []);
  return { asking: held !== null, proceed, stay };
}
