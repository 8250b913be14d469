/** One gap per span from the profile's receiving states and a source's own outages (sources/receivingMerge.ts). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ReceivingMerge } from '../../src/bus/sources/receivingMerge';
import type { ConnectionState } from '../../src/shared/connectionState';

const LOST = { code: 'CONNECTION_LOST' as const, message: 'lost' };
const ready = (since: number): ConnectionState => ({ state: 'ready', since });
const reconnecting = (since: number): ConnectionState => ({ state: 'reconnecting', since, attempt: 1, lastError: LOST, nextRetryAt: since + 100 });

function recorder(): { merge: ReceivingMerge; seen: string[] } {
  const seen: string[] = [];
  return { merge: new ReceivingMerge((profileId, state) => seen.push(`${profileId}:${state.state}@${'since' in state ? state.since : '-'}`)), seen };
}

test("the profile's 'ready' is held back while the source is still away, and the source's 'ready' closes the span", () => {
  const { merge, seen } = recorder();
  merge.fromProfile('p', ready(1));
  merge.fromSource('p', reconnecting(2));
  merge.fromProfile('p', reconnecting(3));
  merge.fromProfile('p', ready(4));
  merge.fromSource('p', ready(5));
  assert.deepStrictEqual(seen, ['p:ready@1', 'p:reconnecting@2', 'p:reconnecting@3', 'p:ready@5']);
});

test("a source outage while the profile is away is not passed on; the profile's 'ready' waits for the source", () => {
  const { merge, seen } = recorder();
  merge.fromProfile('p', ready(1));
  merge.fromProfile('p', reconnecting(2));
  merge.fromSource('p', reconnecting(3));
  merge.fromProfile('p', ready(4));
  merge.fromSource('p', ready(5));
  merge.fromProfile('q', ready(6));
  assert.deepStrictEqual(seen, ['p:ready@1', 'p:reconnecting@2', 'p:ready@5', 'q:ready@6']);
});
