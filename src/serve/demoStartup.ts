/**
 * `npm run serve -- --demo`: get demo traffic flowing with no setup, using
 * only the bus's own requests (what a user could do by clicking). Open the
 * default "Local Redis" profile; if nothing listens there and redis-server is
 * installed, start a Labwire-managed Redis instead; then start the simulator
 * on whichever profile is ready. When neither Redis can be had, the demo runs
 * with no server (simulator:startOffline): generated data straight into the
 * demo profile's lanes and plots, and the message says so.
 */
import type { DemoStatus } from '../shared/contract';
import type { Profile } from '../shared/profile';
import type { BusError } from '../shared/result';
import { DEFAULT_SIMULATOR_OPTIONS } from '../shared/simulator';
import type { BusThread } from '../bus/busThread';
import { openAndSettle, type SettledState } from './openAndSettle';

export const DEMO_CONNECT_TIMEOUT_MS = 10_000;
const DEFAULT_PROFILE_NAME = 'Local Redis';

export const REDIS_SERVER_MISSING_MESSAGE =
  'Demo traffic needs redis-server, which is not installed here. Install it with: sudo apt-get install redis-server, then restart Labwire.';

/** What the terminal and the page say after the reason when the demo runs with no server. */
export const NO_SERVER_DEMO_MESSAGE =
  'Showing demo data from no server instead: it is generated on this computer, on the profile "Demo data (no server)", and nothing is published anywhere.';

export type DemoBus = Pick<BusThread, 'request' | 'onDidEmit'>;

/** The part of the serve host the demo needs: its bus, and where to say how the demo went. */
export interface DemoHost {
  bus: DemoBus;
  reportDemo(status: DemoStatus): void;
}

/** Whole sentences for the terminal (after "Demo: ") and the page. */
export type DemoOutcome =
  | { state: 'running'; profileId: string; isManagedRedis: boolean; message: string }
  /** No Redis could be had: the demo profile's generated data, with no server. */
  | { state: 'running'; profileId: string; isManagedRedis: false; hasNoServer: true; message: string }
  | { state: 'failed'; message: string };


/** Starts the demo and keeps the host's demo status true from the first moment to the outcome. */
export async function runDemo(host: DemoHost, connectTimeoutMs = DEMO_CONNECT_TIMEOUT_MS): Promise<DemoOutcome> {
  host.reportDemo({ state: 'starting' });
  const outcome = await startDemo(host.bus, connectTimeoutMs);
  host.reportDemo(demoStatusOf(outcome));
  return outcome;
}

export async function startDemo(bus: DemoBus, connectTimeoutMs = DEMO_CONNECT_TIMEOUT_MS): Promise<DemoOutcome> {
  const hello = await bus.request('system:hello', {});
  if (!hello.ok) return failed(`Labwire could not start: ${hello.error.message}`);
  const profiles = await bus.request('profiles:list', {});
  if (!profiles.ok) return failed(profiles.error.message);

  const defaultProfile = pickDefaultProfile(profiles.value);
  if (defaultProfile) {
    const state = await openAndSettle(bus, defaultProfile.id, connectTimeoutMs);
    if (state.state === 'ready') return startTraffic(bus, defaultProfile, false);
    if (problemOf(state)?.code !== 'REFUSED') return failed(`could not connect to "${defaultProfile.name}": ${describeSettled(state)}`);
    // Stop its reconnect loop: the managed Redis takes over for the demo.
    await bus.request('connection:close', { profileId: defaultProfile.id });
  }

  const where = defaultProfile ? `Nothing answers at ${defaultProfile.host}:${defaultProfile.port} ("${defaultProfile.name}"). ` : '';
  if (hello.value.localRedis.state === 'unavailable') return startWithNoServer(bus, `${where}${REDIS_SERVER_MISSING_MESSAGE}`);
  const started = await bus.request('localRedis:start', {});
  if (!started.ok) return startWithNoServer(bus, `${where}Labwire could not start its own Redis: ${started.error.message}`);
  const managed = started.value.profile;
  const state = await openAndSettle(bus, managed.id, connectTimeoutMs);
  if (state.state !== 'ready') {
    await bus.request('connection:close', { profileId: managed.id });
    return startWithNoServer(bus, `${where}Labwire started its own Redis but could not connect to it: ${describeSettled(state)}`);
  }
  return startTraffic(bus, managed, true);
}

/** Neither Redis could be had: the demo profile's generated data, and `why` first so the fix stays in view. */
async function startWithNoServer(bus: DemoBus, why: string): Promise<DemoOutcome> {
  const started = await bus.request('simulator:startOffline', { options: DEFAULT_SIMULATOR_OPTIONS });
  if (!started.ok) return { state: 'failed', message: `${why} Demo data with no server could not start either: ${started.error.message}` };
  return { state: 'running', profileId: started.value.profile.id, isManagedRedis: false, hasNoServer: true, message: `${why} ${NO_SERVER_DEMO_MESSAGE}` };
}

function pickDefaultProfile(profiles: Profile[]): Profile | undefined {
  const unmanaged = profiles.filter((profile) => !profile.isManagedLocal);
  return unmanaged.find((profile) => profile.name === DEFAULT_PROFILE_NAME) ?? unmanaged[0];
}

async function startTraffic(bus: DemoBus, profile: Profile, isManagedRedis: boolean): Promise<DemoOutcome> {
  const simulator = await bus.request('simulator:start', { profileId: profile.id, options: DEFAULT_SIMULATOR_OPTIONS });
  if (!simulator.ok) return failed(`connected to "${profile.name}" but could not start demo traffic: ${simulator.error.message}`);
  const message = isManagedRedis
    ? `Started a Labwire-managed Redis on port ${profile.port} and demo traffic on it.`
    : `Demo traffic on "${profile.name}" (${profile.host}:${profile.port}).`;
  return { state: 'running', profileId: profile.id, isManagedRedis, message };
}

function problemOf(state: SettledState): BusError | null {
  if (state.state === 'failed') return state.reason;
  if (state.state === 'reconnecting') return state.lastError;
  return null;
}

function describeSettled(state: SettledState): string {
  const problem = problemOf(state);
  if (problem) return problem.message;
  if (state.state === 'timeout') return `no answer within ${state.afterMs / 1000} seconds.`;
  return `the connection is ${state.state}.`;
}

function failed(reason: string): DemoOutcome {
  return { state: 'failed', message: `No demo traffic was started: ${reason} Fix that, then restart Labwire.` };
}

/** What the page shows about the demo: the outcome's words, without the terminal's bookkeeping. */
export function demoStatusOf(outcome: DemoOutcome): DemoStatus {
  if (outcome.state === 'running' && 'hasNoServer' in outcome) return { state: 'running', message: outcome.message, hasNoServer: true };
  return { state: outcome.state, message: outcome.message };
}
