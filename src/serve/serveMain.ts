/**
 * `npm run serve`: the serve host's command line (built to out/main/serve.js;
 * from source: `node --import tsx src/serve/serveMain.ts`). Prints exactly one
 * line with the token; nothing else ever prints it.
 */
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultDataDirectory } from './dataDirectory';
import { runDemo } from './demoStartup';
import { startRelayFromCommandLine } from './relayStartup';
import { parseServeArguments, SERVE_USAGE } from './serveArguments';
import { startServeHost } from './serveHost';
import { isLoopbackHost } from './serveOrigin';

// Both src/serve/serveMain.ts and out/main/serve.js sit two folders below the project root.
const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

async function readAppVersion(): Promise<string> {
  try {
    const manifest = JSON.parse(await readFile(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version?: unknown };
    return typeof manifest.version === 'string' ? manifest.version : 'unknown';
  } catch {
    return 'unknown';
  }
}

/** Resolves to the exit code, or null while the server keeps serving. */
async function main(): Promise<number | null> {
  const command = parseServeArguments(process.argv.slice(2));
  if (!command.ok) {
    console.error(command.error.message);
    return 2;
  }
  if (command.value.kind === 'help') {
    console.log(SERVE_USAGE);
    return 0;
  }
  const options = command.value.arguments;
  const dataDir = resolve(
    options.dataDir ?? defaultDataDirectory({ platform: process.platform, env: process.env, homeDir: homedir() }),
  );
  const rendererDir = resolve(options.rendererDir ?? join(PROJECT_ROOT, 'out', 'renderer'));

  let host;
  try {
    host = await startServeHost({ host: options.host, port: options.port, dataDir, rendererDir, appVersion: await readAppVersion() });
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    return 1;
  }

  let isStopping = false;
  const shutdown = (): void => {
    if (isStopping) {
      // A second Ctrl+C means "now": the managed Redis may be left running.
      process.exit(1);
    }
    isStopping = true;
    void host.close().then(() => process.exit(0));
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);

  console.log(`Labwire serving at ${host.url}`);
  if (!isLoopbackHost(options.host)) {
    console.error(
      `Warning: Labwire is listening on ${options.host}, so other machines on the network can reach it. ` +
        'Anyone who gets the address with its token can use your lab connections.',
    );
  }
  console.error(`Data folder: ${dataDir}`);

  let demoProfileId: string | null = null;
  if (options.isDemo) {
    const outcome = await runDemo(host);
    console.log(`Demo: ${outcome.message}`);
    if (outcome.state === 'running') demoProfileId = outcome.profileId;
  }
  if (options.relayPort !== null) {
    const relay = await startRelayFromCommandLine(host.bus, { host: options.relayHost, port: options.relayPort, demoProfileId });
    console.log(`Relay: ${relay.message}`);
  }
  return null;
}

void main().then((exitCode) => {
  if (exitCode !== null) process.exit(exitCode);
});
