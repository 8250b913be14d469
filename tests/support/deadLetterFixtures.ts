/** Shared set-up for the dead-letter tests: a profile, a recording audit, pending entries in a real stream. */
import type { Redis } from 'ioredis';
import { DeadLetterService } from '../../src/bus/streams/deadLetters/deadLetterService';
import type { AuditOutcome, StreamActionRecord, StreamAudit } from '../../src/bus/streams/streamAudit';
import { defaultProfileFields, type Profile } from '../../src/shared/profile';

export function deadLetterProfile(overrides: Partial<Profile> = {}): Profile {
  return { ...defaultProfileFields(), id: 'lab', name: 'Lab 2', hasPassword: false, isManagedLocal: false, createdAt: 0, updatedAt: 0, ...overrides };
}

/** Keeps every record it is given, in order. */
export class FakeStreamAudit implements StreamAudit {
  readonly records: StreamActionRecord[] = [];
  async record(entry: StreamActionRecord): Promise<AuditOutcome> {
    this.records.push(entry);
    return { isLocalWritten: true, isRedisWritten: false };
  }
}

export function serviceOver(client: Redis, profile: Profile = deadLetterProfile(), audit: StreamAudit = new FakeStreamAudit()): DeadLetterService {
  return new DeadLetterService({ profileOf: (id) => (id === profile.id ? profile : undefined), clientOf: () => client, audit });
}

/** Adds entries to `origin` and delivers them to `consumer` of `group`, so they are pending. Field values may be bytes. */
export async function addPending(client: Redis, origin: string, group: string, entries: Array<Array<string | Buffer>>, consumer = 'worker-1'): Promise<string[]> {
  await client.xgroup('CREATE', origin, group, '$', 'MKSTREAM').catch((error: Error) => {
    if (!/BUSYGROUP/.test(error.message)) throw error;
  });
  const ids: string[] = [];
  for (const fields of entries) ids.push((await client.xadd(origin, '*', ...fields)) as string);
  await client.xreadgroup('GROUP', group, consumer, 'COUNT', entries.length, 'STREAMS', origin, '>');
  return ids;
}

type RawEntry = [Buffer, Buffer[]];

/** Every entry's raw fields, oldest first. */
export async function rawEntries(client: Redis, key: string): Promise<Array<{ id: string; fields: Buffer[] }>> {
  const entries = (await client.xrangeBuffer(key, '-', '+')) as unknown as RawEntry[];
  return entries.map(([id, fields]) => ({ id: id.toString('latin1'), fields }));
}
