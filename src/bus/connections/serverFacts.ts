/**
 * Server facts for the connection panel, read from INFO and one timed PING.
 * The parsing is pure so it is unit-tested on captured INFO text.
 */
import { performance } from 'node:perf_hooks';
import type { Cluster, Redis } from 'ioredis';
import type { RedisMode, ServerFacts } from '../../shared/connectionState';

/** INFO's "field:value" lines as a map; section headers and blank lines are skipped. */
export function parseInfoFields(infoText: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const line of infoText.split(/\r?\n/)) {
    if (line === '' || line.startsWith('#')) continue;
    const separator = line.indexOf(':');
    if (separator <= 0) continue;
    fields.set(line.slice(0, separator), line.slice(separator + 1).trim());
  }
  return fields;
}

export function factsFromInfo(infoText: string, roundTripMs: number, readAt: number): ServerFacts {
  const fields = parseInfoFields(infoText);
  const mode = toMode(fields.get('redis_mode'));
  return {
    version: fields.get('redis_version') ?? 'unknown',
    mode,
    // Sentinel's INFO has no replication section and so no role.
    role: fields.get('role') ?? (mode === 'sentinel' ? 'sentinel' : 'unknown'),
    usedMemoryBytes: toCount(fields.get('used_memory')),
    connectedClients: toCount(fields.get('connected_clients')),
    roundTripMs,
    uptimeSeconds: toCount(fields.get('uptime_in_seconds')),
    readAt,
  };
}

/** Reads INFO and times one PING; rejects as the commands do (callers describe the error). */
export async function readServerFacts(client: Redis | Cluster, now: () => number = Date.now): Promise<ServerFacts> {
  const infoText = await client.info();
  const pingStartedAt = performance.now();
  await client.ping();
  const roundTripMs = Math.round((performance.now() - pingStartedAt) * 100) / 100;
  return factsFromInfo(infoText, roundTripMs, now());
}

function toMode(value: string | undefined): RedisMode {
  return value === 'sentinel' || value === 'cluster' ? value : 'standalone';
}

function toCount(value: string | undefined): number {
  const parsed = Number(value);
  return Number.isFinite(parsed) && parsed >= 0 ? parsed : 0;
}
