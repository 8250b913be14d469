import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { compileFieldPath, type FieldExtractor } from '../../src/bus/signal/fieldPath';
import { sortNatural } from '../../src/bus/signal/naturalSort';

function compileOrFail(path: string): FieldExtractor {
  const compiled = compileFieldPath(path);
  assert.ok(compiled.ok, `"${path}" compiles`);
  return compiled.value;
}

describe('natural sort', () => {
  test('numbers inside names compare as numbers, letters without case', () => {
    assert.deepStrictEqual(sortNatural(['Ch10', 'Ch2', 'ch3', 'Ch1', 'Ch02', 'Ch', 'Fp2', 'AF10', 'Fp1', 'Ch2b']), [
      'AF10',
      'Ch',
      'Ch1',
      'Ch02',
      'Ch2',
      'Ch2b',
      'ch3',
      'Ch10',
      'Fp1',
      'Fp2',
    ]);
  });
});

describe('field paths', () => {
  test('channels.* yields every numeric channel in natural order, skipping strings and booleans; NaN and infinities come as NaN (gaps)', () => {
    const message = {
      type: 'raw',
      timestamp: 1714564800.25,
      channels: { Ch10: 10.5, Ch2: 2, Ch1: -1, ch3: 3, Ch4: '4', Ch5: true, Ch6: null, Ch7: Number.NaN, Ch8: Number.POSITIVE_INFINITY, Ch9: Number.NEGATIVE_INFINITY },
    };
    assert.deepStrictEqual(compileOrFail('channels.*').extract(message), [
      ['channels.Ch1', -1],
      ['channels.Ch2', 2],
      ['channels.ch3', 3],
      ['channels.Ch7', Number.NaN],
      ['channels.Ch8', Number.NaN],
      ['channels.Ch9', Number.NaN],
      ['channels.Ch10', 10.5],
    ]);
  });

  test('a plain path picks one series out of the telemetry envelope', () => {
    const message = {
      channel: 'devices:telemetry',
      source: 'mycobrain-7',
      timestamp: '2024-05-01T12:00:00Z',
      data: { device_id: 'mb-7', telemetry: { temperature: 21.5, humidity: 40, co2: 612, tvoc: 3 } },
    };
    assert.deepStrictEqual(compileOrFail('data.telemetry.co2').extract(message), [['data.telemetry.co2', 612]]);
  });

  test('keys that hold dots are addressed in brackets, and names compile back to the same series', () => {
    const message = { data: { 'sensor.temp': 22.25, 'sensor.rh': 51, plain: 1 } };
    const direct = compileOrFail('data["sensor.temp"]').extract(message);
    const single = compileOrFail("data['sensor.rh']").extract(message);
    const wildcard = compileOrFail('data.*').extract(message);
    const roundTrip = wildcard.map(([name]) => compileOrFail(name).extract(message)[0]);
    assert.deepStrictEqual(
      { direct, single, wildcard, roundTrip },
      {
        direct: [['data["sensor.temp"]', 22.25]],
        single: [['data["sensor.rh"]', 51]],
        wildcard: [
          ['data.plain', 1],
          ['data["sensor.rh"]', 51],
          ['data["sensor.temp"]', 22.25],
        ],
        roundTrip: [
          ['data.plain', 1],
          ['data["sensor.rh"]', 51],
          ['data["sensor.temp"]', 22.25],
        ],
      },
    );
  });

  test('wildcards reach into arrays, typed arrays, nested objects and Maps', () => {
    const message = {
      samples: Float32Array.of(0.5, 1.5),
      items: [{ value: 1 }, { value: 'x' }, { value: 3 }],
      devices: { dev10: { temp: 30 }, dev9: { temp: 29, rh: 1 } },
      big: 9007199254740993n,
      map: new Map<string, unknown>([
        ['b2', 2],
        ['b10', 10],
      ]),
    };
    assert.deepStrictEqual(
      ['samples.*', 'items[*].value', 'items.2.value', 'devices.*.temp', 'big', 'map.*'].map((path) =>
        compileOrFail(path).extract(message),
      ),
      [
        [
          ['samples[0]', 0.5],
          ['samples[1]', 1.5],
        ],
        [
          ['items[0].value', 1],
          ['items[2].value', 3],
        ],
        [['items.2.value', 3]],
        [
          ['devices.dev9.temp', 29],
          ['devices.dev10.temp', 30],
        ],
        [['big', 9007199254740992]],
        [
          ['map.b2', 2],
          ['map.b10', 10],
        ],
      ],
    );
  });

  test('a repeated record shape reuses its order, and a changed shape is noticed', () => {
    const extractor = compileOrFail('channels.*');
    const seen = [
      { channels: { Ch2: 1, Ch10: 2 } },
      { channels: { Ch2: 3, Ch10: 4 } },
      { channels: { Ch10: 5, Ch2: 6, Ch1: 7 } },
      { channels: { Ch10: 8 } },
    ].map((message) => extractor.extract(message));
    assert.deepStrictEqual(seen, [
      [
        ['channels.Ch2', 1],
        ['channels.Ch10', 2],
      ],
      [
        ['channels.Ch2', 3],
        ['channels.Ch10', 4],
      ],
      [
        ['channels.Ch1', 7],
        ['channels.Ch2', 6],
        ['channels.Ch10', 5],
      ],
      [['channels.Ch10', 8]],
    ]);
  });
});
