/**
 * Packaging facts: the fuses electron-builder burns into the packaged
 * Electron binary, native prebuilds never rebuilt and kept out of app.asar,
 * and the serial port packages shipped as runtime dependencies. Read
 * from electron-builder.yml and package.json themselves (the block is flat `key: boolean` lines,
 * so a small reader does; no YAML dependency for one test).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';

const CONFIG_PATH = new URL('../../electron-builder.yml', import.meta.url);
const MANIFEST_PATH = new URL('../../package.json', import.meta.url);

function readTopLevelBlock(yamlText: string, key: string): Record<string, string> {
  const lines = yamlText.split(/\r?\n/);
  const start = lines.indexOf(`${key}:`);
  assert.notEqual(start, -1, `electron-builder.yml has no top-level ${key}`);
  const entries: Record<string, string> = {};
  for (const line of lines.slice(start + 1)) {
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    const entry = /^ {2}([A-Za-z]+): *(\S+)$/.exec(line);
    if (!entry) break;
    entries[entry[1]!] = entry[2]!;
  }
  return entries;
}

/** The `- item` lines of a top-level list, comments skipped. */
function readTopLevelList(yamlText: string, key: string): string[] {
  const lines = yamlText.split(/\r?\n/);
  const start = lines.indexOf(`${key}:`);
  assert.notEqual(start, -1, `electron-builder.yml has no top-level ${key}`);
  const items: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    const item = /^ {2}- +(\S+)$/.exec(line);
    if (!item) break;
    items.push(item[1]!);
  }
  return items;
}

function readTopLevelValue(yamlText: string, key: string): string | undefined {
  return new RegExp(`^${key}: *(\\S+)$`, 'm').exec(yamlText)?.[1];
}

describe('packaging', () => {
  test('the fuses lock file:// privileges, run-as-node, NODE_OPTIONS and --inspect, and load only app.asar', () => {
    const yamlText = readFileSync(CONFIG_PATH, 'utf8');
    assert.deepStrictEqual(readTopLevelBlock(yamlText, 'electronFuses'), {
      runAsNode: 'false',
      enableCookieEncryption: 'true',
      enableNodeOptionsEnvironmentVariable: 'false',
      enableNodeCliInspectArguments: 'false',
      onlyLoadAppFromAsar: 'true',
      grantFileProtocolExtraPrivileges: 'false',
    });
  });

  test('native prebuilds are never rebuilt while packaging', () => {
    const yamlText = readFileSync(CONFIG_PATH, 'utf8');
    assert.deepStrictEqual(
      ['npmRebuild', 'nodeGypRebuild', 'buildDependenciesFromSource'].map((key) => readTopLevelValue(yamlText, key)),
      ['false', 'false', 'false'],
    );
  });

  test('native prebuilds (msgpackr-extract, serialport) and the icon are kept out of app.asar', () => {
    const yamlText = readFileSync(CONFIG_PATH, 'utf8');
    assert.deepStrictEqual(readTopLevelList(yamlText, 'asarUnpack'), [
      'node_modules/@msgpackr-extract/**',
      'node_modules/@serialport/bindings-cpp/**',
      'resources/**',
    ]);
  });

  test('serialport and its binding are runtime dependencies: packed by electron-builder and left external by electron-vite', () => {
    const manifest = JSON.parse(readFileSync(MANIFEST_PATH, 'utf8')) as { dependencies: Record<string, string> };
    assert.deepStrictEqual(
      [manifest.dependencies['serialport']?.startsWith('^13.'), manifest.dependencies['@serialport/bindings-cpp']],
      [true, '13.0.0'],
    );
  });
});
