/**
 * An error whose message is meant for the client: the error handler answers
 * with its status and message (never a stack trace). Anything else that
 * reaches the error handler is a 500 with a reference only.
 */
export class HttpError extends Error {
  readonly expose = true;
  /**
   * @param message the English text (what API clients and logs read)
   * @param ko the same text in Korean, shown to a console user working in Korean
   */
  constructor(
    readonly status: number,
    message: string,
    readonly ko?: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}
