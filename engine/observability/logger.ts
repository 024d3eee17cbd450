import { pino, type Logger } from 'pino';

/**
 * One pino logger for the process. Secrets known to the config are redacted
 * from every message, whatever field they end up in.
 */
export function createLogger(level: string, secrets: string[] = [], pretty = false): Logger {
  const scrub = (text: string) => secrets.reduce((acc, s) => (s.length >= 4 ? acc.split(s).join('[redacted]') : acc), text);
  return pino({
    level,
    redact: { paths: ['password', '*.password', 'passwordHash', '*.passwordHash', 'req.headers.cookie'], censor: '[redacted]' },
    hooks: {
      logMethod(args, method) {
        method.apply(this, args.map((a) => (typeof a === 'string' ? scrub(a) : a)) as Parameters<typeof method>);
      },
    },
    ...(pretty ? { transport: { target: 'pino-pretty', options: { colorize: true, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname' } } } : {}),
  });
}

export type { Logger };
