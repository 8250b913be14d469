import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { defaultUdpSettings, type UdpSettings } from '../../src/shared/bridges';
import { udpSettingsProblem } from '../../src/bus/bridges/udp/udpSettings';

describe('UDP bridge settings', () => {
  test('settings that cannot work are refused in words; workable ones pass', () => {
    const cases: Partial<UdpSettings>[] = [
      {},
      { listenHost: '::1', commandHost: 'amp-3.lab', commandPort: 9871, sequencePath: 'header.seq' },
      { listenHost: ' ' },
      { listenHost: 'http://amp' },
      { commandHost: '10.0.0.7' },
      { commandPort: 9871 },
      { sequencePath: 'a..b' },
    ];
    const problems = cases.map((change) => udpSettingsProblem({ ...defaultUdpSettings(), ...change }));
    assert.deepEqual(problems.slice(0, 6), [
      null,
      null,
      'The listen host is empty; use an address such as 127.0.0.1.',
      'The listen host "http://amp" is neither an address (such as 127.0.0.1) nor a host name.',
      'A command host is set but no command port; set both to send commands, or neither.',
      'A command port is set but no command host; set both to send commands, or neither.',
    ]);
    assert.match(problems[6] ?? '', /^The sequence field: /);
  });
});
