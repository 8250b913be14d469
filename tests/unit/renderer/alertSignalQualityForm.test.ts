import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checkSignalQualityForm, EMPTY_SIGNAL_QUALITY_FORM } from '../../../src/renderer/src/features/alerts/signalQualityForm';

describe('the EEG flat/railed rule form', () => {
  test('a filled form is a rule; an empty rail watches flat lines only', () => {
    assert.deepStrictEqual(
      [
        checkSignalQualityForm({ ...EMPTY_SIGNAL_QUALITY_FORM, channel: ' user:u1:raw ', railAt: '1000' }).rule,
        checkSignalQualityForm({ ...EMPTY_SIGNAL_QUALITY_FORM, channel: 'user:u1:raw' }).rule?.railAt,
      ],
      [{ channel: 'user:u1:raw', fieldPath: 'channels.*', seconds: 5, flatWithin: 0.5, railAt: 1000, severity: 'warning' }, null],
    );
  });

  test('each wrong field is named in words', () => {
    const checked = checkSignalQualityForm({ ...EMPTY_SIGNAL_QUALITY_FORM, channel: '', seconds: '2.5', flatWithin: '-1', railAt: 'high' });
    assert.deepStrictEqual(Object.keys(checked.problems ?? {}).sort(), ['channel', 'flatWithin', 'railAt', 'seconds']);
  });
});
