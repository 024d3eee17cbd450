import React, { useEffect } from 'react';
import { useTranslation } from 'adminjs';

/** Where the browser remembers the staff member's language (per browser, like AdminJS's own sidebar state). */
export const languageStorageKey = 'bank-crm.language';

type Props = { OriginalComponent?: React.ComponentType<Record<string, unknown>> } & Record<string, unknown>;

/**
 * AdminJS's top bar, unchanged, plus a memory for the language selector in it:
 * AdminJS forgets the choice on every page load (browser detection stays off
 * so a browser set to English does not override Korean), so the choice is kept
 * in localStorage and applied again when the console loads. The page's `lang`
 * attribute follows, for screen readers and fonts.
 */
const TopBar: React.FC<Props> = ({ OriginalComponent, ...props }) => {
  const { i18n } = useTranslation();
  useEffect(() => {
    const supported = (i18n.options.supportedLngs || []).filter((l) => l !== 'cimode');
    let saved: string | null = null;
    try {
      saved = window.localStorage.getItem(languageStorageKey);
    } catch {
      /* storage disabled: Korean as configured */
    }
    if (saved && supported.includes(saved) && saved !== i18n.language) void i18n.changeLanguage(saved);
    document.documentElement.lang = saved && supported.includes(saved) ? saved : i18n.language;
    const remember = (language: string) => {
      document.documentElement.lang = language;
      try {
        window.localStorage.setItem(languageStorageKey, language);
      } catch {
        /* not remembered; still switched */
      }
    };
    i18n.on('languageChanged', remember);
    return () => i18n.off('languageChanged', remember);
  }, [i18n]);
  return OriginalComponent ? <OriginalComponent {...props} /> : null;
};

export default TopBar;
