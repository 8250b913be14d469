/**
 * Requests that name Object.prototype's members as keys or union tags, built
 * with JSON.parse so `__proto__` is a real own key, exactly as it arrives from
 * JSON.parse on the serve host's socket or from a structured clone over IPC.
 * Every one must be refused as INVALID.
 */
import type { ProfileDraft } from '../../src/shared/profile';

export const WELL_FORMED_PROFILE_DRAFT: ProfileDraft = {
  name: 'Bench',
  host: '127.0.0.1',
  port: 6399,
  db: 0,
  username: '',
  tls: { isEnabled: false, caFile: '', certFile: '', keyFile: '', servername: '', shouldVerify: true },
  color: 'blue',
  isReadOnly: false,
  isProduction: false,
};

export interface PrototypeKeyRequest {
  /** Where the key sits, for the assertion's diff. */
  name: string;
  method: string;
  params: unknown;
}

const PROTOTYPE_NAMES = ['__proto__', 'constructor', 'toString', 'hasOwnProperty'] as const;

/**
 * The object with `name: value` added as its last own key, via JSON text so
 * `__proto__` becomes an own key. Spreading or nesting the result in an object
 * literal keeps it an own key.
 */
function withOwnKey(base: object, name: string, value: unknown): unknown {
  const text = JSON.stringify(base);
  return JSON.parse(`${text.slice(0, -1)}${text.length > 2 ? ',' : ''}${JSON.stringify(name)}:${JSON.stringify(value)}}`);
}

export const PROTOTYPE_KEY_REQUESTS: readonly PrototypeKeyRequest[] = PROTOTYPE_NAMES.flatMap((name): PrototypeKeyRequest[] => [
  { name: `params.${name}`, method: 'connection:open', params: withOwnKey({ profileId: 'p1' }, name, { isAdmin: true }) },
  { name: `system:hello params.${name}`, method: 'system:hello', params: withOwnKey({}, name, 'x') },
  { name: `draft.${name}`, method: 'connection:test', params: { draft: withOwnKey(WELL_FORMED_PROFILE_DRAFT, name, 'x') } },
  { name: `draft.tls.${name}`, method: 'profiles:save', params: { ...WELL_FORMED_PROFILE_DRAFT, tls: withOwnKey(WELL_FORMED_PROFILE_DRAFT.tls, name, 'x') } },
  { name: `lanes:add target.kind=${name}`, method: 'lanes:add', params: { profileId: 'p1', target: { kind: name, name: 'lab/x' }, decoder: 'auto' } },
  { name: `plots:open spec.kind=${name}`, method: 'plots:open', params: { profileId: 'p1', spec: { kind: name } } },
]);

