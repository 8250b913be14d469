/**
 * The one request map: every feature's contract slice (src/shared/features),
 * merged. A feature joins with one line in `REQUEST_SLICES`; `BusRequests`,
 * `REQUEST_METHODS` and `validateRequest` all come from here.
 */
import { AGENTS_REQUESTS } from './features/agentsContract';
import { ALERTS_REQUESTS } from './features/alertsContract';
import { BRIDGES_REQUESTS } from './features/bridgesContract';
import { CONNECTIONS_REQUESTS } from './features/connectionsContract';
import { DEAD_LETTERS_REQUESTS } from './features/deadLettersContract';
import { LIVE_REQUESTS } from './features/liveContract';
import { LOCAL_REDIS_REQUESTS } from './features/localRedisContract';
import { PLOTS_REQUESTS } from './features/plotsContract';
import { PROFILES_REQUESTS } from './features/profilesContract';
import { PUBLISH_REQUESTS } from './features/publishContract';
import { RELAY_REQUESTS } from './features/relayContract';
import { SIMULATOR_REQUESTS } from './features/simulatorContract';
import { STREAMS_REQUESTS } from './features/streamsContract';
import { STREAM_GROUPS_REQUESTS } from './features/streamGroupsContract';
import { SYSTEM_REQUESTS } from './features/systemContract';
import type { Check } from './requestChecks';
import type { RequestSlice } from './requestSlice';

export const REQUEST_SLICES = [
  SYSTEM_REQUESTS,
  PROFILES_REQUESTS,
  CONNECTIONS_REQUESTS,
  LOCAL_REDIS_REQUESTS,
  SIMULATOR_REQUESTS,
  LIVE_REQUESTS,
  PUBLISH_REQUESTS,
  PLOTS_REQUESTS,
  STREAMS_REQUESTS,
  STREAM_GROUPS_REQUESTS,
  DEAD_LETTERS_REQUESTS,
  AGENTS_REQUESTS,
  ALERTS_REQUESTS,
  BRIDGES_REQUESTS,
  RELAY_REQUESTS,
] as const;

type UnionToIntersection<U> = (U extends unknown ? (value: U) => void : never) extends (value: infer I) => void ? I : never;

/** Every declaration of every slice, by method name. */
export type BusRequestDeclarations = UnionToIntersection<(typeof REQUEST_SLICES)[number]>;

/**
 * Each method's params check, in a table with no prototype (a method named
 * `constructor` finds nothing). Slices own disjoint methods
 * (tests/unit/featureSeam.test.ts).
 */
export const PARAM_CHECKS: Readonly<Record<string, Check>> = mergeParamChecks(REQUEST_SLICES);

function mergeParamChecks(slices: readonly RequestSlice[]): Record<string, Check> {
  const checks = Object.create(null) as Record<string, Check>;
  for (const slice of slices) {
    for (const [method, declaration] of Object.entries(slice)) checks[method] = declaration.params;
  }
  return checks;
}
