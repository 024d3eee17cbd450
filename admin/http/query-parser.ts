import qs from 'qs';
import type { RequestHandler } from 'express';
import { HttpError } from './http-error.js';

/**
 * Limits of the query string. The console's own links are flat (`filters.name=…`,
 * `page=2`); bracket nesting beyond a few levels or hundreds of parameters
 * only ever comes from a crafted URL, and would otherwise cost CPU and build
 * deep objects that code further on does not expect.
 */
export const queryLimits = { depth: 5, parameters: 200, arrayLength: 100 } as const;

/** Where the parser leaves its refusal for refuseBadQuery. */
const refusal = Symbol('refused query string');

/**
 * Express's `query parser`: qs with Express's own options ("extended"), but
 * a query past a limit is refused with a 400 naming the limit instead of
 * being silently truncated (qs's default) — a truncated filter would be a
 * different filter from the one sent.
 *
 * It must not throw: Express runs it before its own request/response set-up,
 * where an error reaches the error handlers with a bare Node response (and
 * ends in finalhandler's page, stack trace included outside production). So
 * it returns the refusal, and refuseBadQuery raises it once Express is ready.
 */
export function strictQueryParser(limits: { depth: number; parameters: number; arrayLength: number } = queryLimits) {
  return (query: string): qs.ParsedQs => {
    try {
      return qs.parse(query, {
        allowPrototypes: true, // as Express's "extended" parser; qs still never assigns __proto__
        depth: limits.depth,
        strictDepth: true,
        parameterLimit: limits.parameters,
        arrayLimit: limits.arrayLength,
        throwOnLimitExceeded: true,
      });
    } catch (err) {
      return { [refusal]: new HttpError(400, `bad query string: ${describe(err as Error, limits)}`, '주소의 검색 조건(쿼리 문자열)이 너무 크거나 복잡합니다.') } as qs.ParsedQs;
    }
  };
}

function describe(err: Error, limits: { depth: number; parameters: number; arrayLength: number }): string {
  if (/depth/i.test(err.message)) return `nested deeper than ${limits.depth} levels`;
  if (/parameter limit/i.test(err.message)) return `more than ${limits.parameters} parameters`;
  if (/array limit/i.test(err.message)) return `an array longer than ${limits.arrayLength} elements`;
  return 'it could not be read';
}

/** First middleware of the app: a query string the parser refused ends the request with its 400. */
export const refuseBadQuery: RequestHandler = (req, _res, next) => next((req.query as { [refusal]?: HttpError })[refusal]);
