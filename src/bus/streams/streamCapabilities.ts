/**
 * Which newer stream commands the server offers, learned from the version
 * INFO reports (connections/serverFacts.ts). Everything Labwire does works on
 * Redis 7.0; these only let it do better where the server can:
 * - XACKDEL, XDELEX, and KEEPREF/DELREF/ACKED on XADD and XTRIM (8.2): the
 *   trim guard asks the server to cut only acknowledged entries (XTRIM ... ACKED).
 * - XREADGROUP ... CLAIM (8.4): reading and reclaiming idle entries in one call.
 * - IDMP on XADD (8.6): the server itself drops a repeated add.
 * - XNACK (8.8): handing a claimed entry back without waiting for its idle time.
 * Pure, so the gates are unit-tested on a table of versions.
 */

export interface StreamCapabilities {
  /** The version read, as INFO gave it; "unknown" when it could not be read. */
  version: string;
  hasAckDelete: boolean;
  hasTrimReferencePolicy: boolean;
  hasReadGroupClaim: boolean;
  hasAddIdempotency: boolean;
  hasNack: boolean;
}

interface Version {
  major: number;
  minor: number;
}

const SINCE = {
  hasAckDelete: { major: 8, minor: 2 },
  hasTrimReferencePolicy: { major: 8, minor: 2 },
  hasReadGroupClaim: { major: 8, minor: 4 },
  hasAddIdempotency: { major: 8, minor: 6 },
  hasNack: { major: 8, minor: 8 },
} as const satisfies Record<string, Version>;

/** "7.0.15" → {7, 0}; anything else (a fork's own text, "unknown") → null. */
export function parseServerVersion(text: string): Version | null {
  const match = /^(\d{1,4})\.(\d{1,4})(?:\.\d{1,6})?(?:[-+][\w.-]*)?$/.exec(text.trim());
  if (!match) return null;
  return { major: Number(match[1]), minor: Number(match[2]) };
}

function isAtLeast(version: Version | null, since: Version): boolean {
  if (!version) return false;
  return version.major > since.major || (version.major === since.major && version.minor >= since.minor);
}

/** An unreadable version offers nothing beyond 7.0: the old commands are always safe. */
export function streamCapabilitiesOf(versionText: string): StreamCapabilities {
  const version = parseServerVersion(versionText);
  return {
    version: versionText,
    hasAckDelete: isAtLeast(version, SINCE.hasAckDelete),
    hasTrimReferencePolicy: isAtLeast(version, SINCE.hasTrimReferencePolicy),
    hasReadGroupClaim: isAtLeast(version, SINCE.hasReadGroupClaim),
    hasAddIdempotency: isAtLeast(version, SINCE.hasAddIdempotency),
    hasNack: isAtLeast(version, SINCE.hasNack),
  };
}

/** The newer commands in words, for the Groups panel ("This server (8.2.1) offers XACKDEL ..."). */
export function describeCapabilities(capabilities: StreamCapabilities): string[] {
  const offered: string[] = [];
  if (capabilities.hasAckDelete) offered.push('XACKDEL and XDELEX');
  if (capabilities.hasTrimReferencePolicy) offered.push('XTRIM … ACKED (the trim guard uses it)');
  if (capabilities.hasReadGroupClaim) offered.push('XREADGROUP … CLAIM');
  if (capabilities.hasAddIdempotency) offered.push('XADD … IDMP');
  if (capabilities.hasNack) offered.push('XNACK');
  return offered;
}
