/**
 * The process a serial port lives in (serialPortProcess.ts), whoever starts
 * it. Under plain Node (the serve host, tests) the bus forks it itself. Under
 * Electron the bus cannot: a fork would run Electron's binary, which runs as
 * Node only with ELECTRON_RUN_AS_NODE, and the packaged app burns that fuse
 * off; Electron's answer is `utilityProcess`, which only the main process can
 * start. So the desktop host hands the bus a MessagePort at start, and each
 * port process is asked of it over that port (`portProcessRelay.ts` in
 * src/main/desktop answers, and relays messages both ways).
 */
import { fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { MessagePort } from 'node:worker_threads';
import type { HostKind } from '../../../shared/features/systemContract';
import { fail, ok, type Result } from '../../../shared/result';
import type { LinkToPortMessage, PortToLinkMessage } from './serialProcessProtocol';
import type { BusToRelayMessage, RelayToBusMessage } from './portProcessRelayProtocol';

/** One port process as the serial link uses it. */
export interface PortProcess {
  send(message: LinkToPortMessage): void;
  onMessage(listener: (message: PortToLinkMessage) => void): void;
  /** Called once when the process has ended, with how (exit code or signal, and its last words on stderr when known). */
  onExit(listener: (how: string) => void): void;
  hasExited(): boolean;
  /** Ends it at once (the port's close did not end it in time, or it never opened). */
  kill(): void;
}

/** Starts a port process, or throws when none can be started. */
export type PortProcessLauncher = () => PortProcess;

interface PortScript {
  path: string;
  execArgv: string[];
}

/** What is kept of the process's stderr, to name why it died. */
const MAX_STDERR_BYTES = 2_048;

/**
 * Where the child's script is. Built: out/main/serialPortProcess.js, beside
 * the module starting it or one folder up (from out/main/chunks/). From source
 * (tsx, in tests): serialPortProcess.ts beside this file, with tsx's loader.
 */
export function findPortScript(): PortScript {
  const here = new URL(import.meta.url);
  if (here.pathname.endsWith('.ts')) {
    return { path: fileURLToPath(new URL('serialPortProcess.ts', here)), execArgv: ['--import', import.meta.resolve('tsx')] };
  }
  const beside = fileURLToPath(new URL('serialPortProcess.js', here));
  const above = fileURLToPath(new URL('../serialPortProcess.js', here));
  return { path: existsSync(beside) || !existsSync(above) ? beside : above, execArgv: [] };
}

export function describeProcessExit(code: number | null, signal: string | null, stderrTail = ''): string {
  const how = signal !== null ? `killed by ${signal}` : `exit code ${code ?? 'unknown'}`;
  const lastLine = stderrTail.trim().split('\n').pop()?.trim() ?? '';
  return lastLine === '' ? how : `${how}: ${lastLine}`;
}

/** How a port process ended, said once: to the listeners so far, and at once to any that come later. */
interface ExitWords extends Pick<PortProcess, 'onExit' | 'hasExited'> {
  /** The process ended `how`; only the first call counts. */
  end(how: string): void;
}

function exitWords(): ExitWords {
  let words: string | null = null;
  const listeners: ((how: string) => void)[] = [];
  return {
    end(how) {
      if (words !== null) return;
      words = how;
      for (const listener of listeners) listener(how);
    },
    onExit(listener) {
      if (words !== null) listener(words);
      else listeners.push(listener);
    },
    hasExited: () => words !== null,
  };
}

/**
 * Whether the bus may fork the port process itself: only under plain Node.
 * Under Electron a fork runs Electron's binary (above). The desktop host is
 * Electron even where a worker thread's process.versions does not say so;
 * process.versions says so for a bus that was not told its host.
 */
export function mayForkPortProcess(hostKind: HostKind | undefined, versions: Partial<Record<string, string>> = process.versions): boolean {
  return hostKind !== 'desktop' && versions['electron'] === undefined;
}

/**
 * Who starts port processes here: the desktop host's relay when it gave one,
 * else a fork of our own when `mayFork`; otherwise why not, in words (the
 * bridge fails and stops trying). Checked before each open.
 */
export function choosePortProcessLauncher(relay: PortProcessLauncher | undefined, mayFork: boolean): Result<PortProcessLauncher> {
  if (relay !== undefined) return ok(relay);
  if (!mayFork) {
    return fail(
      'INTERNAL',
      'This serial bridge needs its port in a separate process, and this desktop app did not offer to start one; run the console in the browser (npm run serve) to use it.',
    );
  }
  const script = findPortScript();
  if (!existsSync(script.path)) {
    return fail('INTERNAL', 'Serial ports are not available in this build of Labwire (its serial port process is missing).', { detail: script.path });
  }
  return ok(forkPortProcess);
}

/** The bus forks the port process itself (plain Node). */
export function forkPortProcess(): PortProcess {
  const script = findPortScript();
  const child = fork(script.path, [], { execArgv: script.execArgv, serialization: 'advanced', stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
  let stderrTail = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderrTail = (stderrTail + chunk.toString('utf8')).slice(-MAX_STDERR_BYTES);
  });
  const exit = exitWords();
  child.once('exit', (code, signal) => exit.end(describeProcessExit(code, signal, stderrTail)));
  // A spawn that failed never exits: it is the same end for the link.
  child.once('error', (error) => {
    if (child.pid === undefined) exit.end(`it could not be started: ${error.message}`);
  });
  return {
    send(message) {
      // A channel that closed meanwhile is the process's exit, which onExit reports.
      if (child.connected) child.send(message, (error) => void error);
    },
    onMessage(listener) {
      child.on('message', listener);
    },
    onExit: exit.onExit,
    hasExited: exit.hasExited,
    kill() {
      child.kill('SIGKILL');
    },
  };
}

/** The desktop host starts each port process (a utilityProcess) when asked over `port`. */
export function portProcessesFromHost(port: MessagePort): PortProcessLauncher {
  let nextId = 1;
  const processes = new Map<number, { message: ((message: PortToLinkMessage) => void)[]; exit: ExitWords }>();
  port.on('message', (message: RelayToBusMessage) => {
    const entry = processes.get(message.id);
    if (!entry) return;
    if (message.op === 'message') for (const listener of entry.message) listener(message.message);
    else if (message.op === 'exit') {
      processes.delete(message.id);
      entry.exit.end(message.how);
    }
  });
  // The host side went away (or this end was closed): the host kills what it started, and nothing more will come for any of them.
  let isClosed = false;
  port.on('close', () => {
    isClosed = true;
    for (const [id, entry] of [...processes]) {
      processes.delete(id);
      entry.exit.end('the desktop host stopped relaying it');
    }
  });
  // The bus's side of the port must not keep the worker alive on its own.
  port.unref();
  return () => {
    if (isClosed) throw new Error('the desktop host no longer starts serial port processes for this engine');
    const id = nextId++;
    const post = (message: BusToRelayMessage): void => port.postMessage(message);
    const exit = exitWords();
    const messageListeners: ((message: PortToLinkMessage) => void)[] = [];
    processes.set(id, { message: messageListeners, exit });
    post({ op: 'fork', id });
    return {
      send: (message) => {
        if (!exit.hasExited()) post({ op: 'send', id, message });
      },
      onMessage: (listener) => void messageListeners.push(listener),
      onExit: exit.onExit,
      hasExited: exit.hasExited,
      kill: () => post({ op: 'kill', id }),
    };
  };
}
