/**
 * ioredis logs through the `debug` package, and with DEBUG=ioredis:* (or
 * DEBUG=*) it prints every command it writes, AUTH and its password included
 * (`auth([ '<password>' ])`), on stderr. A technician who sets DEBUG to report
 * a bug would hand out the lab's passwords, so the bus always skips the
 * ioredis namespaces, whatever DEBUG says; other packages' debug output is
 * left as the user asked.
 *
 * The `debug` instance is the one ioredis itself loads (resolved from
 * ioredis's own folder): a copy bundled into the bus would be another module
 * with its own settings and would silence nothing.
 */
import { createRequire } from 'node:module';

export const REDIS_CLIENT_DEBUG_SKIP = '-ioredis:*';

/** The parts of the `debug` package used here. */
interface DebugSettings {
  /** What DEBUG enabled; undefined when it was not set. */
  namespaces?: string;
  enable(namespaces: string): void;
}

let isSilenced = false;

/**
 * Turns the Redis client's debug output off for this thread. Idempotent;
 * never throws. False when ioredis's `debug` could not be found, which the
 * caller logs (then the skip could not be set).
 */
export function silenceRedisClientDebug(): boolean {
  if (isSilenced) return true;
  const settings = loadClientDebugSettings();
  if (!settings) return false;
  settings.enable([settings.namespaces ?? '', REDIS_CLIENT_DEBUG_SKIP].filter(Boolean).join(','));
  isSilenced = true;
  return true;
}

function loadClientDebugSettings(): DebugSettings | null {
  try {
    const requireHere = createRequire(import.meta.url);
    const requireFromClient = createRequire(requireHere.resolve('ioredis'));
    const settings = requireFromClient('debug') as Partial<DebugSettings>;
    return typeof settings.enable === 'function' ? (settings as DebugSettings) : null;
  } catch {
    return null;
  }
}
