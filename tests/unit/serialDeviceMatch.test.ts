import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { SerialPortInfo } from '../../src/shared/bridges';
import { chooseDevicePath, matchesDevice } from '../../src/bus/bridges/serial/deviceMatch';

const FTDI_A7X: SerialPortInfo = { path: '/dev/ttyUSB1', manufacturer: 'FTDI', vendorId: '0403', productId: '6001', serialNumber: 'A7X' };
const FTDI_B2Q: SerialPortInfo = { path: '/dev/ttyUSB2', manufacturer: 'FTDI', vendorId: '0403', productId: '6001', serialNumber: 'B2Q' };
const CH340: SerialPortInfo = { path: '/dev/ttyUSB0', manufacturer: 'QinHeng', vendorId: '1a86', productId: '7523', serialNumber: '' };

function saved(path: string, identity: Partial<Pick<SerialPortInfo, 'vendorId' | 'productId' | 'serialNumber'>>) {
  return { path, vendorId: '', productId: '', serialNumber: '', ...identity };
}

describe('finding a saved serial device again', () => {
  test('USB ids match however the system spells them, and every set field must agree', () => {
    assert.deepStrictEqual(
      [
        matchesDevice(FTDI_A7X, saved('', { vendorId: '0x0403', productId: '6001' })),
        matchesDevice({ ...FTDI_A7X, vendorId: '403', productId: '6001' }, saved('', { vendorId: '0403' })),
        matchesDevice(FTDI_A7X, saved('', { vendorId: '0403', serialNumber: 'a7x' })),
        matchesDevice(FTDI_A7X, saved('', { vendorId: '0403', serialNumber: 'B2Q' })),
        matchesDevice(FTDI_A7X, saved('', {})),
      ],
      [true, true, true, false, false],
    );
  });

  test('a device still at its saved path is opened there', () => {
    assert.deepStrictEqual(chooseDevicePath(saved('/dev/ttyUSB1', { serialNumber: 'A7X' }), [CH340, FTDI_A7X]), {
      kind: 'open',
      path: '/dev/ttyUSB1',
      foundBy: null,
    });
  });

  test('a device that moved is found by its serial number', () => {
    assert.deepStrictEqual(chooseDevicePath(saved('/dev/ttyUSB0', { vendorId: '0403', serialNumber: 'B2Q' }), [CH340, FTDI_A7X, FTDI_B2Q]), {
      kind: 'open',
      path: '/dev/ttyUSB2',
      foundBy: 'serial number B2Q',
    });
  });

  test('a device known only by its USB ids is found when one port has them', () => {
    assert.deepStrictEqual(chooseDevicePath(saved('/dev/ttyUSB5', { vendorId: '1A86', productId: '7523' }), [CH340, FTDI_A7X]), {
      kind: 'open',
      path: '/dev/ttyUSB0',
      foundBy: 'USB id 1a86:7523',
    });
  });

  test('another device at the saved path is not opened: the link waits for the right one', () => {
    assert.deepStrictEqual(chooseDevicePath(saved('/dev/ttyUSB0', { serialNumber: 'A7X' }), [CH340]), {
      kind: 'wait',
      reason: '/dev/ttyUSB0 now holds another device (QinHeng, USB id 1a86:7523); waiting for the device with serial number A7X.',
    });
  });

  test('two devices with the same USB ids and no serial number are not guessed between', () => {
    const choice = chooseDevicePath(saved('/dev/ttyUSB9', { vendorId: '0403', productId: '6001' }), [FTDI_A7X, FTDI_B2Q]);
    assert.deepStrictEqual(choice, {
      kind: 'wait',
      reason: 'Several ports hold a device with USB id 0403:6001 (/dev/ttyUSB1, /dev/ttyUSB2); set its serial number or choose the port.',
    });
  });

  test('with no identity, no list, or a path the list does not know, the typed path is opened', () => {
    assert.deepStrictEqual(
      [
        chooseDevicePath(saved(' /dev/ttyACM0 ', {}), [CH340]),
        chooseDevicePath(saved('/dev/ttyACM0', { serialNumber: 'A7X' }), null),
        chooseDevicePath(saved('/tmp/pty/dev', { serialNumber: 'ZZZ' }), [CH340, FTDI_A7X]),
      ],
      [
        { kind: 'open', path: '/dev/ttyACM0', foundBy: null },
        { kind: 'open', path: '/dev/ttyACM0', foundBy: null },
        { kind: 'open', path: '/tmp/pty/dev', foundBy: null },
      ],
    );
  });

  test('Windows port names match whatever their case', () => {
    const com = { ...FTDI_A7X, path: 'COM3' };
    assert.deepStrictEqual(chooseDevicePath(saved('com3', { serialNumber: 'A7X' }), [com]), { kind: 'open', path: 'com3', foundBy: null });
  });
});
