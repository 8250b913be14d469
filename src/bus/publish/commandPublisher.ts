/**
 * Publishes operators' commands: the bus's own checks (read-only,
 * confirmation on production, valid payload, SPUBLISH only on a Cluster),
 * at most one PUBLISH or SPUBLISH executed per attempt (through a Cluster's
 * redirections too: publishOnce.ts, the path every feature publishes through), and an audit entry for every publish
 * that reached the server.
 *
 * Results: a refusal before anything is sent (not found, read-only, invalid,
 * needs confirmation, not connected) is a fail(): nothing happened, nothing is
 * audited, and the same attempt may be sent again once fixed. Whatever
 * happened at or after the server (delivered, refused by the server such as
 * NOPERM, reply lost) is ok(record) with its outcome, audited and remembered:
 * the same attempt id then returns that record and never publishes again.
 */
import { createHash } from 'node:crypto';
import type { Profile } from '../../shared/profile';
import { SHARDED_PUBLISH_EXPLANATION, type PublishCommand, type PublishRecord, type PublishRequest } from '../../shared/publishing';
import { fail, ok, type Result } from '../../shared/result';
import type { LabwireClient } from '../connections/connectClient';
import type { ConnectionRegistry } from '../connections/connectionRegistry';
import { capUtf8, MAX_AUDIT_PAYLOAD_BYTES, type PublishEntry } from './auditLine';
import { encodePayload } from './payloadEncoding';
import { PublishAuditLog, type AuditLogLimits } from './publishAuditLog';
import { channelForMessage, classifyPublishFailure, type PublishFailure } from './publishFailure';
import { PublishHistory } from './publishHistory';
import { publishOnce, replyTimeoutOf } from './publishOnce';

export interface CommandPublisherOptions {
  connections: ConnectionRegistry;
  dataDir: string;
  profileOf(profileId: string): Profile | undefined;
  /** Names of Labwire's device bridges that this command to this channel reaches (among the own receivers); none when not given. */
  ownBridgesOf?(profileId: string, channel: string, command: PublishCommand): string[];
  /**
   * How many of Labwire's own subscriptions (lanes, plots) this command to
   * this channel reaches now: PUBLISH and SPUBLISH count them too. For
   * SPUBLISH only sharded lanes (SSUBSCRIBE) count.
   */
  ownReceiversOf(profileId: string, channel: string, command: PublishCommand): number;
  /** Smaller files for tests; production uses the audit log's defaults. */
  auditLimits?: Partial<AuditLogLimits>;
}

/**
 * What publish and history answer: the contract's record plus
 * `isPayloadTruncated` (the payload holds only the first 4 KiB of what was
 * typed) and, when the audit entry could not be written, `auditError`.
 */
export type PublishedRecord = PublishRecord & { isPayloadTruncated: boolean; auditError?: string };

interface Attempt {
  /** See attemptFingerprint. */
  fingerprint: string;
  result: Promise<Result<PublishedRecord>>;
}

export class CommandPublisher {
  private readonly recent = new PublishHistory();
  private readonly auditLog: PublishAuditLog;
  private readonly inFlight = new Map<string, Attempt>();
  private isDisposed = false;
  /** Lines of the audit log that could not be read back at start, and why the log could not be read at all. */
  readonly auditLoad: { entries: number; skippedLines: number; error?: string };

  constructor(private readonly options: CommandPublisherOptions) {
    this.auditLog = new PublishAuditLog(options.dataDir, options.auditLimits);
    const loaded = this.auditLog.loadSync();
    for (const entry of loaded.entries) this.recent.add(entry);
    this.auditLoad = {
      entries: loaded.entries.length,
      skippedLines: loaded.skippedLines,
      ...(loaded.error === undefined ? {} : { error: loaded.error }),
    };
  }

  /** Never rejects. Everything up to the PUBLISH runs in one tick, so a second click cannot slip in between. */
  publish(request: PublishRequest): Promise<Result<PublishedRecord>> {
    if (this.isDisposed) return Promise.resolve(fail('NOT_CONNECTED', 'Labwire is shutting down, so nothing was published.'));
    const profile = this.options.profileOf(request.profileId);
    if (!profile) return Promise.resolve(fail('NOT_FOUND', 'That connection profile no longer exists.'));
    if (profile.isReadOnly) {
      return Promise.resolve(
        fail('READ_ONLY', `"${profile.name}" is read-only, so Labwire will not publish to it. Turn off "read-only" in the profile to publish.`),
      );
    }
    if (request.channel === '') return Promise.resolve(fail('INVALID', 'Enter the channel to publish to.', { field: 'channel' }));
    const encoded = encodePayload(request.payload, request.encoding);
    if (!encoded.ok) return Promise.resolve(encoded);
    const bytes = encoded.value;
    const command = request.command ?? 'publish';
    if (command === 'spublish' && profile.topology.mode !== 'cluster') {
      return Promise.resolve(
        fail('INVALID', `${SHARDED_PUBLISH_EXPLANATION}, and "${profile.name}" is not a Cluster profile, so nothing was published. Use PUBLISH.`, { field: 'command' }),
      );
    }
    const sentSha256 = createHash('sha256').update(bytes).digest('hex');
    const fingerprint = attemptFingerprint(request.profileId, request.channel, request.encoding, command, sentSha256);

    const earlier = this.earlierAttempt(request, fingerprint);
    if (earlier) return earlier;

    if (profile.isProduction && !request.isConfirmed) {
      return Promise.resolve(fail('NEEDS_CONFIRMATION', `"${profile.name}" is a production server. Confirm to publish to ${channelForMessage(request.channel)}.`));
    }
    const client = this.options.connections.publishClient(request.profileId);
    if (!client || client.status !== 'ready') return Promise.resolve(this.notConnected(profile));

    const result = this.send(client, profile, { ...request, command }, bytes, sentSha256).finally(() => this.inFlight.delete(request.attemptId));
    this.inFlight.set(request.attemptId, { fingerprint, result });
    return result;
  }

  /** Newest first, at most MAX_HISTORY_PER_PROFILE; includes publishes from earlier runs (read from the audit log). */
  history(profileId: string): PublishedRecord[] {
    return this.recent.list(profileId).map(toPublishedRecord);
  }

  /** Waits for publishes in flight and the audit writes, then closes the log. */
  async dispose(): Promise<void> {
    this.isDisposed = true;
    await Promise.all([...this.inFlight.values()].map((attempt) => attempt.result));
    await this.auditLog.close();
  }

  /** The answer for an attempt id seen before, or undefined for a new attempt. */
  private earlierAttempt(request: PublishRequest, fingerprint: string): Promise<Result<PublishedRecord>> | undefined {
    const sameAttemptUsedElsewhere = (): Promise<Result<PublishedRecord>> =>
      Promise.resolve(
        fail('INVALID', 'This publish reuses the id of an earlier, different publish, so it was not sent. Publish it again as a new attempt.', {
          field: 'attemptId',
        }),
      );
    const pending = this.inFlight.get(request.attemptId);
    if (pending) return pending.fingerprint === fingerprint ? pending.result : sameAttemptUsedElsewhere();
    const recorded = this.recent.attempt(request.attemptId);
    if (!recorded) return undefined;
    const recordedFingerprint = attemptFingerprint(recorded.profileId, recorded.channel, recorded.encoding, recorded.command, recorded.sentSha256);
    return recordedFingerprint === fingerprint ? Promise.resolve(ok(toPublishedRecord(recorded))) : sameAttemptUsedElsewhere();
  }

  private async send(
    client: LabwireClient,
    profile: Profile,
    request: PublishRequest & { command: PublishCommand },
    bytes: Buffer,
    sentSha256: string,
  ): Promise<Result<PublishedRecord>> {
    const at = Date.now();
    const commandTimeoutMs = replyTimeoutOf(client);
    let failure: PublishFailure | undefined;
    let receivers = 0;
    // Read as the command leaves: the subscriber connection delivers to Labwire's own consumers in the same order the server counted them.
    const ownReceivers = this.options.ownReceiversOf(request.profileId, request.channel, request.command);
    const ownBridgeNames = ownReceivers > 0 ? (this.options.ownBridgesOf?.(request.profileId, request.channel, request.command) ?? []) : [];
    try {
      receivers = await publishOnce(client, request.command, request.channel, bytes);
    } catch (error) {
      failure = classifyPublishFailure(error, { channel: request.channel, username: profile.username, commandTimeoutMs });
    }
    if (failure?.kind === 'notSent') return fail('NOT_CONNECTED', failure.reason);

    const payload = capUtf8(request.payload, MAX_AUDIT_PAYLOAD_BYTES);
    const common = {
      attemptId: request.attemptId,
      at,
      profileId: profile.id,
      profileName: profile.name,
      channel: request.channel,
      encoding: request.encoding,
      command: request.command,
      sizeBytes: bytes.length,
      payload: payload.text,
      isPayloadTruncated: payload.isTruncated,
      sentSha256,
    };
    const entry: PublishEntry = !failure
      ? { ...common, outcome: 'delivered', receivers, ownReceivers: Math.min(ownReceivers, receivers), ...(ownBridgeNames.length > 0 && receivers > 0 ? { ownBridgeNames } : {}) }
      : { ...common, outcome: failure.kind === 'lost' ? 'unknown' : 'failed', reason: failure.reason };
    this.recent.add(entry);
    const audited = await this.auditLog.append(entry);
    const record = toPublishedRecord(entry);
    return ok(audited.ok ? record : { ...record, auditError: audited.error.message });
  }

  private notConnected(profile: Profile): Result<never> {
    const state = this.options.connections.stateOf(profile.id).state;
    if (state === 'demo') {
      return fail('NOT_CONNECTED', `"${profile.name}" is demo data generated on this computer, with no server to publish to, so nothing was published. Publish on a profile for a Redis server.`);
    }
    const message =
      state === 'connecting' || state === 'reconnecting'
        ? `Labwire is still connecting to "${profile.name}", so nothing was published. Try again when the connection is ready.`
        : `Labwire is not connected to "${profile.name}", so nothing was published. Connect first.`;
    return fail('NOT_CONNECTED', message);
  }
}

/** Same attempt id, same request: profile, channel, encoding, command and bytes sent. */
function attemptFingerprint(profileId: string, channel: string, encoding: string, command: PublishCommand, sentSha256: string): string {
  return JSON.stringify([profileId, channel, encoding, command, sentSha256]);
}

function toPublishedRecord(entry: PublishEntry): PublishedRecord {
  const { sentSha256: _sentSha256, ...record } = entry;
  return record;
}
