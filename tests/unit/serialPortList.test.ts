import assert from 'node:assert/strict';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { after, describe, test } from 'node:test';
import { explainNoPorts, isOnPath } from '../../src/bus/bridges/serial/serialPorts';

const folders: string[] = [];
after(async () => {
  for (const folder of folders) await rm(folder, { recursive: true, force: true });
});

describe('the serial port list', () => {
  test('an empty port list says why and what to type', () => {
    assert.deepStrictEqual(
      [
        explainNoPorts('spawn udevadm ENOENT', { platform: 'linux', hasUdevadm: false }),
        explainNoPorts(null, { platform: 'linux', hasUdevadm: true }),
        explainNoPorts('Access denied', { platform: 'win32', hasUdevadm: false }),
        explainNoPorts('Listing the serial ports took longer than 5 s.', { platform: 'darwin', hasUdevadm: false }),
      ],
      [
        'No serial ports were found. Listing needs udevadm, which containers often lack; type the port path, e.g. /dev/ttyUSB0.',
        'No serial ports were found. Plug the device in and list again, or type the port path, e.g. /dev/ttyUSB0.',
        'The serial ports could not be listed (Access denied); type the port path, e.g. COM3.',
        'The serial ports could not be listed (Listing the serial ports took longer than 5 s); type the port path, e.g. /dev/cu.usbserial-0001.',
      ],
    );
  });

  test('a program is on the PATH only where an executable file of its name is', async () => {
    const withProgram = await mkdtemp(join(tmpdir(), 'labwire-path-'));
    const withoutProgram = await mkdtemp(join(tmpdir(), 'labwire-path-'));
    folders.push(withProgram, withoutProgram);
    await writeFile(join(withProgram, 'udevadm'), '#!/bin/sh\n');
    await writeFile(join(withoutProgram, 'udevadm'), 'not executable');
    await chmod(join(withProgram, 'udevadm'), 0o755);
    await chmod(join(withoutProgram, 'udevadm'), 0o644);
    assert.deepStrictEqual(
      [
        await isOnPath('udevadm', ['', withoutProgram, withProgram].join(delimiter)),
        await isOnPath('udevadm', withoutProgram),
        await isOnPath('udevadm', ''),
      ],
      [true, false, false],
    );
  });
});
