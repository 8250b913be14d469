/**
 * The key a stream command is sent with. A key whose name is UTF-8 text
 * travels as that text; any other name travels as its exact bytes in
 * base64 beside the text shown for it (the text, with \xFF escapes, is not
 * the name), and goes to Redis as a Buffer, byte for byte.
 */
import { fail, ok, type Result } from '../../../shared/result';

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export function streamKeyArgument(target: { key: string; keyBase64?: string }): Result<string | Buffer> {
  if (target.keyBase64 === undefined) return ok(target.key);
  if (target.keyBase64 === '' || !BASE64.test(target.keyBase64)) {
    return fail('INVALID', "This stream's exact name did not arrive intact, so it cannot be read. List the streams again and open it from the list.", { field: 'keyBase64' });
  }
  return ok(Buffer.from(target.keyBase64, 'base64'));
}
