/** Picks the managed Redis's port and remembers it between runs, so the profile keeps pointing at it. */
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { writePrivateFileAtomically } from '../secrets/privateFile';

/** Near Redis's own 6379 but not on it: a lab's real server often runs there. */
export const PREFERRED_LOCAL_REDIS_PORT = 6390;
const LAB_DEFAULT_REDIS_PORT = 6379;

function listenOnce(port: number): Promise<number | null> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(null));
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => {
      const address = server.address();
      const bound = typeof address === 'object' && address ? address.port : null;
      server.close(() => resolve(bound));
    });
  });
}

/** The first free candidate, else a free port the system picks (never 6379). A port can still be taken before redis-server binds it. */
export async function chooseLocalRedisPort(candidates: readonly (number | null)[]): Promise<number> {
  for (const candidate of candidates) {
    if (candidate === null || candidate === LAB_DEFAULT_REDIS_PORT) continue;
    if ((await listenOnce(candidate)) !== null) return candidate;
  }
  for (;;) {
    const port = await listenOnce(0);
    if (port === null) throw new Error('The system has no free TCP port on 127.0.0.1.');
    if (port !== LAB_DEFAULT_REDIS_PORT) return port;
  }
}

export async function readRememberedPort(path: string): Promise<number | null> {
  try {
    const port = Number((await readFile(path, 'utf8')).trim());
    return Number.isInteger(port) && port >= 1 && port <= 65535 ? port : null;
  } catch {
    return null;
  }
}

export async function rememberPort(path: string, port: number): Promise<void> {
  await writePrivateFileAtomically(path, `${port}\n`);
}
