/**
 * The feature seam: every request method is declared by exactly one
 * feature's contract slice (one params check) and answered by exactly one
 * feature's bus part (one handler), and the merged validation still refuses
 * unknown keys and keys named after Object.prototype's members for every
 * method, whichever slice declared it.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { BusCore } from '../../src/bus/busCore';
import { REQUEST_METHODS } from '../../src/shared/contract';
import { REQUEST_SLICES } from '../../src/shared/requestMap';
import { validateRequest } from '../../src/shared/requestValidation';

/** How many times each name occurs, keyed in a table with no prototype. */
function countOccurrences(names: readonly string[]): Record<string, number> {
  const counts = Object.create(null) as Record<string, number>;
  for (const name of names) counts[name] = (counts[name] ?? 0) + 1;
  return counts;
}

const exactlyOnceEach = (methods: readonly string[]): Record<string, number> => Object.fromEntries(methods.map((method) => [method, 1]));

describe('the feature seam', () => {
  test('every request method has exactly one params check, in exactly one contract slice', () => {
    const declared = REQUEST_SLICES.flatMap((slice) => Object.keys(slice));
    assert.deepStrictEqual({ ...countOccurrences(declared) }, exactlyOnceEach(REQUEST_METHODS));
    assert.ok(REQUEST_METHODS.length >= 33, `the contract lists ${REQUEST_METHODS.length} methods`);
  });

  test('every request method has exactly one handler, owned by exactly one bus feature', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'labwire-seam-'));
    const core = await BusCore.create({
      host: 'serve',
      appVersion: 'test',
      dataDir,
      keySource: { kind: 'none', reason: 'tests keep no secrets' },
      emit: () => undefined,
    });
    try {
      const features = core.describeFeatures();
      const handled = features.flatMap((feature) => feature.methods);
      assert.deepStrictEqual({ ...countOccurrences(handled) }, exactlyOnceEach(REQUEST_METHODS));
      const names = features.map((feature) => feature.name);
      assert.deepStrictEqual([...new Set(names)], names);
    } finally {
      await core.dispose();
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  test('unknown method names, prototype names included, are refused', () => {
    const refused = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'plots:nope', '', 42, null].map((method) => {
      const result = validateRequest(method, {});
      return result.ok ? 'accepted' : result.error.field;
    });
    assert.deepStrictEqual(refused, refused.map(() => 'method'));
  });

  test('for every method, an unknown key and each prototype name as an own key are refused as unknown fields', () => {
    const keys = ['notAField', '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'];
    const answers = REQUEST_METHODS.flatMap((method) =>
      keys.map((key) => {
        const params: unknown = JSON.parse(`{${JSON.stringify(key)}: 1}`);
        const result = validateRequest(method, params);
        return { method, key, refusedField: result.ok ? 'accepted' : result.error.field };
      }),
    );
    assert.deepStrictEqual(
      answers,
      REQUEST_METHODS.flatMap((method) => keys.map((key) => ({ method, key, refusedField: key }))),
    );
  });
});
