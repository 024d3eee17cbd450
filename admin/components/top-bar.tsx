import React, { useEffect, useRef } from 'react';
import { useTranslation } from 'adminjs';
import { nameWidgets } from './accessible-names.js';

/** Where the browser remembers the staff member's language (per browser, like AdminJS's own sidebar state). */
export const languageStorageKey = 'bank-crm.language';
/** The cookie the server reads to render every page in the chosen language (admin/http/request-language.ts). */
const languageCookie = 'bank-crm.lang';
const oneYear = 365 * 24 * 3600;

type Props = { OriginalComponent?: React.ComponentType<Record<string, unknown>> } & Record<string, unknown>;

function cookieLanguage(): string | null {
  const match = /(?:^|;\s*)bank-crm\.lang=([^;]*)/.exec(document.cookie);
  return match ? decodeURIComponent(match[1]!) : null;
}

function writeCookie(language: string): void {
  const secure = window.location.protocol === 'https:' ? '; Secure' : '';
  document.cookie = `${languageCookie}=${encodeURIComponent(language)}; path=/; max-age=${oneYear}; SameSite=Lax${secure}`;
}

/**
 * AdminJS's top bar, unchanged, plus a memory for the language selector in it.
 * The choice goes into a cookie, which the server reads to render the next
 * page (reload, deep link) in that language from the first paint
 * (admin/http/adminjs-html.ts), and into localStorage. When the cookie is
 * missing (e.g. cleared) but localStorage remembers a choice, that choice is
 * applied and the cookie written again. The page's `lang` attribute follows,
 * for screen readers and fonts.
 */
const TopBar: React.FC<Props> = ({ OriginalComponent, ...props }) => {
  const { i18n, translateLabel } = useTranslation();
  const label = useRef(translateLabel);
  label.current = translateLabel;
  useEffect(() => {
    const supported = (i18n.options.supportedLngs || []).filter((l) => l !== 'cimode');
    const remember = (language: string) => {
      document.documentElement.lang = language;
      writeCookie(language);
      try {
        window.localStorage.setItem(languageStorageKey, language);
      } catch {
        /* not remembered in this browser's storage; the cookie still carries it */
      }
    };
    let saved: string | null = null;
    try {
      saved = window.localStorage.getItem(languageStorageKey);
    } catch {
      /* storage disabled */
    }
    const cookie = cookieLanguage();
    if (!cookie && saved && supported.includes(saved) && saved !== i18n.language) void i18n.changeLanguage(saved);
    else remember(i18n.language);
    i18n.on('languageChanged', remember);
    return () => i18n.off('languageChanged', remember);
  }, [i18n]);
  // Accessible names for AdminJS's nameless widgets (accessible-names.ts), after every change of the page.
  useEffect(() => {
    let pending = 0;
    const run = () => {
      pending = 0;
      nameWidgets(document, (key) => label.current(key));
    };
    const schedule = () => {
      if (!pending) pending = window.requestAnimationFrame(run);
    };
    const observer = new MutationObserver(schedule);
    observer.observe(document.body, { childList: true, subtree: true, characterData: true });
    schedule();
    i18n.on('languageChanged', schedule);
    return () => {
      observer.disconnect();
      i18n.off('languageChanged', schedule);
      if (pending) window.cancelAnimationFrame(pending);
    };
  }, [i18n]);
  // A skip link before the app (outside React's tree): the first Tab offers to jump past the sidebar to the content.
  useEffect(() => {
    let link = document.getElementById('bank-skip-link') as HTMLAnchorElement | null;
    if (!link) {
      link = document.createElement('a');
      link.id = 'bank-skip-link';
      link.className = 'bank-skip-link';
      link.href = '#';
      link.addEventListener('click', (event) => {
        event.preventDefault();
        const content = document.querySelector<HTMLElement>('[data-css="app-content"] section, [data-css="app-content"]');
        if (!content) return;
        if (!content.hasAttribute('tabindex')) content.setAttribute('tabindex', '-1');
        content.focus();
      });
      document.body.insertBefore(link, document.body.firstChild);
    }
    const skip = link;
    const rename = () => {
      skip.textContent = label.current('skipToContent');
    };
    rename();
    i18n.on('languageChanged', rename);
    return () => i18n.off('languageChanged', rename);
  }, [i18n]);
  return OriginalComponent ? <OriginalComponent {...props} /> : null;
};

export default TopBar;
