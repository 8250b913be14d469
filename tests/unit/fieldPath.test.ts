/**
 * The agreed field-path behaviour, one row per case, run through the shared
 * module and through each of its users (plot series, a chart's match
 * filter, a lane's feed filter), so the four provably read a path alike.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compileMatcher } from '../../src/bus/plots/matchFilter';
import { PathCatalog } from '../../src/bus/plots/pathCatalog';
import { compileFieldPath } from '../../src/bus/signal/fieldPath';
import { matchesFeedFilter, parseFeedFilter } from '../../src/shared/feedFilter';
import { formatFieldPath, parseFieldPath, parseSingleFieldPath, resolveFieldPath } from '../../src/shared/fieldPath';

type Expected =
  /** The path names one field and the value holds a number or text there; `canonical` is how the path is written back. */
  | { found: number | string; canonical: string }
  | { missing: true }
  /** A wildcard: the plots get these series, a filter is refused with `singleError`. */
  | { series: Array<[string, number]>; singleError: string }
  | { error: string };

interface Row {
  path: string;
  value: unknown;
  expected: Expected;
  /**
   * A lane filter line is split at its operator before the path is read, and one with a space
   * outside brackets is a text search (parseFeedFilter): such a path never reaches the filter's
   * path reader, so the filter column is skipped.
   */
  isSplitByFilter?: boolean;
}

const lab = {
  data: {
    device_id: 'mushroom1',
    telemetry: { co2: 612 },
    channels: [10, 11, 12, 13],
    'sensor.temp': 21.5,
    'sensor temp': 22,
    '3': 'three',
    température: 19,
    温度: 18,
    '': 7,
    '*': 8,
    'a=b': 9,
    'q"uote': 10,
    'line\nbreak': 11,
  },
  payload: { agentId: 'agent-7' },
};
const decoded = { samples: Float32Array.of(0.5, 1.5), byNumber: new Map<unknown, unknown>([[3, 9], ['name', 'amp-1']]) };
const ownProto: unknown = JSON.parse('{"__proto__": {"x": 1}}');
const tooLong = 'a'.repeat(1001);
const tooDeep = Array.from({ length: 65 }, () => 'a').join('.');
const SINGLE = 'has a *, which stands for many fields; name one field here, such as data.device_id.';

const rows: Row[] = [
  { path: 'data.telemetry.co2', value: lab, expected: { found: 612, canonical: 'data.telemetry.co2' } },
  { path: 'payload.agentId', value: lab, expected: { found: 'agent-7', canonical: 'payload.agentId' } },
  { path: 'data.channels[3]', value: lab, expected: { found: 13, canonical: 'data.channels[3]' } },
  { path: 'data.channels.3', value: lab, expected: { found: 13, canonical: 'data.channels.3' } },
  { path: 'data.channels[4]', value: lab, expected: { missing: true } },
  { path: 'data.channels.03', value: lab, expected: { missing: true } },
  { path: 'data.3', value: lab, expected: { found: 'three', canonical: 'data.3' } },
  { path: 'data[3]', value: lab, expected: { found: 'three', canonical: 'data[3]' } },
  { path: 'data["sensor.temp"]', value: lab, expected: { found: 21.5, canonical: 'data["sensor.temp"]' } },
  { path: "data['sensor temp']", value: lab, expected: { found: 22, canonical: 'data["sensor temp"]' } },
  { path: 'data.température', value: lab, expected: { found: 19, canonical: 'data.température' } },
  { path: 'data.温度', value: lab, expected: { found: 18, canonical: 'data.温度' } },
  { path: 'data[""]', value: lab, expected: { found: 7, canonical: 'data[""]' } },
  { path: 'data["*"]', value: lab, expected: { found: 8, canonical: 'data["*"]' } },
  { path: 'data["a=b"]', value: lab, expected: { found: 9, canonical: 'data["a=b"]' } },
  { path: 'data["q\\"uote"]', value: lab, expected: { found: 10, canonical: 'data["q\\"uote"]' } },
  { path: 'data["line\\nbreak"]', value: lab, expected: { found: 11, canonical: 'data["line\\nbreak"]' } },
  { path: 'data["\\u0074elemetry"].co2', value: lab, expected: { found: 612, canonical: 'data.telemetry.co2' } },
  { path: '[0]', value: [5], expected: { found: 5, canonical: '[0]' } },
  { path: 'samples[1]', value: decoded, expected: { found: 1.5, canonical: 'samples[1]' } },
  { path: 'samples.1', value: decoded, expected: { found: 1.5, canonical: 'samples.1' } },
  { path: 'samples[2]', value: decoded, expected: { missing: true } },
  { path: 'byNumber.3', value: decoded, expected: { found: 9, canonical: 'byNumber.3' } },
  { path: 'byNumber[3]', value: decoded, expected: { found: 9, canonical: 'byNumber[3]' } },
  { path: 'byNumber.name', value: decoded, expected: { found: 'amp-1', canonical: 'byNumber.name' } },
  { path: 'data.device_id.length', value: lab, expected: { missing: true } },
  { path: '__proto__', value: {}, expected: { missing: true } },
  { path: 'constructor', value: {}, expected: { missing: true } },
  { path: 'toString', value: lab, expected: { missing: true } },
  { path: '__proto__.x', value: ownProto, expected: { found: 1, canonical: '__proto__.x' } },
  { path: 'data.channels.*', value: lab, expected: { series: [['data.channels[0]', 10], ['data.channels[1]', 11], ['data.channels[2]', 12], ['data.channels[3]', 13]], singleError: SINGLE } },
  { path: 'data.channels[*]', value: lab, expected: { series: [['data.channels[0]', 10], ['data.channels[1]', 11], ['data.channels[2]', 12], ['data.channels[3]', 13]], singleError: SINGLE } },
  { path: '*', value: { b: 2, a: 1, c: 'x' }, expected: { series: [['a', 1], ['b', 2]], singleError: SINGLE } },
  { path: '', value: lab, expected: { error: 'is empty; enter a path such as data.telemetry.co2.' }, isSplitByFilter: true },
  { path: 'data.', value: lab, expected: { error: 'ends with a dot.' } },
  { path: 'data..co2', value: lab, expected: { error: 'has two dots in a row at character 6.' } },
  { path: '.data', value: lab, expected: { error: 'starts with a dot.' } },
  { path: '[', value: lab, expected: { error: 'has a [ without its ] at character 1.' } },
  { path: 'data[-1]', value: lab, expected: { error: 'has [-1] at character 5; list positions count from 0 and cannot be negative.' } },
  { path: 'data[1e3]', value: lab, expected: { error: 'needs a list position (0, 1, 2 ...), * or a quoted key inside the [ ] at character 5.' } },
  { path: 'data[01]', value: lab, expected: { error: 'needs a list position (0, 1, 2 ...), * or a quoted key inside the [ ] at character 5.' } },
  { path: 'data[4294967295]', value: lab, expected: { error: 'needs a list position (0, 1, 2 ...), * or a quoted key inside the [ ] at character 5.' } },
  { path: 'data[sensor]', value: lab, expected: { error: 'needs a list position (0, 1, 2 ...), * or a quoted key inside the [ ] at character 5.' } },
  { path: 'data.[0]', value: lab, expected: { error: 'has a dot before [ at character 5; write it without: data[0].' } },
  { path: 'data["open', value: lab, expected: { error: 'has a quoted key without its closing " (opened at character 6).' } },
  { path: 'data["a"b]', value: lab, expected: { error: 'needs a ] after the quoted key ending at character 8.' } },
  { path: 'data["a"]b', value: lab, expected: { error: 'needs a dot or [ before the key at character 10.' } },
  { path: 'data["\\q"]', value: lab, expected: { error: 'has an unknown escape \\q at character 7; write \\\\ for a backslash.' } },
  { path: 'a]b', value: lab, expected: { error: 'has a ] without a matching [ at character 2.' } },
  { path: 'data.a=b', value: lab, expected: { error: 'has = at character 7; a key holding = goes in brackets and quotes: data["a=b"].' } },
  { path: 'data.a<b.c', value: lab, expected: { error: 'has < at character 7; a key holding < goes in brackets and quotes: data["a<b"].c.' }, isSplitByFilter: true },
  { path: "data.'x'", value: lab, expected: { error: 'has a quote at character 6; a quoted key goes in brackets, such as data["sensor temp"].' } },
  {
    path: 'data[0].two words[1]',
    value: lab,
    expected: { error: 'has a space at character 12; a key with spaces goes in brackets and quotes: data[0]["two words"][1].' },
    isSplitByFilter: true,
  },
  {
    path: 'data.sensor temp',
    value: lab,
    expected: { error: 'has a space at character 12; a key with spaces goes in brackets and quotes: data["sensor temp"].' },
    isSplitByFilter: true,
  },
  { path: tooLong, value: lab, expected: { error: 'is longer than 1,000 characters.' } },
  { path: tooDeep, value: lab, expected: { error: 'has more than 64 parts.' } },
];

/** What each reader makes of one row, in the row's own terms. */
function readRow(row: Row): Record<string, unknown> {
  const { path, value, expected } = row;
  const shown = path.length > 80 ? `${path.slice(0, 80)}...` : path;
  const errorOf = (result: { ok: boolean; error?: { message: string } }): string | undefined =>
    result.ok ? undefined : result.error!.message.replace(`The field path "${shown}" `, '');
  const parsed = parseFieldPath(path);
  const series = compileFieldPath(path);
  const matcher = (equals: string) => compileMatcher({ path, equals });
  const matches = (equals: string): boolean => {
    const compiled = matcher(equals);
    return compiled.ok && compiled.value(value);
  };
  const filter = (literal: string) => parseFeedFilter(`${path} ${literal}`);
  const filterMatches = (literal: string): boolean | string => {
    const result = filter(literal);
    return result.ok ? matchesFeedFilter(result.value, { value, hasValue: true, text: '' }) : result.error.message;
  };
  const seen: Record<string, unknown> = {};
  if ('error' in expected || 'series' in expected) {
    seen.module = errorOf(parsed);
    seen.series = series.ok ? series.value.extract(value) : errorOf(series);
    seen.matcher = errorOf(matcher('x'));
    if (!row.isSplitByFilter) seen.filter = errorOf(filter('== x'));
    return seen;
  }
  const single = parseSingleFieldPath(path);
  assert.ok(single.ok, `${path} parses`);
  const resolved = resolveFieldPath(value, single.value);
  seen.module = resolved === undefined ? 'missing' : resolved;
  seen.canonical = formatFieldPath(single.value);
  seen.canonicalParsesAlike = JSON.stringify(parseFieldPath(formatFieldPath(single.value))) === JSON.stringify(parsed);
  seen.series = series.ok ? series.value.extract(value) : errorOf(series);
  if ('found' in expected) {
    const literal = typeof expected.found === 'number' ? String(expected.found) : JSON.stringify(expected.found);
    seen.matcher = matches(String(expected.found)) && !matches('other');
    seen.filter = filterMatches(`== ${literal}`) === true && filterMatches('== other') === false;
  } else {
    seen.matcher = matches('undefined');
    seen.filter = `== ${filterMatches('== 1')}, != ${filterMatches('!= 1')}`;
  }
  return seen;
}

function expectedOf(row: Row): Record<string, unknown> {
  const { expected } = row;
  if ('error' in expected) {
    const all: Record<string, unknown> = { module: expected.error, series: expected.error, matcher: expected.error };
    if (!row.isSplitByFilter) all.filter = expected.error;
    return all;
  }
  if ('series' in expected) return { module: undefined, series: expected.series, matcher: expected.singleError, filter: expected.singleError };
  if ('missing' in expected) {
    const canonical = row.path;
    return { module: 'missing', canonical, canonicalParsesAlike: true, series: [], matcher: false, filter: '== false, != true' };
  }
  const series = typeof expected.found === 'number' ? [[expected.canonical, expected.found]] : [];
  return { module: expected.found, canonical: expected.canonical, canonicalParsesAlike: true, series, matcher: true, filter: true };
}

test('one field-path rule: the module, plot series, chart match filter and lane feed filter agree on every row', () => {
  const seen = rows.map((row) => ({ path: row.path.slice(0, 40), ...readRow(row) }));
  const wanted = rows.map((row) => ({ path: row.path.slice(0, 40), ...expectedOf(row) }));
  assert.deepStrictEqual(seen, wanted);
});

test('every path the plot editor offers parses with the one module, is written canonically and reaches a field', () => {
  const catalog = new PathCatalog();
  const message = {
    data: { 'sensor.temp': 21, 'two words': 3, 'a=b': 4, '*': 5, '': 6, 温度: 7, [`k${'x'.repeat(1100)}`]: 8, device_id: 'mb-7' },
    channels: { Ch0: 1, Ch1: 2, Ch2: 3, Ch3: 4 },
    samples: [1, 2, 3, 4],
  };
  catalog.offer(message, 1_000);
  const offered = [...catalog.paths(), ...Object.keys(catalog.textValues())];
  const problems = offered.flatMap((path) => {
    const parsed = parseFieldPath(path);
    if (!parsed.ok) return [`${path}: ${parsed.error.message}`];
    if (formatFieldPath(parsed.value) !== path) return [`${path} is written back as ${formatFieldPath(parsed.value)}`];
    const single = parseSingleFieldPath(path);
    if (single.ok && resolveFieldPath(message, single.value) === undefined) return [`${path} reaches nothing`];
    return [];
  });
  assert.deepStrictEqual({ offered: offered.length, problems }, { offered: 18, problems: [] });
});
