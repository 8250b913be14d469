import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { compileFieldReader } from '../../src/bus/agents/agentFieldReader';
import { compileMapping, defaultAgentMapping } from '../../src/bus/agents/agentMapping';
import { agentStateOf, readNumber, readText, taskPhaseOf } from '../../src/bus/agents/agentValues';
import { valueOf } from '../support/waitUntil';

describe('agent values', () => {
  test('status words from several producers map to states; unknown words stay unknown', () => {
    assert.deepEqual(
      ['idle', 'Healthy', 'BUSY', 'degraded', 'Warning', 'failed', 'in-progress', 'napping', null].map((word) => agentStateOf(word)),
      ['ok', 'ok', 'busy', 'degraded', 'degraded', 'error', 'unknown', 'unknown', 'unknown'],
    );
    assert.deepEqual(['completed', 'Failed', 'timed out', 'queued', 'weird', null].map((word) => taskPhaseOf(word)), ['finished', 'failed', 'failed', 'running', 'running', 'running']);
  });

  test('numbers and numeric text are read; anything else says what it was', () => {
    assert.deepEqual([0.65, '0.65', ' 1e-1 ', BigInt(3), 'high', true, null, Number.NaN].map(readNumber), [
      { kind: 'number', value: 0.65 },
      { kind: 'number', value: 0.65 },
      { kind: 'number', value: 0.1 },
      { kind: 'number', value: 3 },
      { kind: 'unreadable', shown: 'high' },
      { kind: 'unreadable', shown: 'true' },
      { kind: 'absent' },
      { kind: 'unreadable', shown: 'NaN' },
    ]);
    assert.deepEqual([42, '  id ', '', {}, 'x'.repeat(300)].map((value) => readText(value, 200)), ['42', 'id', null, null, `${'x'.repeat(199)}…`]);
  });

  test('field paths reach text, numbers, list items and bracketed keys, and only own properties', () => {
    const message = { payload: { agentId: 'a-1', tags: ['x', 'y'], 'sensor.temp': 21 } };
    const read = (path: string): unknown => valueOf(compileFieldReader(path, 'idPath'))(message);
    assert.deepEqual(
      [read('payload.agentId'), read('payload.tags[1]'), read('payload["sensor.temp"]'), read('payload.missing'), read('payload.constructor'), read('')],
      ['a-1', 'y', 21, undefined, undefined, undefined],
    );
    const broken = compileFieldReader('payload..id', 'idPath');
    assert.deepEqual(broken.ok ? 'accepted' : [broken.error.message, broken.error.field], ['The field path "payload..id" has two dots in a row at character 9.', 'idPath']);
  });

  test('the defaults compile; a channel named twice and a status channel without an id path are refused', () => {
    assert.equal(compileMapping(defaultAgentMapping()).ok, true);
    const twice = defaultAgentMapping();
    twice.routing.channel = 'agent:status';
    const noId = defaultAgentMapping();
    noId.statusSources[0]!.idPath = '';
    const messages = [twice, noId].map((mapping) => {
      const compiled = compileMapping(mapping);
      return compiled.ok ? 'accepted' : compiled.error.message;
    });
    assert.deepEqual(messages, ['The channel agent:status is named twice; give each channel one role.', 'Say which field holds the agent id on agents:status.']);
  });
});
