import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_SIMULATOR_OPTIONS } from '../../../src/shared/simulator';
import { checkSimulatorForm, simulatorFormFromOptions } from '../../../src/renderer/src/features/simulator/simulatorForm';

test('demo traffic settings are checked against the bus ranges, in words', () => {
  const defaults = simulatorFormFromOptions(DEFAULT_SIMULATOR_OPTIONS);
  assert.deepStrictEqual(
    [checkSimulatorForm(defaults), checkSimulatorForm({ ...defaults, eegUsers: '9', eegRateHz: '5', eegChannels: 'eight' })],
    [
      { isValid: true, options: DEFAULT_SIMULATOR_OPTIONS },
      {
        isValid: false,
        problems: {
          eegUsers: 'Enter a whole number of EEG users from 0 to 8.',
          eegRateHz: 'Enter a whole number of samples per second from 10 to 1000.',
          eegChannels: 'Enter a whole number of channels from 1 to 64.',
        },
      },
    ],
  );
});
