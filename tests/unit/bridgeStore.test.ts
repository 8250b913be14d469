/** The bridge store: one private file per profile, atomic, entries that fail the request's check left out in words. */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { BridgeStore } from '../../src/bus/bridges/bridgeStore';
import { defaultBridgeRouting, defaultSerialSettings, type BridgeConfig } from '../../src/shared/bridges';

const bridge: BridgeConfig = {
  id: 'board-1',
  name: 'Incubator board',
  kind: 'serial',
  serial: { ...defaultSerialSettings(), path: '/dev/ttyUSB0' },
  framing: { kind: 'lines', ending: 'lf' },
  format: { kind: 'json' },
  routing: defaultBridgeRouting(),
  shouldStartWithProfile: true,
};

test('saves 0600 under bridges/<profile>.json, loads it back, and removes it', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'labwire-bridge-store-'));
  try {
    const store = new BridgeStore(dataDir);
    await store.save('profile/../1', [bridge]);
    const path = store.pathOf('profile/../1');
    assert.equal(join(dataDir, 'bridges'), join(path, '..'));
    assert.equal((await stat(path)).mode & 0o777, 0o600);
    assert.deepEqual(await store.load('profile/../1'), { bridges: [bridge], problems: [] });
    assert.deepEqual(await store.savedProfileIds(), ['profile/../1']);
    await store.remove('profile/../1');
    assert.deepEqual(await store.load('profile/../1'), { bridges: [], problems: [] });
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
});

test('a hand-edited entry that fails the check is left out with the reason; the others load', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'labwire-bridge-store-'));
  try {
    const store = new BridgeStore(dataDir);
    await store.save('p1', [bridge]);
    const saved = JSON.parse(await readFile(store.pathOf('p1'), 'utf8')) as { bridges: unknown[] };
    saved.bridges.push({ ...bridge, id: 'bad', serial: { ...bridge.serial, baudRate: 'fast' } });
    await writeFile(store.pathOf('p1'), JSON.stringify(saved));
    const loaded = await store.load('p1');
    assert.deepEqual(loaded.bridges.map((b) => b.id), ['board-1']);
    assert.equal(loaded.problems.length, 1);
    assert.match(loaded.problems[0]!, /baudRate/);
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
});
