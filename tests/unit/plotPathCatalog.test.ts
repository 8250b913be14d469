import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_TEXT_VALUES_PER_PATH, PathCatalog } from '../../src/bus/plots/pathCatalog';

test('the catalog keeps the short text values seen at each path, bounded, for one chart per sender', () => {
  const catalog = new PathCatalog();
  const devices = ['mushroom2', 'incubator-3', 'mushroom1', 'mushroom1'];
  devices.forEach((device, index) =>
    // One burst, as a device manager publishes all its devices in one tick.
    catalog.offer({ data: { device_id: device, note: 'x'.repeat(101), telemetry: { co2: 900 + index } } }, 1_000 + index),
  );
  for (let index = 0; index < MAX_TEXT_VALUES_PER_PATH + 5; index++) catalog.offer({ run: `run-${index}` }, 10_000 + 1_000 * index);
  const values = catalog.textValues();
  assert.deepStrictEqual(
    { devices: values['data.device_id'], longTextKept: 'data.note' in values, runs: values.run?.length, newestRunKept: values.run?.includes(`run-${MAX_TEXT_VALUES_PER_PATH + 4}`) },
    { devices: ['incubator-3', 'mushroom1', 'mushroom2'], longTextKept: false, runs: MAX_TEXT_VALUES_PER_PATH, newestRunKept: true },
  );
});
