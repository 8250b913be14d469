/**
 * The browser relay's bus part: one relay at a time, for one profile,
 * started and stopped by request. It subscribes through services.sources,
 * so Redis sees one subscription per channel or pattern however many
 * browsers listen, and a demo profile relays its generated data the same way.
 */
import type { RELAY_REQUESTS, RelayStartParams, RelayStatus } from '../../shared/features/relayContract';
import { fail, ok, type Result } from '../../shared/result';
import type { BusFeature, BusServices } from '../busFeature';
import { normalizeOrigin } from './relayAdmission';
import { RelayServer } from './relayServer';

export function createRelayFeature(services: BusServices): BusFeature<keyof typeof RELAY_REQUESTS> {
  let relay: RelayServer | null = null;
  let isStarting = false;
  let stoppedReason: string | null = null;

  const status = (): RelayStatus => relay?.status() ?? { isRunning: false, lastError: stoppedReason };

  const start = async (params: RelayStartParams): Promise<Result<RelayStatus>> => {
    if (relay || isStarting) return fail('INVALID', 'The relay is already running; stop it first to start it with other settings.');
    if (!services.profiles.get(params.profileId)) return fail('NOT_FOUND', 'That profile no longer exists.');
    const host = params.host.trim() === '' ? '127.0.0.1' : params.host.trim();
    const allowedOrigins: string[] = [];
    for (const typed of params.allowedOrigins) {
      if (typed.trim() === '') continue;
      const origin = normalizeOrigin(typed);
      if (origin === null) return fail('INVALID', `"${typed}" is not a web origin; write it like https://dashboard.lab.example:8080.`, { field: 'allowedOrigins' });
      allowedOrigins.push(origin);
    }
    isStarting = true;
    try {
      relay = await RelayServer.start({
        profileId: params.profileId,
        host,
        port: params.port,
        source: services.sources,
        isFoxgloveOn: params.shouldSpeakFoxglove,
        foxgloveTopics: params.foxgloveTopics,
        allowedOrigins,
      });
      stoppedReason = null;
      return ok(relay.status());
    } catch (error) {
      stoppedReason = error instanceof Error ? error.message : String(error);
      return fail('INVALID', stoppedReason, { field: 'port' });
    } finally {
      isStarting = false;
    }
  };

  const stop = async (reason: string | null): Promise<void> => {
    const running = relay;
    relay = null;
    stoppedReason = reason;
    await running?.close();
  };

  return {
    name: 'relay',
    handlers: {
      'relay:status': async () => ok(status()),
      'relay:start': start,
      'relay:stop': async () => {
        await stop(null);
        return ok(status());
      },
    },
    closeProfile(profileId) {
      if (relay?.status().profileId === profileId) void stop('The relay stopped because its profile was disconnected or deleted.');
    },
    dispose: () => stop(null),
  };
}
