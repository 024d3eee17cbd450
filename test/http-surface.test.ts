import { secureAdminJsPage, isAdminJsPage } from '../admin/http/adminjs-html.js';
import { consoleOrigins, judgeOrigin } from '../admin/http/origin-check.js';
import { depthExceeds } from '../admin/http/body-parsers.js';
import { strictQueryParser } from '../admin/http/query-parser.js';

/**
 * The pure decisions of the console's HTTP layer (admin/http/): the attack
 * tests in test/security/web-surface.attack.test.ts cover them over HTTP.
 */

/** The shape of AdminJS 7.8's layout template, with `state` as the page state. */
const page = (state: object) => `
    <!DOCTYPE html>
    <html lang=ko>
    <head>
      <script>
        window.REDUX_STATE = ${JSON.stringify(state)};
        window.THEME = {"colors":{}};
        window.AdminJS = { Components: {} };
      </script>
      <link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto:300,400,500,700" type="text/css">
      <script src="/admin/frontend/assets/app.bundle.js"></script>
    </head>
    <body>
      <div id="app" />
      <script>
        var app = document.getElementById('app');
      </script>
    </body>
    </html>`;

describe('AdminJS pages under a nonce-based policy', () => {
  const nonce = 'bm9uY2Utb2YtdGVzdA==';

  test("the template's inline scripts get the nonce, external ones need none, Google Fonts is dropped", () => {
    const out = secureAdminJsPage(page({ session: { title: '홍길동' } }), nonce);
    expect(out.match(/<script nonce="bm9uY2Utb2YtdGVzdA==">/g)).toHaveLength(3);
    expect(out).toContain('<script nonce="bm9uY2Utb2YtdGVzdA==">window.__zod_globalConfig = Object.assign(window.__zod_globalConfig || {}, { jitless: true });</script>');
    expect(out).toContain('<script src="/admin/frontend/assets/app.bundle.js"></script>');
    expect(out).not.toContain('fonts.googleapis.com');
    expect(out).toContain('"title":"홍길동"');
  });

  test('stored text cannot close the state script and open one with the nonce', () => {
    const attack = '</script><script>alert(document.cookie)</script><!--';
    const out = secureAdminJsPage(page({ session: { title: attack } }), nonce);
    expect(out).not.toContain('alert(document.cookie)</script>');
    expect(out.match(/<script/g)).toHaveLength(4);
    // The same string for JavaScript: \u003c is "<".
    const json = /window\.REDUX_STATE = (.*);\n/.exec(out)![1]!;
    expect(JSON.parse(json).session.title).toBe(attack);
  });

  test('a page of another shape gets no nonce (its scripts are blocked: fails closed)', () => {
    const other = '<!DOCTYPE html><script>window.SOMETHING = 1</script>';
    expect(isAdminJsPage(other)).toBe(false);
    expect(secureAdminJsPage(other, nonce)).toBe(other);
    expect(() => secureAdminJsPage(page({}), '" onload="x')).toThrow(/base64/);
  });
});

describe('Origin check', () => {
  const allowed = consoleOrigins('https://crm.example.bank');

  test.each([
    [{ origin: 'https://crm.example.bank' }, true],
    [{ origin: 'https://crm.example.bank.evil.example' }, false],
    [{ origin: 'http://crm.example.bank' }, false],
    [{ origin: 'null' }, false],
    [{ origin: 'https://evil.example', referer: 'https://crm.example.bank/admin' }, false],
    [{ referer: 'https://crm.example.bank/admin/resources/Customer' }, true],
    [{ referer: 'https://evil.example/' }, false],
    [{ referer: 'not a url' }, false],
    [{}, true],
  ])('%j → allowed: %s', (headers, ok) => {
    expect(judgeOrigin(headers, allowed).ok).toBe(ok);
  });

  test('a loopback PUBLIC_URL also accepts its loopback aliases on the same scheme and port, and nothing else', () => {
    expect([...consoleOrigins('http://localhost:3000/')].sort()).toEqual(['http://127.0.0.1:3000', 'http://[::1]:3000', 'http://localhost:3000']);
    expect([...allowed]).toEqual(['https://crm.example.bank']);
  });
});

describe('nesting and query limits', () => {
  test('JSON depth is measured without recursion', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 200_000; i++) deep = [deep];
    expect(depthExceeds(deep, 20)).toBe(true);
    expect(depthExceeds({ a: { b: [1, { c: 2 }] } }, 4)).toBe(false);
    expect(depthExceeds({ a: { b: [1, { c: {} }] } }, 4)).toBe(true);
  });

  test("query strings within the limits parse as Express's extended parser does; past them they carry a 400", () => {
    const parse = strictQueryParser({ depth: 2, parameters: 3, arrayLength: 5 });
    expect(parse('filters.name=kim&page=2')).toEqual({ 'filters.name': 'kim', page: '2' });
    expect(parse('filters[a][b]=1')).toEqual({ filters: { a: { b: '1' } } });
    for (const bad of ['a[b][c][d]=1', 'a=1&b=2&c=3&d=4', 'a[9]=1']) {
      const refused = Object.getOwnPropertySymbols(parse(bad)).map((s) => (parse(bad) as any)[s]);
      expect(refused).toEqual([expect.objectContaining({ status: 400, message: expect.stringMatching(/^bad query string: /) })]);
    }
  });
});
