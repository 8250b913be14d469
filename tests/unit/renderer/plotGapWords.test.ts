import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PlotStreamStats } from '../../../src/shared/plots';
import { describeGaps } from '../../../src/renderer/src/features/plots/eegGapWords';

test('the gap count says what a gap is, and on a demo stream what the demo skipped: samples of this stream, messages of all channels', () => {
  const stats: PlotStreamStats = { nominalRateHz: 250, actualRateHz: 249, samples: 1_000, gaps: 2, late: 0, overwritten: 0 };
  assert.deepStrictEqual(
    {
      demo: describeGaps(stats, 'message', { samplesOfThisStream: 1_649, messagesOfAnyChannel: 12 }),
      samplesOnly: describeGaps(stats, 'message', { samplesOfThisStream: 25, messagesOfAnyChannel: 0 }).demoNote,
      nothingSkipped: describeGaps(stats, 'message', { samplesOfThisStream: 0, messagesOfAnyChannel: 0 }).demoNote,
      noGaps: describeGaps({ ...stats, gaps: 0 }, 'message', { samplesOfThisStream: 1_649, messagesOfAnyChannel: 0 }).demoNote,
      notDemo: describeGaps(stats, 'message', null).demoNote,
      receiveTime: describeGaps(stats, 'receive', null).title,
    },
    {
      demo: {
        title:
          "A gap is a silence of more than 12 ms at 250 Hz between two consecutive samples, by the samples' own timestamps: samples that were never published or never reached Labwire.",
        demoNote:
          'The demo publishing here never made 1,649 samples of this stream after it was held up, and did not send 12 messages (of all its channels) while the server was slow to answer (see Connection).',
      },
      samplesOnly: 'The demo publishing here never made 25 samples of this stream after it was held up (see Connection).',
      nothingSkipped: null,
      noGaps: null,
      notDemo: null,
      receiveTime:
        'A gap is a silence of more than 250 ms at 250 Hz between two consecutive samples, by their receive times: samples that were never published or never reached Labwire.',
    },
  );
});
