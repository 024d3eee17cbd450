/**
 * A request the console refuses because of what it asks for (a filter on a
 * secret field, a negative page size). Carries HTTP 400; the error handler
 * answers with the message, which names the parameter and what is wrong.
 */
export class BadRequestError extends Error {
  readonly status = 400;
  constructor(
    readonly parameter: string,
    message: string,
  ) {
    super(message);
    this.name = 'BadRequestError';
  }
}
