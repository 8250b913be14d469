/**
 * `npm run serve -- --relay-port N`: starts the browser relay through the
 * bus's own requests, as the relay panel would. The relay serves the demo's
 * profile when --demo found one, otherwise the first saved profile (its
 * connection is opened so messages can flow).
 */
import type { DemoBus } from './demoStartup';

export interface RelayStartup {
  /** The whole address with its token, for the terminal, or why the relay did not start. */
  message: string;
  isRunning: boolean;
}

export async function startRelayFromCommandLine(bus: DemoBus, options: { host: string; port: number; demoProfileId: string | null }): Promise<RelayStartup> {
  const profiles = await bus.request('profiles:list', {});
  if (!profiles.ok) return { isRunning: false, message: `The relay did not start: ${profiles.error.message}` };
  const chosen =
    options.demoProfileId === null
      ? profiles.value.find((profile) => profile.isDemo !== true)
      : profiles.value.find((profile) => profile.id === options.demoProfileId);
  if (!chosen) return { isRunning: false, message: 'The relay did not start: there is no profile to relay yet. Add one in the console, then start the relay there.' };
  const profileId = chosen.id;
  if (options.demoProfileId === null) await bus.request('connection:open', { profileId });
  const started = await bus.request('relay:start', { profileId, host: options.host, port: options.port, shouldSpeakFoxglove: false, foxgloveTopics: [], allowedOrigins: [] });
  if (!started.ok) return { isRunning: false, message: `The relay did not start: ${started.error.message}` };
  const status = started.value;
  if (!status.isRunning) return { isRunning: false, message: 'The relay did not start.' };
  return { isRunning: true, message: `${status.url} (profile "${chosen.name}"; the address carries the relay's token)` };
}
