import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PlotStreamStats } from '../../../src/shared/plots';
import { describeGaps } from '../../../src/renderer/src/features/plots/eegGapWords';

test('the gap count says what a gap is, and on a demo stream that the demo skipped those samples', () => {
  const stats: PlotStreamStats = { nominalRateHz: 250, actualRateHz: 249, samples: 1_000, gaps: 2, late: 0, overwritten: 0 };
  assert.deepStrictEqual(
    {
      demo: describeGaps(stats, 'message', 1_649),
      noGaps: describeGaps({ ...stats, gaps: 0 }, 'message', 1_649).demoNote,
      notDemo: describeGaps(stats, 'message', null).demoNote,
      receiveTime: describeGaps(stats, 'receive', null).title,
    },
    {
      demo: {
        title:
          "A gap is a silence of more than 12 ms at 250 Hz between two consecutive samples, by the samples' own timestamps: samples that were never published or never reached Labwire.",
        demoNote: 'The demo publishing here skipped 1,649 messages when it fell behind (see Connection): those samples were never sent.',
      },
      noGaps: null,
      notDemo: null,
      receiveTime:
        'A gap is a silence of more than 250 ms at 250 Hz between two consecutive samples, by their receive times: samples that were never published or never reached Labwire.',
    },
  );
});
