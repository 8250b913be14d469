/**
 * A password sealed together with the endpoint identity it was saved for
 * (shared/endpointIdentity). Both sit inside the SecretBox's authenticated
 * encryption, so editing profiles.json by hand can change where a profile
 * points but not where its password may go: the store compares the sealed
 * identity with the profile's before it hands the password out.
 */
import { ok, type Result } from '../../shared/result';
import type { SecretBox } from '../secrets/secretBox';

const BOUND_PREFIX = 'labwire-bound-secret-v1:';

export interface OpenedSecret {
  password: string;
  /** The identity sealed with it; null for a password sealed before secrets were bound (it is never sent). */
  endpoint: string | null;
}

export function sealBoundSecret(box: SecretBox, password: string, endpoint: string): string {
  return box.seal(BOUND_PREFIX + JSON.stringify({ endpoint, password }));
}

function parseBound(plain: string): OpenedSecret {
  if (!plain.startsWith(BOUND_PREFIX)) return { password: plain, endpoint: null };
  try {
    const content: unknown = JSON.parse(plain.slice(BOUND_PREFIX.length));
    if (typeof content === 'object' && content !== null) {
      const { endpoint, password } = content as Record<string, unknown>;
      if (typeof endpoint === 'string' && typeof password === 'string') return { password, endpoint };
    }
  } catch {
    // Falls through: a sealed value we cannot read is bound to nothing.
  }
  return { password: '', endpoint: null };
}

/** SECRETS_UNAVAILABLE when the box cannot open it (another key, a changed byte). */
export function openBoundSecret(box: SecretBox, sealed: string): Result<OpenedSecret> {
  const opened = box.open(sealed);
  return opened.ok ? ok(parseBound(opened.value)) : opened;
}
