import type { Page } from 'playwright-core';

/** What the top bar's language selector shows for each language, in either language (admin/locale ko.ts / en.ts). */
const shown = { en: 'English', ko: /^(한국어|Korean \(한국어\))$/ } as const;

/** Switches the console's language with the top bar's selector (it opens on hover), as a user does. */
export async function switchLanguage(page: Page, to: 'ko' | 'en'): Promise<void> {
  const trigger = page
    .locator('[data-css="topbar"] button')
    .filter({ hasText: /^(한국어|English|Korean \(한국어\))$/ })
    .first();
  await trigger.hover();
  const item = to === 'en' ? page.locator('[data-css="topbar"]').getByText('English', { exact: true }).last() : page.locator('[data-css="topbar"]').getByText(shown.ko).last();
  await item.click();
  await trigger.filter({ hasText: shown[to] }).waitFor();
  await page.mouse.move(0, 400);
}
