/** The serve host's command line, parsed without a dependency. */
import { fail, ok, type Result } from '../shared/result';

export const DEFAULT_SERVE_HOST = '127.0.0.1';
export const DEFAULT_SERVE_PORT = 5170;

export interface ServeArguments {
  /** Address to bind; 127.0.0.1 unless the user asks otherwise. */
  host: string;
  /** TCP port; 0 picks a free one. */
  port: number;
  /** null: the platform default (see dataDirectory.ts). */
  dataDir: string | null;
  /** null: out/renderer under the project. */
  rendererDir: string | null;
  isDemo: boolean;
  /** Starts the browser relay on this port (0: a free one) for the demo's profile or the first profile; null: no relay. */
  relayPort: number | null;
  /** Address the relay listens on; 127.0.0.1 unless the user asks otherwise. */
  relayHost: string;
}

export type ServeCommand = { kind: 'serve'; arguments: ServeArguments } | { kind: 'help' };

export const SERVE_USAGE = `Usage: npm run serve -- [options]

Serves the Labwire console to a browser on this machine.

Options:
  --host <address>        Address to listen on (default ${DEFAULT_SERVE_HOST}; anything else is reachable from the network)
  --port <number>         Port to listen on (default ${DEFAULT_SERVE_PORT}; 0 picks a free port)
  --data-dir <folder>     Where profiles and the managed Redis live (default: your user data folder)
  --renderer-dir <folder> The built browser app (default: out/renderer in the project)
  --demo                  Connect to Local Redis (or start a Labwire-managed one) and publish demo traffic
  --relay-port <number>   Also start the browser relay (WebSocket) on this port for the demo's profile, or the first profile
  --relay-host <address>  Address the relay listens on (default ${DEFAULT_SERVE_HOST})
  --help                  Show this help`;

const VALUE_OPTIONS = ['--host', '--port', '--data-dir', '--renderer-dir', '--relay-port', '--relay-host'] as const;
type ValueOption = (typeof VALUE_OPTIONS)[number];

export function parseServeArguments(argv: readonly string[]): Result<ServeCommand> {
  const parsed: ServeArguments = {
    host: DEFAULT_SERVE_HOST,
    port: DEFAULT_SERVE_PORT,
    dataDir: null,
    rendererDir: null,
    isDemo: false,
    relayPort: null,
    relayHost: DEFAULT_SERVE_HOST,
  };
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index] ?? '';
    if (argument === '--help' || argument === '-h') return ok({ kind: 'help' });
    if (argument === '--demo') {
      parsed.isDemo = true;
      continue;
    }
    const equals = argument.indexOf('=');
    const name = equals > 0 ? argument.slice(0, equals) : argument;
    if (!isValueOption(name)) return fail('INVALID', `Unknown option ${argument}. Run with --help to see the options.`);
    let value: string | undefined;
    if (equals > 0) {
      value = argument.slice(equals + 1);
    } else {
      value = argv[index + 1];
      index++;
    }
    if (value === undefined || value === '') return fail('INVALID', `${name} needs a value.`, { field: name });
    const applied = applyOption(parsed, name, value);
    if (!applied.ok) return applied;
  }
  return ok({ kind: 'serve', arguments: parsed });
}

function isValueOption(name: string): name is ValueOption {
  return (VALUE_OPTIONS as readonly string[]).includes(name);
}

function applyOption(parsed: ServeArguments, name: ValueOption, value: string): Result<void> {
  switch (name) {
    case '--host':
      parsed.host = value;
      return ok(undefined);
    case '--port':
    case '--relay-port': {
      const port = /^\d{1,5}$/.test(value) ? Number(value) : NaN;
      if (!(port >= 0 && port <= 65535))
        return fail('INVALID', `${name} must be a whole number from 0 to 65535, not "${value}".`, { field: name });
      if (name === '--port') parsed.port = port;
      else parsed.relayPort = port;
      return ok(undefined);
    }
    case '--relay-host':
      parsed.relayHost = value;
      return ok(undefined);
    case '--data-dir':
      parsed.dataDir = value;
      return ok(undefined);
    case '--renderer-dir':
      parsed.rendererDir = value;
      return ok(undefined);
  }
}
