import { secureAdminJsPage } from './adminjs-html.js';

/** AdminJS 7.8's layout template in short, with `state` as the page state. */
const page = (state: object) => `
    <!DOCTYPE html>
    <html lang=ko>
    <head>
      <script>
        window.REDUX_STATE = ${JSON.stringify(state)};
        window.THEME = {"colors":{}};
      </script>
      <title>한빛은행</title>
    </head>
    <body><div id="app" /></body>
    </html>`;

const nonce = 'bm9uY2Utb2YtdGVzdA==';
const state = {
  branding: { companyName: '한빛은행' },
  locale: {
    language: 'ko',
    availableLanguages: ['ko', 'en'],
    translations: { ko: { messages: { bankName: '한빛은행' } }, en: { messages: { bankName: 'Hanbit <Bank>' } } },
  },
  session: { title: '</script><script>alert(1)</script>' },
};
const stateOf = (html: string) => JSON.parse(/window\.REDUX_STATE = (.*);\n/.exec(html)![1]!.replace(/\\u003c/g, '<')) as typeof state & { locale: { lng?: string } };

test("an English request gets the page in English from the first paint: state language, i18next lng, html lang, the bank's English name", () => {
  const html = secureAdminJsPage(page(state), nonce, 'en');
  expect(html).toContain('<html lang="en">');
  const s = stateOf(html);
  expect(s.locale.language).toBe('en');
  expect(s.locale.lng).toBe('en');
  expect(s.branding.companyName).toBe('Hanbit <Bank>');
  expect(html).toContain('<title>Hanbit &#60;Bank&#62;</title>');
  // The state still cannot close its script.
  expect(html).not.toContain('</script><script>alert');
});

test('a Korean request (or no cookie) keeps Korean', () => {
  const html = secureAdminJsPage(page(state), nonce, 'ko');
  expect(html).toContain('<html lang="ko">');
  expect(stateOf(html).locale.language).toBe('ko');
  expect(html).toContain('<title>한빛은행</title>');
});

test('a language the console does not offer is ignored', () => {
  const html = secureAdminJsPage(page({ ...state, locale: { ...state.locale, availableLanguages: ['ko'] } }), nonce, 'en');
  expect(stateOf(html).locale.language).toBe('ko');
});
