import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { defaultDataDirectory } from '../../src/serve/dataDirectory';
import { parseServeArguments } from '../../src/serve/serveArguments';

describe('serve arguments', () => {
  test('defaults: 127.0.0.1, port 5170, platform data folder, built renderer, no demo', () => {
    assert.deepStrictEqual(parseServeArguments([]), {
      ok: true,
      value: { kind: 'serve', arguments: { host: '127.0.0.1', port: 5170, dataDir: null, rendererDir: null, isDemo: false, relayPort: null, relayHost: '127.0.0.1' } },
    });
  });

  test('every option, in both spellings', () => {
    assert.deepStrictEqual(
      parseServeArguments(['--host', '0.0.0.0', '--port=0', '--data-dir', '/d', '--renderer-dir=/r', '--demo', '--relay-port', '8765', '--relay-host=0.0.0.0']),
      {
        ok: true,
        value: { kind: 'serve', arguments: { host: '0.0.0.0', port: 0, dataDir: '/d', rendererDir: '/r', isDemo: true, relayPort: 8765, relayHost: '0.0.0.0' } },
      },
    );
  });

  test('help wins; bad ports, missing values and unknown options are plain errors', () => {
    assert.deepStrictEqual(
      [
        parseServeArguments(['--port', '1', '--help']),
        parseServeArguments(['--port', '65536']),
        parseServeArguments(['--port', '12ab']),
        parseServeArguments(['--data-dir']),
        parseServeArguments(['--verbose']),
        parseServeArguments(['--relay-port', '-1']),
      ],
      [
        { ok: true, value: { kind: 'help' } },
        { ok: false, error: { code: 'INVALID', message: '--port must be a whole number from 0 to 65535, not "65536".', field: '--port' } },
        { ok: false, error: { code: 'INVALID', message: '--port must be a whole number from 0 to 65535, not "12ab".', field: '--port' } },
        { ok: false, error: { code: 'INVALID', message: '--data-dir needs a value.', field: '--data-dir' } },
        { ok: false, error: { code: 'INVALID', message: 'Unknown option --verbose. Run with --help to see the options.' } },
        { ok: false, error: { code: 'INVALID', message: '--relay-port must be a whole number from 0 to 65535, not "-1".', field: '--relay-port' } },
      ],
    );
  });
});

describe('default data directory', () => {
  test('per platform, honouring an absolute XDG_DATA_HOME and APPDATA', () => {
    assert.deepStrictEqual(
      [
        defaultDataDirectory({ platform: 'linux', env: {}, homeDir: '/home/ana' }),
        defaultDataDirectory({ platform: 'linux', env: { XDG_DATA_HOME: '/data/ana' }, homeDir: '/home/ana' }),
        defaultDataDirectory({ platform: 'linux', env: { XDG_DATA_HOME: 'relative/path' }, homeDir: '/home/ana' }),
        defaultDataDirectory({ platform: 'darwin', env: { XDG_DATA_HOME: '/ignored' }, homeDir: '/Users/ana' }),
        defaultDataDirectory({ platform: 'win32', env: { APPDATA: 'C:\\Users\\ana\\AppData\\Roaming' }, homeDir: 'C:\\Users\\ana' }),
        defaultDataDirectory({ platform: 'win32', env: {}, homeDir: 'C:\\Users\\ana' }),
      ],
      [
        '/home/ana/.local/share/labwire',
        '/data/ana/labwire',
        '/home/ana/.local/share/labwire',
        '/Users/ana/Library/Application Support/Labwire',
        'C:\\Users\\ana\\AppData\\Roaming\\Labwire',
        'C:\\Users\\ana\\AppData\\Roaming\\Labwire',
      ],
    );
  });
});
