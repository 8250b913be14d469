import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatFilterPath, matchesFeedFilter, parseFeedFilter, type FeedFilter } from '../../src/shared/feedFilter';

function parsed(source: string): FeedFilter {
  const result = parseFeedFilter(source);
  if (!result.ok) assert.fail(`${source}: ${result.error.message}`);
  return result.value;
}

const telemetry = {
  channel: 'devices:telemetry',
  source: 'device_manager',
  timestamp: '2024-05-01T10:00:00Z',
  data: { device_id: 'mushroom1', serial: '7', telemetry: { co2: 950, humidity: 55.5 }, 'sensor.temp': 21, online: true, note: null },
  tags: ['urgent', 'lab-2'],
  readings: [10, 20, 30],
};

function matches(source: string, value: unknown = telemetry, text = ''): boolean {
  return matchesFeedFilter(parsed(source), { value, hasValue: true, text });
}

describe('parseFeedFilter', () => {
  test('reads comparisons, plain text and nothing', () => {
    assert.deepStrictEqual(
      ['', '   ', 'mushroom', 'error code > 5', 'data.device_id == mushroom1', 'data["sensor.temp"] >= 20.5', "tags contains 'two words'", 'readings[2] != 1e3'].map(
        (source) => parsed(source),
      ),
      [
        { kind: 'none' },
        { kind: 'none' },
        { kind: 'text', needle: 'mushroom' },
        { kind: 'text', needle: 'error code > 5' },
        {
          kind: 'compare',
          path: [{ kind: 'key', key: 'data' }, { kind: 'key', key: 'device_id' }],
          operator: '==',
          literal: { text: 'mushroom1', number: null, word: null },
        },
        {
          kind: 'compare',
          path: [{ kind: 'key', key: 'data' }, { kind: 'key', key: 'sensor.temp' }],
          operator: '>=',
          literal: { text: '20.5', number: 20.5, word: null },
        },
        { kind: 'compare', path: [{ kind: 'key', key: 'tags' }], operator: 'contains', literal: { text: 'two words', number: null, word: null } },
        {
          kind: 'compare',
          path: [{ kind: 'key', key: 'readings' }, { kind: 'index', index: 2 }],
          operator: '!=',
          literal: { text: '1e3', number: 1000, word: null },
        },
      ],
    );
  });

  test('broken comparisons are INVALID results with a plain message, never a throw', () => {
    const messages = ['data.co2 >', '== 5', 'data..co2 == 5', 'data[0 == 5', 'data.name == "open', 'data.name == "a" b', '.data == 1'].map((source) => {
      const result = parseFeedFilter(source);
      return result.ok ? 'accepted' : `${result.error.code}: ${result.error.message}`;
    });
    assert.deepStrictEqual(messages, [
      'INVALID: Add a value after >, for example data.device_id == mushroom1.',
      'INVALID: Put a field path before ==, for example data.device_id == mushroom1.',
      'INVALID: The field path "data..co2" has two dots in a row at character 6.',
      'INVALID: The field path "data[0" has a [ without its ] at character 5.',
      'INVALID: The value "open is missing its closing ".',
      'INVALID: Put the whole value in quotes: "a" b has more after the closing ".',
      'INVALID: The field path ".data" starts with a dot.',
    ]);
  });

  test('formats a path back in its own syntax', () => {
    const filter = parsed('data["sensor.temp"].readings[3].x == 1');
    assert.equal(filter.kind === 'compare' ? formatFilterPath(filter.path) : '', 'data["sensor.temp"].readings[3].x');
  });
});

describe('matchesFeedFilter', () => {
  test('compares numbers as numbers, text exactly, and orders ISO times as text', () => {
    const cases: [string, boolean][] = [
      ['data.device_id == mushroom1', true],
      ['data.device_id == Mushroom1', false],
      ['data.device_id != mushroom2', true],
      ['data.telemetry.co2 > 900', true],
      ['data.telemetry.co2 > 950', false],
      ['data.telemetry.co2 >= 950', true],
      ['data.telemetry.humidity < 55.6', true],
      ['data.telemetry.co2 <= 949', false],
      ['data.serial == 7', true],
      ['data.serial == "7"', true],
      ['data.serial > 6', true],
      ['data["sensor.temp"] == 21', true],
      ['data.online == true', true],
      ['data.note == null', true],
      ['timestamp > 2024-04-30', true],
      ['timestamp < 2024-04-30', false],
      ['tags contains urgent', true],
      ['tags contains urg', false],
      ['data.device_id contains ROOM', true],
      ['data contains device_id', true],
      ['readings[1] == 20', true],
      ['readings.1 == 20', true],
      ['readings[5] == 20', false],
      ['data.missing == 1', false],
      ['data.missing != 1', true],
      ['data.telemetry > 1', false],
    ];
    assert.deepStrictEqual(
      cases.map(([source]) => [source, matches(source)]),
      cases,
    );
  });

  test('plain text is found case-insensitively in the subject text; field filters skip values that are not decoded', () => {
    assert.deepStrictEqual(
      [
        matchesFeedFilter(parsed('MUSHROOM'), { hasValue: false, text: 'devices:telemetry\n{"device_id":"mushroom1"}' }),
        matchesFeedFilter(parsed('spore'), { hasValue: false, text: 'devices:telemetry\nmushroom' }),
        matchesFeedFilter(parsed('data.co2 > 1'), { hasValue: false, text: 'data.co2 > 1' }),
        matchesFeedFilter(parsed('data.co2 != 1'), { hasValue: false, text: '' }),
        matchesFeedFilter(parsed('data.co2 > 1'), { value: { data: new Map([['co2', 2n]]) }, hasValue: true, text: '' }),
      ],
      [true, false, false, true, true],
    );
  });
});
