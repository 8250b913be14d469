/**
 * Seals profile secrets (passwords) for storage with AES-256-GCM: a fresh
 * random 12-byte IV per seal and a 16-byte tag, so a changed byte or another
 * key is detected instead of producing garbage. The sealed text is versioned
 * ("v1:<base64 of iv|tag|ciphertext>") so the scheme can change later without
 * guessing what an old file holds.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { fail, ok, type Result } from '../../shared/result';

export { loadOrCreateKeyFile } from './keyFile';

export const SECRET_KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const SEALED_PREFIX = 'v1:';
const CIPHER = 'aes-256-gcm';
/** Binds every sealed value to this purpose, so a value sealed elsewhere with the same key does not open here. */
const ASSOCIATED_DATA = Buffer.from('labwire-profile-secret-v1', 'utf8');

const CANNOT_OPEN_MESSAGE =
  'A stored password could not be unlocked: it was saved with another key or the file was changed. Enter the password again.';

export class SecretBox {
  private readonly key: Buffer;

  constructor(key: Uint8Array) {
    if (key.byteLength !== SECRET_KEY_BYTES)
      throw new RangeError(`A secret key has ${SECRET_KEY_BYTES} bytes; this one has ${key.byteLength}.`);
    this.key = Buffer.from(key);
  }

  seal(plain: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(CIPHER, this.key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(ASSOCIATED_DATA);
    const ciphertext = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return SEALED_PREFIX + Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString('base64');
  }

  /** The plain text, or SECRETS_UNAVAILABLE when the value was changed or sealed with another key. Never throws. */
  open(sealed: string): Result<string> {
    if (!sealed.startsWith(SEALED_PREFIX))
      return fail('SECRETS_UNAVAILABLE', CANNOT_OPEN_MESSAGE, { detail: 'unknown sealed-secret format' });
    const bytes = Buffer.from(sealed.slice(SEALED_PREFIX.length), 'base64');
    if (bytes.byteLength < IV_BYTES + TAG_BYTES)
      return fail('SECRETS_UNAVAILABLE', CANNOT_OPEN_MESSAGE, { detail: 'sealed secret is truncated' });
    try {
      const decipher = createDecipheriv(CIPHER, this.key, bytes.subarray(0, IV_BYTES), { authTagLength: TAG_BYTES });
      decipher.setAAD(ASSOCIATED_DATA);
      decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      const plain = Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
      return ok(plain.toString('utf8'));
    } catch (error) {
      return fail('SECRETS_UNAVAILABLE', CANNOT_OPEN_MESSAGE, {
        detail: error instanceof Error ? error.message : 'decryption failed',
      });
    }
  }
}

/** True when the text looks like something seal() produced (not whether it opens). */
export function isSealedSecret(value: string): boolean {
  return value.startsWith(SEALED_PREFIX);
}
