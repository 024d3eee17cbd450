/**
 * A start-up problem the operator can fix: bad configuration or a service that
 * does not answer. Its message is one line, printed without a stack trace.
 */
export class StartupError extends Error {
  override readonly name = 'StartupError';
}
