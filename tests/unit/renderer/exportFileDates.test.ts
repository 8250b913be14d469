// East of Greenwich, so the local day and the UTC day differ for half of it: set before any date is read.
process.env.TZ = 'Pacific/Auckland';

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pngFileName } from '../../../src/renderer/src/features/plots/exportChartPng';
import { profileExportFileName } from '../../../src/renderer/src/features/profiles/profileExportFileName';

test('a profile export and a chart PNG saved at the same moment carry the same, local, date', () => {
  // 20:00 UTC on Dec 3 is 09:00 on Dec 4 in Auckland (UTC+13 in summer).
  const at = Date.UTC(2026, 11, 3, 20, 0);
  assert.deepStrictEqual(
    { profiles: profileExportFileName(at), chart: pngFileName('mushroom1 telemetry', new Date(at)) },
    { profiles: 'labwire-profiles-2026-12-04.json', chart: 'mushroom1-telemetry-2026-12-04-0900.png' },
  );
});
