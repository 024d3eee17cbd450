import CircuitBreaker from 'opossum';
import { OperationalError, toTaxonomyError } from '../../errors/index.js';

/** A call refused without reaching the gateway: its circuit is open until `retryAt` (epoch ms) at the earliest. */
export class GatewayCircuitOpenError extends OperationalError {
  constructor(
    readonly gateway: string,
    readonly retryAt: number,
  ) {
    super('gatewayCircuitOpen', `the ${gateway} gateway circuit is open; retry after ${new Date(retryAt).toISOString()}`);
  }
}

export interface GatewayBreakerOptions {
  /** The gateway's name, in errors and logs (`smsc`, `smtp`, `push`). */
  gateway: string;
  /** Operational failures within `windowMs` that open the circuit. Default 5. */
  failureThreshold?: number;
  /** The rolling window the failures are counted in. Default 10 s. */
  windowMs?: number;
  /** How long the circuit stays open before one probe call is let through (half-open). Default 30 s. */
  resetTimeoutMs?: number;
  /** A call slower than this fails as an operational `gatewayTimeout`. Default 10 s; `false` for none. */
  callTimeoutMs?: number | false;
}

export type BreakerState = 'closed' | 'open' | 'halfOpen';

/**
 * One circuit breaker per gateway (opossum). Only operational errors (the gateway is down, slow or busy) count
 * as failures: a user error (an invalid recipient, a refused token) says nothing about the gateway's health and
 * never opens the circuit; it is rethrown as it is. Every error thrown is a taxonomy error.
 */
export class GatewayBreaker<A extends unknown[], R> {
  private readonly breaker: CircuitBreaker<A, R>;
  private readonly threshold: number;
  private readonly resetTimeoutMs: number;
  private openedAt = 0;

  constructor(call: (...args: A) => Promise<R>, options: GatewayBreakerOptions) {
    this.threshold = options.failureThreshold ?? 5;
    this.resetTimeoutMs = options.resetTimeoutMs ?? 30_000;
    const windowMs = options.windowMs ?? 10_000;
    const gateway = options.gateway;
    const action = async (...args: A): Promise<R> => {
      try {
        return await call(...args);
      } catch (err) {
        throw toTaxonomyError(err);
      }
    };
    this.breaker = new CircuitBreaker(action, {
      name: gateway,
      timeout: options.callTimeoutMs ?? 10_000,
      resetTimeout: this.resetTimeoutMs,
      rollingCountTimeout: windowMs,
      rollingCountBuckets: 10,
      // Opening is decided by the failure count below, never by opossum's percentage (user errors would dilute it).
      errorThresholdPercentage: 100,
      volumeThreshold: 0,
      errorFilter: (err: unknown) => toTaxonomyError(err).kind !== 'operational',
    });
    this.breaker.on('failure', () => {
      if (this.breaker.closed && this.breaker.stats.failures >= this.threshold) this.breaker.open();
    });
    this.breaker.on('open', () => {
      this.openedAt = Date.now();
    });
  }

  get state(): BreakerState {
    return this.breaker.opened ? 'open' : this.breaker.halfOpen ? 'halfOpen' : 'closed';
  }

  /** When an open circuit lets the next probe through (epoch ms); `null` when closed. */
  get retryAt(): number | null {
    return this.state === 'closed' ? null : this.openedAt + this.resetTimeoutMs;
  }

  async fire(...args: A): Promise<R> {
    try {
      return await this.breaker.fire(...args);
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      if (code === 'EOPENBREAKER') throw new GatewayCircuitOpenError(this.breaker.name, this.openedAt + this.resetTimeoutMs);
      if (code === 'ETIMEDOUT' && !(err instanceof OperationalError)) {
        throw new OperationalError('gatewayTimeout', `the ${this.breaker.name} gateway did not answer in time`, { cause: err });
      }
      throw toTaxonomyError(err);
    }
  }

  /** Stops the breaker's timers (at shutdown). */
  shutdown(): void {
    this.breaker.shutdown();
  }
}
