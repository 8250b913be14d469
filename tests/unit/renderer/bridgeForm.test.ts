import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { bridgeDraftCheck } from '../../../src/shared/features/bridgesContract';
import { defaultBridgeRouting, type BridgeConfig } from '../../../src/shared/bridges';
import {
  checkBridgeForm,
  CUSTOM_BAUD,
  formFieldOfBusField,
  formFromConfig,
  isListeningEverywhere,
  newBridgeForm,
} from '../../../src/renderer/src/features/bridges/bridgeForm';

const SERIAL_BRIDGE: BridgeConfig = {
  id: 'b1',
  name: 'Incubator board',
  kind: 'serial',
  serial: {
    path: '/dev/ttyACM0',
    vendorId: '2341',
    productId: '0043',
    serialNumber: 'A7X',
    baudRate: 250000,
    dataBits: 7,
    stopBits: 2,
    parity: 'even',
    stallAfterMs: 12_000,
    shouldReopenOnStall: false,
  },
  framing: { kind: 'delimiter', delimiter: '\\x00' },
  format: { kind: 'csv', delimiter: ';' },
  routing: { ...defaultBridgeRouting(), channelTemplate: 'devices:{device_id}:telemetry', commandChannel: 'devices:{device_id}:commands', deviceId: 'inc-3' },
  shouldStartWithProfile: true,
};

const UDP_BRIDGE: BridgeConfig = {
  id: 'b2',
  name: 'EEG amplifier',
  kind: 'udp',
  udp: { listenHost: '127.0.0.1', listenPort: 9870, commandHost: '10.0.0.4', commandPort: 9871, sequencePath: 'seq' },
  framing: { kind: 'lines', ending: 'any' },
  format: { kind: 'msgpack' },
  routing: defaultBridgeRouting(),
  shouldStartWithProfile: false,
};

describe('the bridge editor form', () => {
  test('a saved bridge of either kind comes back from the form as the same draft, which the bus accepts', () => {
    for (const config of [SERIAL_BRIDGE, UDP_BRIDGE]) {
      const check = checkBridgeForm(formFromConfig(config));
      assert.deepStrictEqual(check, { isValid: true, draft: config });
      assert.equal(bridgeDraftCheck(check.isValid ? check.draft : null, 'draft'), null);
    }
  });

  test('a new serial bridge with defaults needs only a name and a port; a custom baud rate is kept', () => {
    const form = { ...newBridgeForm(), name: ' Board ', serialPath: '/dev/ttyUSB0', baudChoice: CUSTOM_BAUD, customBaudRate: '74880' };
    const check = checkBridgeForm(form);
    assert.ok(check.isValid);
    assert.deepStrictEqual(
      { name: check.draft.name, kind: check.draft.kind, baud: check.draft.kind === 'serial' ? check.draft.serial.baudRate : null, ids: check.draft.kind === 'serial' ? check.draft.serial.vendorId : null },
      { name: 'Board', kind: 'serial', baud: 74880, ids: '' },
    );
  });

  test('every slip is named beside its field, in words', () => {
    const serial = { ...newBridgeForm(), baudChoice: CUSTOM_BAUD, customBaudRate: '12abc', stallSeconds: '-1', framingKind: 'fixedLength' as const, fixedLength: '0', channelTemplate: ' ' };
    const udp = { ...newBridgeForm('udp'), name: 'Amp', listenPort: '70000', commandHost: '10.0.0.4', commandPort: '', framingKind: 'silence' as const, silenceGapMs: '5' };
    assert.deepStrictEqual(
      [checkBridgeForm(serial), checkBridgeForm(udp)],
      [
        {
          isValid: false,
          problems: {
            name: 'Give the bridge a name, e.g. "Incubator board".',
            channelTemplate: 'Name the channel records are published to, e.g. devices:telemetry.',
            fixedLength: 'Enter a record length from 1 to 65,536 bytes.',
            serialPath: 'Choose a port from the list or type its path, e.g. /dev/ttyUSB0 or COM3.',
            customBaudRate: 'Enter a baud rate from 50 to 4,000,000 bits per second.',
            stallSeconds: 'Enter whole seconds from 0 (watchdog off) to 3,600.',
          },
        },
        {
          isValid: false,
          problems: {
            listenPort: 'Enter a port from 1 to 65,535.',
            commandPort: 'Enter the device port the commands go to, or clear the command address.',
          },
        },
      ],
    );
  });

  test('a refusal from the bus is placed beside the field it names', () => {
    const form = newBridgeForm();
    assert.deepStrictEqual(
      ['draft.udp.listenPort', 'draft.serial.path', 'draft.serial.baudRate', 'draft.routing.channelTemplate', 'draft.framing.gapMs', 'draft.kind', 'profileId', undefined].map((field) =>
        formFieldOfBusField(field, form),
      ),
      ['listenPort', 'serialPath', 'baudChoice', 'channelTemplate', 'silenceGapMs', null, null, null],
    );
  });

  test('listening on every address is recognised so the editor can warn', () => {
    assert.deepStrictEqual(['0.0.0.0', ' :: ', '127.0.0.1', '192.168.1.2'].map(isListeningEverywhere), [true, true, false, false]);
  });
});
