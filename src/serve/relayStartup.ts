/**
 * `npm run serve -- --relay-port N`: starts the browser relay through the
 * bus's own requests, as the relay panel would. The relay serves the demo's
 * profile when --demo found one, otherwise the first saved profile. That
 * profile may point anywhere (a fresh data folder's "Local Redis" is
 * 127.0.0.1:6379), so the terminal always names it and its address, and the
 * relay starts only once the profile's connection is ready: a relay with no
 * Redis behind it would accept dashboards and send them nothing.
 */
import type { BusThread } from '../bus/busThread';
import { openAndSettle, type SettledState } from './openAndSettle';
import { describeProfileAddress, type Profile } from '../shared/profile';

export const RELAY_CONNECT_TIMEOUT_MS = 10_000;

export type RelayStartupBus = Pick<BusThread, 'request' | 'onDidEmit'>;

export interface RelayStartup {
  /** The whole address with its token, for the terminal, or why the relay did not start. */
  message: string;
  isRunning: boolean;
}


export async function startRelayFromCommandLine(
  bus: RelayStartupBus,
  options: { host: string; port: number; demoProfileId: string | null; connectTimeoutMs?: number },
): Promise<RelayStartup> {
  const profiles = await bus.request('profiles:list', {});
  if (!profiles.ok) return refused(profiles.error.message);
  const chosen =
    options.demoProfileId === null
      ? profiles.value.find((profile) => profile.isDemo !== true)
      : profiles.value.find((profile) => profile.id === options.demoProfileId);
  if (!chosen) return refused('there is no profile to relay yet. Add one in the console, then start the relay there.');
  const named = nameOf(chosen);
  if (options.demoProfileId === null) {
    const settled = await openAndSettle(bus, chosen.id, options.connectTimeoutMs ?? RELAY_CONNECT_TIMEOUT_MS);
    if (settled.state !== 'ready') {
      await bus.request('connection:close', { profileId: chosen.id });
      return refused(
        `it serves the first saved profile, ${named}, and that profile could not connect: ${whyNotReady(settled, options.connectTimeoutMs ?? RELAY_CONNECT_TIMEOUT_MS)} ` +
          'Start that Redis, or start the relay for another profile in the console (Bridges tab).',
      );
    }
  }
  const started = await bus.request('relay:start', { profileId: chosen.id, host: options.host, port: options.port, shouldSpeakFoxglove: false, foxgloveTopics: [], allowedOrigins: [] });
  if (!started.ok) return refused(started.error.message);
  const status = started.value;
  if (!status.isRunning) return refused(status.lastError ?? 'the bus did not say why.');
  return { isRunning: true, message: `${status.url} serves ${named} (the address carries the relay's token)` };
}

function nameOf(profile: Profile): string {
  return `"${profile.name}" (${describeProfileAddress(profile)})`;
}

function refused(reason: string): RelayStartup {
  return { isRunning: false, message: `The relay did not start: ${reason}` };
}

function whyNotReady(settled: Exclude<SettledState, { state: 'ready' }>, timeoutMs: number): string {
  if (settled.state === 'timeout') return `no answer within ${timeoutMs / 1000} seconds.`;
  if (settled.state === 'failed') return settled.reason.message;
  if (settled.state === 'reconnecting') return settled.lastError.message;
  return `the connection is ${settled.state}.`;
}

