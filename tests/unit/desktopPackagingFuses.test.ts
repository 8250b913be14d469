/**
 * The fuses electron-builder burns into the packaged Electron binary. Read
 * from electron-builder.yml itself (the block is flat `key: boolean` lines,
 * so a small reader does; no YAML dependency for one test).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';

const CONFIG_PATH = new URL('../../electron-builder.yml', import.meta.url);

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
});
