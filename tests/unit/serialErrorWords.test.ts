import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { describeLoss, describeOpenFailure, formatDelay, isPermanentOpenFailure } from '../../src/bus/bridges/serial/serialErrorWords';

function withCode(message: string, code: string): Error {
  return Object.assign(new Error(message), { code });
}

describe('serial failures in words', () => {
  test('open failures name what to check', () => {
    assert.deepStrictEqual(
      [
        // The binding's own texts, which carry no code.
        describeOpenFailure('/dev/ttyUSB0', new Error('Error: No such file or directory, cannot open /dev/ttyUSB0')),
        describeOpenFailure('/dev/ttyUSB0', new Error('Error: Permission denied, cannot open /dev/ttyUSB0')),
        describeOpenFailure('/dev/ttyUSB0', new Error('Error Resource temporarily unavailable Cannot lock port')),
        describeOpenFailure('COM3', withCode('Opening COM3: File not found', 'ENOENT')),
        describeOpenFailure('/dev/null', new Error('Error: Inappropriate ioctl for device setting custom baud rate of 115200')),
        describeOpenFailure('/tmp', new Error('Error: Is a directory, cannot open /tmp')),
        describeOpenFailure('/dev/ttyS0', new Error('Error: Input/output error setting custom baud rate of 7')),
      ],
      [
        '/dev/ttyUSB0 does not exist (is the device plugged in?)',
        'Permission denied opening /dev/ttyUSB0: on Linux, add your user to the dialout group and log in again',
        '/dev/ttyUSB0 is in use by another program (close other serial monitors)',
        'COM3 does not exist (is the device plugged in?)',
        '/dev/null is not a serial port',
        '/tmp is a folder, not a serial port',
        '/dev/ttyS0 could not be opened: Error: Input/output error setting custom baud rate of 7',
      ],
    );
  });

  test('only failures that opening again cannot mend are permanent', () => {
    assert.deepStrictEqual(
      [
        'Error: Inappropriate ioctl for device setting custom baud rate of 115200',
        'Error: Invalid argument setting custom baud rate of 7',
        'Error: Is a directory, cannot open /tmp',
        'Error: No such file or directory, cannot open /dev/ttyUSB0',
        'Error: Permission denied, cannot open /dev/ttyUSB0',
        'Error Resource temporarily unavailable Cannot lock port',
      ].map((message) => isPermanentOpenFailure(new Error(message))),
      [true, true, true, false, false, false],
    );
  });

  test('a lost port says it went away', () => {
    assert.equal(describeLoss('/dev/ttyUSB0'), '/dev/ttyUSB0 went away (unplugged?)');
  });

  test('delays read as a person says them', () => {
    assert.deepStrictEqual([250, 1000, 1500, 5000].map(formatDelay), ['250 ms', '1 s', '1.5 s', '5 s']);
  });
});
