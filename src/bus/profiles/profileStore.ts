/**
 * The saved connection profiles and their passwords. Passwords are sealed
 * with the SecretBox before they reach the disk; without a SecretBox they
 * live in memory for this session only. The renderer only ever learns
 * whether a password is stored (`hasPassword`), never the password.
 *
 * Every password is bound to the endpoint identity it was saved for
 * (boundSecret.ts): it is handed out only for that identity, and a save that
 * changes the identity without a new password drops it.
 *
 * Every change runs in one queue: it is applied to a copy, written to disk,
 * and only then becomes the current list, so a failed write changes nothing
 * and two saves never interleave.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { endpointIdentity, sentinelIdentity } from '../../shared/endpointIdentity';
import { defaultProfileFields, type Profile, type ProfileDraft, type ProfileFields } from '../../shared/profile';
import { findProfileProblems, MAX_PROFILE_NAME_LENGTH } from '../../shared/profileValidation';
import { fail, ok, type Result } from '../../shared/result';
import type { RedisEndpoint } from '../connections/redisEndpoint';
import { ensurePrivateFolder } from '../secrets/privateFile';
import type { SecretBox } from '../secrets/secretBox';
import { openBoundSecret, sealBoundSecret, type OpenedSecret } from './boundSecret';
import { formatProfilesExport, parseProfilesExport } from './profileExchange';
import { cleanProfileFields } from './profileFieldsParser';
import { toRedisEndpoint } from './profileEndpoint';
import { PROFILES_FILE_NAME, readProfilesFile, writeProfilesFile, type StoredProfile } from './profileFile';

export const MANAGED_LOCAL_PROFILE_NAME = 'Labwire local Redis';
export const DEMO_PROFILE_NAME = 'Demo data (no server)';
const COPY_SUFFIX = ' (copy)';
const IMPORTED_SUFFIX = ' (imported)';

type ProfileSecret =
  | { kind: 'none' }
  | { kind: 'sealed'; sealed: string }
  /** No SecretBox this session: the password is kept in memory and never written. */
  | { kind: 'session'; plain: string; endpoint: string };

interface ProfileRecord {
  profile: Omit<Profile, 'hasPassword' | 'hasSentinelPassword'>;
  secret: ProfileSecret;
  /** The sentinels' own password, bound to sentinelIdentity; none for other modes. */
  sentinelSecret: ProfileSecret;
}

type Records = Map<string, ProfileRecord>;
type SecretSlot = 'secret' | 'sentinelSecret';

const NO_SECRET: ProfileSecret = { kind: 'none' };

function toProfile(record: ProfileRecord): Profile {
  const { profile } = record;
  const shown: Profile = { ...profile, tls: { ...profile.tls }, hasPassword: record.secret.kind !== 'none' };
  if (record.sentinelSecret.kind !== 'none') shown.hasSentinelPassword = true;
  return shown;
}

function toStored(record: ProfileRecord): StoredProfile {
  const stored: StoredProfile = { ...record.profile };
  if (record.secret.kind === 'sealed') stored.sealedPassword = record.secret.sealed;
  if (record.sentinelSecret.kind === 'sealed') stored.sealedSentinelPassword = record.sentinelSecret.sealed;
  return stored;
}

function fromStored(stored: StoredProfile): ProfileRecord {
  const { sealedPassword, sealedSentinelPassword, ...profile } = stored;
  const sealedOrNone = (sealed: string | undefined): ProfileSecret => (sealed === undefined ? NO_SECRET : { kind: 'sealed', sealed });
  return { profile, secret: sealedOrNone(sealedPassword), sentinelSecret: sealedOrNone(sealedSentinelPassword) };
}

function invalidDraft(draft: ProfileDraft): Result<never> | null {
  const problem = findProfileProblems(draft)[0];
  return problem ? fail('INVALID', problem.message, { field: problem.field }) : null;
}

function copyName(name: string, suffix = COPY_SUFFIX): string {
  return name.slice(0, MAX_PROFILE_NAME_LENGTH - suffix.length) + suffix;
}

/** An imported profile keeps its name unless one with that name exists: then the sidebar tells them apart. */
function importedName(name: string, takenNames: Set<string>): string {
  let candidate = name;
  for (let attempt = 2; takenNames.has(candidate); attempt++) {
    candidate = copyName(name, attempt === 2 ? IMPORTED_SUFFIX : `${IMPORTED_SUFFIX.slice(0, -1)} ${attempt - 1})`);
  }
  takenNames.add(candidate);
  return candidate;
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export class ProfileStore {
  private records: Records;
  private writeQueue: Promise<unknown> = Promise.resolve();
  private readonly loadProblems: string[];

  private constructor(
    private readonly path: string,
    private readonly secretBox: SecretBox | null,
    loaded: StoredProfile[],
    problems: string[],
  ) {
    this.records = new Map(loaded.map((stored) => [stored.id, fromStored(stored)]));
    this.loadProblems = problems;
  }

  /** Never rejects for a damaged profiles file: that is moved aside and reported in `problems`. */
  static async open(dataDir: string, secretBox: SecretBox | null): Promise<ProfileStore> {
    await ensurePrivateFolder(dataDir);
    const path = join(dataDir, PROFILES_FILE_NAME);
    const loaded = await readProfilesFile(path);
    const store = new ProfileStore(path, secretBox, loaded.profiles, loaded.problems);
    if (store.records.size === 0) {
      const created = await store.change((records) => {
        const record = store.newRecord(defaultProfileFields(), NO_SECRET, NO_SECRET);
        records.set(record.profile.id, record);
        return ok(undefined);
      });
      if (!created.ok) store.loadProblems.push(created.error.message);
    }
    return store;
  }

  /** What went wrong while loading, in plain sentences; empty when all was well. */
  get problems(): readonly string[] {
    return this.loadProblems;
  }

  list(): Profile[] {
    return [...this.records.values()].map(toProfile);
  }

  get(id: string): Profile | undefined {
    const record = this.records.get(id);
    return record ? toProfile(record) : undefined;
  }

  /**
   * Creates (no id) or updates a profile. `password`: undefined keeps the
   * stored one, null or '' removes it, any other string replaces it.
   */
  save(draft: ProfileDraft): Promise<Result<Profile>> {
    const invalid = invalidDraft(draft);
    if (invalid) return Promise.resolve(invalid);
    return this.change((records) => {
      if (draft.id === undefined) {
        const fields = cleanProfileFields(draft);
        const record = this.newRecord(
          fields,
          this.secretFrom(draft.password, NO_SECRET, endpointIdentity(fields)),
          this.secretFrom(draft.sentinelPassword, NO_SECRET, sentinelIdentity(fields)),
        );
        records.set(record.profile.id, record);
        return ok(toProfile(record));
      }
      const existing = records.get(draft.id);
      if (!existing) return this.notFound();
      // A draft without the later fields (an older client) keeps what the profile has.
      const { operatorName, deadLetterTemplates, topology } = existing.profile;
      const fields = cleanProfileFields({ operatorName, deadLetterTemplates, topology, ...withoutUndefined(draft) });
      // A password saved for another server (or other sentinels) is never kept for this one.
      const keptSecret = endpointIdentity(fields) === endpointIdentity(existing.profile) ? existing.secret : NO_SECRET;
      const sentinels = sentinelIdentity(fields);
      const keptSentinelSecret = sentinels !== null && sentinels === sentinelIdentity(existing.profile) ? existing.sentinelSecret : NO_SECRET;
      // Saving in the editor is the answer to the imported profile's request for its TLS files.
      const { shouldChooseTlsFiles: _answered, ...kept } = existing.profile;
      const record: ProfileRecord = {
        profile: { ...kept, ...fields, updatedAt: Date.now() },
        secret: this.secretFrom(draft.password, keptSecret, endpointIdentity(fields)),
        sentinelSecret: this.secretFrom(draft.sentinelPassword, keptSentinelSecret, sentinels),
      };
      records.set(draft.id, record);
      return ok(toProfile(record));
    });
  }

  duplicate(id: string): Promise<Result<Profile>> {
    return this.change((records) => {
      const existing = records.get(id);
      if (!existing) return this.notFound();
      const fields = cleanProfileFields({ ...existing.profile, name: copyName(existing.profile.name) });
      const record = this.newRecord(fields, existing.secret, existing.sentinelSecret);
      records.set(record.profile.id, record);
      return ok(toProfile(record));
    });
  }

  delete(id: string): Promise<Result<{ id: string }>> {
    return this.change((records) => (records.delete(id) ? ok({ id }) : this.notFound()));
  }

  /** The chosen profiles (all when `ids` is absent) without ids, timestamps or secrets. */
  exportJson(ids?: string[]): Result<{ json: string; count: number }> {
    // "Export all" means the lab's servers: the demo profile has none, and would import elsewhere as a Redis profile.
    const chosen = ids === undefined ? [...this.records.values()].filter((record) => record.profile.isDemo !== true) : ids.map((id) => this.records.get(id));
    const found = chosen.filter((record): record is ProfileRecord => record !== undefined);
    if (found.length !== chosen.length) return this.notFound();
    return ok({ json: formatProfilesExport(found.map((record) => record.profile)), count: found.length });
  }

  /**
   * Adds every profile of an export as a new profile, or none of them when
   * one is invalid. TLS file paths are never imported (profileExchange).
   */
  importJson(json: string): Promise<Result<{ imported: Profile[] }>> {
    const parsed = parseProfilesExport(json);
    if (!parsed.ok) return Promise.resolve(parsed);
    return this.change((records) => {
      const takenNames = new Set([...records.values()].map((existing) => existing.profile.name));
      const imported = parsed.value.map((fields) => {
        const record = this.newRecord({ ...fields, name: importedName(fields.name, takenNames) }, NO_SECRET, NO_SECRET);
        const hasSentinelTls = fields.topology.mode === 'sentinel' && fields.topology.sentinelTls.isEnabled;
        if (fields.tls.isEnabled || hasSentinelTls) record.profile.shouldChooseTlsFiles = true;
        records.set(record.profile.id, record);
        return toProfile(record);
      });
      return ok({ imported });
    });
  }

  /** Where to connect for a saved profile, with its password opened. */
  endpointFor(id: string): Result<RedisEndpoint> {
    const record = this.records.get(id);
    if (!record) return this.notFound();
    const problem = findProfileProblems(record.profile)[0];
    if (problem)
      return fail('INVALID', `The profile "${record.profile.name}" needs fixing before it can connect: ${problem.message}`, {
        field: problem.field,
      });
    const password = this.openSecret(record);
    if (!password.ok) return password;
    if (password.value !== undefined && password.value.endpoint !== endpointIdentity(record.profile))
      return fail(
        'SECRETS_UNAVAILABLE',
        `The saved password of "${record.profile.name}" was not saved for the server this profile now names ` +
          '(its settings were changed outside Labwire, or an older Labwire saved it), so Labwire did not send it. ' +
          'Open the profile and enter the password again.',
      );
    const sentinelPassword = this.openSecret(record, 'sentinelSecret');
    if (!sentinelPassword.ok) return sentinelPassword;
    if (sentinelPassword.value !== undefined && sentinelPassword.value.endpoint !== sentinelIdentity(record.profile))
      return fail(
        'SECRETS_UNAVAILABLE',
        `The saved sentinels' password of "${record.profile.name}" was not saved for the sentinels this profile now names, ` +
          "so Labwire did not send it. Open the profile and enter the sentinels' password again.",
      );
    return ok(toRedisEndpoint(record.profile, password.value?.password, sentinelPassword.value?.password));
  }

  /**
   * Where to connect for unsaved edits (the editor's "Test connection"). The
   * password is the draft's when it has one, none when null, and the saved
   * profile's when undefined, but only when the draft still names the
   * endpoint that password was saved for: otherwise the test runs without one.
   */
  endpointForDraft(draft: ProfileDraft): Result<RedisEndpoint> {
    const invalid = invalidDraft(draft);
    if (invalid) return invalid;
    const saved = draft.id === undefined ? undefined : this.records.get(draft.id);
    const fields = cleanProfileFields({ ...(saved ? { topology: saved.profile.topology } : {}), ...withoutUndefined(draft) });
    const password = this.passwordForDraft(draft.password, saved, 'secret', endpointIdentity(fields));
    if (!password.ok) return password;
    const sentinelPassword = this.passwordForDraft(draft.sentinelPassword, saved, 'sentinelSecret', sentinelIdentity(fields));
    if (!sentinelPassword.ok) return sentinelPassword;
    return ok(toRedisEndpoint(fields, password.value, sentinelPassword.value));
  }

  /** The draft's password, or the saved one only where `identity` is the one it was saved for. */
  private passwordForDraft(
    typed: string | null | undefined,
    saved: ProfileRecord | undefined,
    which: SecretSlot,
    identity: string | null,
  ): Result<string | undefined> {
    if (typeof typed === 'string') return ok(identity === null ? undefined : typed);
    if (typed === null || !saved || identity === null) return ok(undefined);
    const opened = this.openSecret(saved, which);
    if (!opened.ok) return opened;
    return ok(opened.value?.endpoint === identity ? opened.value.password : undefined);
  }

  /**
   * The managed profile's password, so a server left running by an earlier
   * session can be recognised; null when there is none or it cannot be used.
   */
  managedLocalPassword(): string | null {
    const record = [...this.records.values()].find((candidate) => candidate.profile.isManagedLocal);
    if (!record) return null;
    const opened = this.openSecret(record);
    return opened.ok && opened.value?.endpoint === endpointIdentity(record.profile) ? opened.value.password : null;
  }

  /**
   * Points the one Labwire-managed profile at the local server's port and
   * password (sealed and bound to 127.0.0.1 and that port), creating it on
   * first use. A name or colour the user chose is kept. Rejects only when the
   * profiles file cannot be written.
   */
  async upsertManagedLocal(port: number, password: string): Promise<Profile> {
    const result = await this.change((records) => {
      const existing = [...records.values()].find((record) => record.profile.isManagedLocal);
      let record: ProfileRecord;
      if (existing) {
        // The server's password belongs to its default user over plain TCP.
        const tls = { ...existing.profile.tls, isEnabled: false };
        const profile = { ...existing.profile, host: '127.0.0.1', port, username: '', tls, updatedAt: Date.now() };
        const topology = { mode: 'standalone' as const };
        const localProfile = { ...profile, topology };
        record = { profile: localProfile, secret: this.secretFrom(password, NO_SECRET, endpointIdentity(localProfile)), sentinelSecret: NO_SECRET };
      } else {
        const fields: ProfileFields = { ...defaultProfileFields(), name: MANAGED_LOCAL_PROFILE_NAME, port, color: 'teal' };
        record = this.newRecord(fields, this.secretFrom(password, NO_SECRET, endpointIdentity(fields)), NO_SECRET);
        record.profile.isManagedLocal = true;
      }
      records.set(record.profile.id, record);
      return ok(toProfile(record));
    });
    if (!result.ok) throw new Error(result.error.message);
    return result.value;
  }

  /**
   * The one demo profile (demo data with no server, sources/demo/), created
   * on first use. Its host and port are never dialled. Rejects only when the
   * profiles file cannot be written.
   */
  async upsertDemo(): Promise<Profile> {
    const result = await this.change((records) => {
      const existing = [...records.values()].find((record) => record.profile.isDemo === true);
      if (existing) return ok(toProfile(existing));
      const record = this.newRecord({ ...defaultProfileFields(), name: DEMO_PROFILE_NAME, color: 'violet' }, NO_SECRET, NO_SECRET);
      record.profile.isDemo = true;
      records.set(record.profile.id, record);
      return ok(toProfile(record));
    });
    if (!result.ok) throw new Error(result.error.message);
    return result.value;
  }

  private newRecord(fields: ProfileFields, secret: ProfileSecret, sentinelSecret: ProfileSecret): ProfileRecord {
    const now = Date.now();
    return {
      profile: { ...cleanProfileFields(fields), id: randomUUID(), isManagedLocal: false, createdAt: now, updatedAt: now },
      secret,
      sentinelSecret,
    };
  }

  /**
   * The secret to store: `current` when no password is given, else the new
   * one bound to `endpoint`. No identity (a sentinels' password for a profile
   * without sentinels) stores nothing.
   */
  private secretFrom(password: string | null | undefined, current: ProfileSecret, endpoint: string | null): ProfileSecret {
    if (endpoint === null) return NO_SECRET;
    if (password === undefined) return current;
    if (password === null || password === '') return NO_SECRET;
    return this.secretBox
      ? { kind: 'sealed', sealed: sealBoundSecret(this.secretBox, password, endpoint) }
      : { kind: 'session', plain: password, endpoint };
  }

  /** The password with the endpoint identity it is bound to; undefined when none is stored. */
  private openSecret(record: ProfileRecord, which: SecretSlot = 'secret'): Result<OpenedSecret | undefined> {
    const secret = record[which];
    if (secret.kind === 'none') return ok(undefined);
    if (secret.kind === 'session') return ok({ password: secret.plain, endpoint: secret.endpoint });
    const name = record.profile.name;
    if (!this.secretBox)
      return fail(
        'SECRETS_UNAVAILABLE',
        `The saved password of "${name}" cannot be unlocked because secure storage is not available right now. ` +
          'Open the profile and enter the password again; Labwire will keep it until it closes.',
      );
    const opened = openBoundSecret(this.secretBox, secret.sealed);
    if (opened.ok) return opened;
    return fail(
      'SECRETS_UNAVAILABLE',
      `The saved password of "${name}" could not be unlocked, because the key that protects it has changed. ` +
        'Open the profile and enter the password again.',
      { detail: opened.error.detail },
    );
  }

  private notFound(): Result<never> {
    return fail('NOT_FOUND', 'That connection profile no longer exists. It may have been deleted in another window.');
  }

  private change<T>(mutate: (records: Records) => Result<T>): Promise<Result<T>> {
    const run = async (): Promise<Result<T>> => {
      const next: Records = new Map(this.records);
      const result = mutate(next);
      if (!result.ok) return result;
      try {
        await writeProfilesFile(this.path, [...next.values()].map(toStored));
      } catch (error) {
        return fail(
          'INTERNAL',
          `Labwire could not save the connection profiles to ${this.path}. Check that the disk is not full and the folder can be written.`,
          { detail: describeError(error) },
        );
      }
      this.records = next;
      return result;
    };
    const task = this.writeQueue.then(run, run);
    this.writeQueue = task.catch(() => undefined);
    return task;
  }
}

/** The draft without keys whose value is undefined, so spreading it does not erase what it leaves out. */
function withoutUndefined(draft: ProfileDraft): ProfileDraft {
  return Object.fromEntries(Object.entries(draft).filter(([, value]) => value !== undefined)) as unknown as ProfileDraft;
}
