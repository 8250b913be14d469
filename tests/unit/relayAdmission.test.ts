/** Who may open the relay, and how payloads become JSON for browsers. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pack } from 'msgpackr';
import { admitRelayClient, isRelayToken, normalizeOrigin } from '../../src/bus/relay/relayAdmission';
import { payloadAsJsonText } from '../../src/bus/relay/relayPayload';
import { foxgloveChannelsOf } from '../../src/bus/relay/foxgloveSession';

const TOKEN = 'secret-token-123';

test('the token is compared whole: missing, shorter, longer and different tokens are refused', () => {
  assert.deepEqual(
    [null, '', 'secret-token-12', 'secret-token-1234', 'secret-token-124', TOKEN].map((sent) => isRelayToken(sent, TOKEN)),
    [false, false, false, false, false, true],
  );
});

test('origins: none (a script), this computer and listed ones pass; others are refused with the reason', () => {
  const admit = (origin: string | undefined) => admitRelayClient({ url: `/?token=${TOKEN}`, origin }, TOKEN, ['https://dash.lab.example']);
  assert.deepEqual(
    [undefined, 'http://localhost:3000', 'https://127.0.0.1', 'http://[::1]:8080', 'https://dash.lab.example'].map((origin) => admit(origin).isAdmitted),
    [true, true, true, true, true],
  );
  assert.deepEqual(admit('http://localhost.evil.example'), {
    isAdmitted: false,
    status: 403,
    reason: 'Pages from http://localhost.evil.example may not use this relay. Add the origin in the Labwire relay panel if it should.',
  });
  assert.equal(admit('null').isAdmitted, false);
  assert.equal(admitRelayClient({ url: '/', origin: undefined }, TOKEN, []).isAdmitted, false);
});

test('typed origins are normalised the way browsers send them', () => {
  assert.deepEqual(
    ['https://Dash.Lab.example:443/path', ' http://x.test:8080 ', 'ftp://x', 'not a url'].map(normalizeOrigin),
    ['https://dash.lab.example', 'http://x.test:8080', null, null],
  );
});

test('payloads become JSON text: JSON kept as sent, MessagePack converted, text as a string, bytes with the marker', () => {
  assert.deepEqual(
    [
      Buffer.from('{"a": [1, 2]}'),
      Buffer.from(pack({ a: 1, bytes: new Uint8Array([255]) })),
      Buffer.from(pack(new Uint8Array([1, 2]))),
      Buffer.from('hello'),
      Buffer.from([0xff, 0xfe, 0x00]),
      Buffer.from('{"broken": '),
    ].map(payloadAsJsonText),
    [
      '{"a": [1, 2]}',
      '{"a":1,"bytes":{"$binary":"base64","base64":"/w=="}}',
      '{"$binary":"base64","base64":"AQI="}',
      '"hello"',
      '{"$binary":"base64","base64":"//4A"}',
      '"{\\"broken\\": "',
    ],
  );
});

test('Foxglove channels: one per distinct topic, patterns recognised by their glob characters', () => {
  assert.deepEqual(foxgloveChannelsOf(['devices:telemetry', ' eeg:* ', '', 'devices:telemetry', 'lab:[ab]']), [
    { id: 1, target: { kind: 'channel', name: 'devices:telemetry' } },
    { id: 2, target: { kind: 'pattern', pattern: 'eeg:*' } },
    { id: 3, target: { kind: 'pattern', pattern: 'lab:[ab]' } },
  ]);
});
