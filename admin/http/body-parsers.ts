import express, { type Request, type RequestHandler } from 'express';
import { HttpError } from './http-error.js';

/**
 * Request bodies for AdminJS and the console's JSON APIs, in place of
 * express-formidable (unmaintained since 2017, on formidable 1.x, writing
 * every uploaded file to os.tmpdir() and never deleting it).
 *
 * - JSON and URL-encoded forms: Express's own body-parser, with a size limit
 *   (413 before reading when Content-Length says too much, or as soon as the
 *   limit is crossed).
 * - multipart/form-data (AdminJS's record forms send FormData): buffered in
 *   memory up to the same limit, then read by Node's built-in FormData
 *   parser (undici). No resource takes files, so a file part is refused with
 *   415; nothing is ever written to disk.
 *
 * The result is put where AdminJS's express plugin reads it (`req.fields`,
 * `req.files`), and `req.express_formidable.parsed` is set so the formidable
 * middleware that @adminjs/express's buildRouter always installs does
 * nothing.
 */
export interface BodyLimits {
  /** Largest body accepted, in KB (HTTP_BODY_LIMIT_KB). */
  limitKb: number;
  /** Deepest JSON nesting accepted (objects and arrays). */
  maxDepth?: number;
  /** Most form fields accepted in one body. */
  maxFields?: number;
}

export const defaultBodyLimits = { maxDepth: 20, maxFields: 1000 } as const;

/** The login form carries an e-mail address and a password: a few KB at most. */
export const loginBodyLimitKb = 16;

type Fields = Record<string, unknown>;

export function parseBody(limits: BodyLimits): RequestHandler {
  const limit = limits.limitKb * 1024;
  const maxDepth = limits.maxDepth ?? defaultBodyLimits.maxDepth;
  const maxFields = limits.maxFields ?? defaultBodyLimits.maxFields;
  const json = express.json({ limit, strict: true });
  const form = express.urlencoded({ limit, extended: false, parameterLimit: maxFields });
  const multipart = express.raw({ limit, type: 'multipart/form-data' });

  return (req, res, next) => {
    const done = (fields: Fields) => {
      Object.assign(req, { fields, files: {}, express_formidable: { parsed: true } });
      next();
    };
    const fail = (err: unknown) => next(translate(err, limits.limitKb, maxFields));
    if (!hasBody(req)) return done({});
    const kind = req.is(['application/json', 'application/x-www-form-urlencoded', 'multipart/form-data']);
    if (kind === 'application/json') {
      return json(req, res, (err?: unknown) => {
        if (err) return fail(err);
        const body: unknown = req.body;
        if (body === null || typeof body !== 'object' || Array.isArray(body)) return fail(new HttpError(400, 'the JSON body must be an object', 'JSON 본문은 객체여야 합니다.'));
        if (depthExceeds(body, maxDepth))
          return fail(new HttpError(400, `the JSON body is nested deeper than ${maxDepth} levels`, `JSON 본문의 중첩이 ${maxDepth}단계를 넘습니다.`));
        done(body as Fields);
      });
    }
    if (kind === 'application/x-www-form-urlencoded') {
      return form(req, res, (err?: unknown) => (err ? fail(err) : done({ ...(req.body as Fields) })));
    }
    if (kind === 'multipart/form-data') {
      return multipart(req, res, (err?: unknown) => {
        if (err) return fail(err);
        readMultipart(req.body as Buffer, req.get('content-type')!, maxFields).then(done, fail);
      });
    }
    fail(
      new HttpError(
        415,
        `unsupported content type ${JSON.stringify(req.get('content-type') ?? '')}: send JSON, a URL-encoded form or multipart form data`,
        `지원하지 않는 콘텐츠 형식 ${JSON.stringify(req.get('content-type') ?? '')}입니다. JSON, URL 인코딩 양식 또는 multipart 양식으로 보내세요.`,
      ),
    );
  };
}

/** A body is announced by Transfer-Encoding or a non-zero Content-Length. */
function hasBody(req: Request): boolean {
  if (req.headers['transfer-encoding'] !== undefined) return true;
  const length = req.headers['content-length'];
  return length !== undefined && length !== '0';
}

/** Fields of a buffered multipart body; a file part is refused, whatever its name or size. */
async function readMultipart(body: Buffer, contentType: string, maxFields: number): Promise<Fields> {
  let data: FormData;
  try {
    data = await new Response(new Uint8Array(body), { headers: { 'content-type': contentType } }).formData();
  } catch {
    throw new HttpError(400, 'malformed multipart body', 'multipart 본문의 형식이 올바르지 않습니다.');
  }
  const fields: Fields = {};
  const parts: Array<[string, FormDataEntryValue]> = [];
  data.forEach((value, name) => parts.push([name, value]));
  if (parts.length > maxFields) throw new HttpError(413, `more than ${maxFields} form fields`, `양식 항목이 ${maxFields}개를 넘습니다.`);
  for (const [name, value] of parts) {
    if (typeof value !== 'string')
      throw new HttpError(415, `file uploads are not accepted here (part ${JSON.stringify(name)})`, `여기에는 파일을 올릴 수 없습니다(항목 ${JSON.stringify(name)}).`);
    fields[name] = value; // last one wins, as express-formidable did
  }
  return fields;
}

/** Iterative, so a hostile nesting cannot overflow the stack while it is being measured. */
export function depthExceeds(value: unknown, maxDepth: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth > maxDepth) return true;
    for (const child of Object.values(v)) if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
  }
  return false;
}

/** body-parser's errors, reworded so the client learns what to change; anything unknown stays a 500. */
function translate(err: unknown, limitKb: number, maxFields: number): unknown {
  if (err instanceof HttpError) return err;
  const e = err as { type?: string; status?: number; message?: string };
  switch (e.type) {
    case 'entity.too.large':
      return new HttpError(413, `the request body is larger than ${limitKb} KB`, `요청 본문이 ${limitKb}KB를 넘습니다.`);
    case 'parameters.too.many':
      return new HttpError(413, `more than ${maxFields} form fields`, `양식 항목이 ${maxFields}개를 넘습니다.`);
    case 'entity.parse.failed':
      return new HttpError(400, `malformed JSON body: ${e.message}`, 'JSON 본문의 형식이 올바르지 않습니다.');
    case 'charset.unsupported':
    case 'encoding.unsupported':
      return new HttpError(415, String(e.message), '지원하지 않는 문자 인코딩입니다.');
    case 'request.aborted':
    case 'request.size.invalid':
      return new HttpError(400, 'the request body was incomplete', '요청 본문이 완전하지 않습니다.');
    default:
      return err;
  }
}
