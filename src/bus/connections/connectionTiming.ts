/**
 * Every delay the connections use, in one place so tests can shorten them.
 * The defaults meet the product's bar: a hung server is noticed within
 * HEARTBEAT_INTERVAL + HEARTBEAT_TIMEOUT (3 s), well inside 5 s.
 */
export interface ConnectionTiming {
  /** Budget for one whole handshake: TCP, TLS, AUTH, SELECT and the ready check. */
  connectTimeoutMs: number;
  /** Budget for one command on the command connection (ioredis commandTimeout). */
  commandTimeoutMs: number;
  /** Pause between the answer to one heartbeat PING and the next PING. */
  heartbeatIntervalMs: number;
  /** A heartbeat PING unanswered this long means the server is gone or hung. */
  heartbeatTimeoutMs: number;
  /** First reconnect delay before jitter; doubles each attempt. */
  retryBaseMs: number;
  /** Largest reconnect delay before jitter. */
  retryMaxMs: number;
  /** How often server facts are read and pushed while ready. */
  factsIntervalMs: number;
}

export const DEFAULT_CONNECTION_TIMING: ConnectionTiming = {
  connectTimeoutMs: 4_000,
  commandTimeoutMs: 5_000,
  heartbeatIntervalMs: 1_000,
  heartbeatTimeoutMs: 2_000,
  retryBaseMs: 250,
  retryMaxMs: 10_000,
  factsIntervalMs: 5_000,
};

export function resolveTiming(overrides: Partial<ConnectionTiming> = {}): ConnectionTiming {
  return { ...DEFAULT_CONNECTION_TIMING, ...overrides };
}

/**
 * Delay before reconnect attempt `attempt` (1-based): capped exponential with
 * "equal jitter", so many consoles that lost the same server do not return in
 * step, yet no delay drops below half its step.
 */
export function retryDelayMs(attempt: number, timing: Pick<ConnectionTiming, 'retryBaseMs' | 'retryMaxMs'>, random: () => number = Math.random): number {
  const exponent = Math.min(Math.max(attempt, 1) - 1, 30);
  const step = Math.min(timing.retryMaxMs, timing.retryBaseMs * 2 ** exponent);
  return Math.round(step / 2 + random() * (step / 2));
}
