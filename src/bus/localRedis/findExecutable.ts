/**
 * Looks a program up on the PATH the way a shell would, without spawning
 * `which`/`where` (absent on some machines, and one more process to wait for).
 */
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';

function isExecutableFile(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    // Windows has no execute bit; the .exe name is what counts there.
    if (process.platform !== 'win32') accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The PATH of this process; Windows spells the variable in any case. */
export function processSearchPath(): string {
  const key = Object.keys(process.env).find((name) => name.toUpperCase() === 'PATH');
  return (key && process.env[key]) || '';
}

/** Full path of the first executable `name` (plus `.exe` on Windows) in the folders of `searchPath`, or null. */
export function findExecutable(name: string, searchPath: string = processSearchPath()): string | null {
  const fileName = process.platform === 'win32' ? `${name}.exe` : name;
  for (const folder of searchPath.split(delimiter)) {
    if (folder === '') continue;
    const candidate = join(folder.replace(/^"(.*)"$/, '$1'), fileName);
    if (isExecutableFile(candidate)) return candidate;
  }
  return null;
}
