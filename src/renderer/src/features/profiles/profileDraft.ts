/** The editor's form model and its mapping to the contract's ProfileDraft. */
import { isSameEndpointIdentity, sentinelIdentity } from '../../../../shared/endpointIdentity';
import type { FieldProblem } from '../../../../shared/profileValidation';
import { defaultProfileFields, type Profile, type ProfileDraft, type ProfileFields } from '../../../../shared/profile';
import { topologyFormFrom, topologyFromForm, type TopologyForm } from './topologyForm';

/**
 * Numbers are kept as typed, so a half-typed port shows a problem instead of
 * turning into 0; the dead-letter name patterns are one per line, as typed.
 */
export type ProfileForm = Omit<ProfileFields, 'port' | 'db' | 'deadLetterTemplates' | 'topology'> & {
  port: string;
  db: string;
  deadLetterTemplates: string;
  topology: TopologyForm;
};

/** What happens to the stored password on save. */
export type PasswordChoice = { kind: 'keep' } | { kind: 'replace'; value: string } | { kind: 'remove' };

export function formFromProfile(profile: Profile): ProfileForm {
  return {
    name: profile.name,
    host: profile.host,
    port: String(profile.port),
    db: String(profile.db),
    username: profile.username,
    tls: { ...profile.tls },
    color: profile.color,
    isReadOnly: profile.isReadOnly,
    isProduction: profile.isProduction,
    operatorName: profile.operatorName,
    deadLetterTemplates: profile.deadLetterTemplates.join('\n'),
    topology: topologyFormFrom(profile.topology),
  };
}

export function newProfileForm(): ProfileForm {
  const defaults = defaultProfileFields();
  return {
    ...defaults,
    name: '',
    port: String(defaults.port),
    db: String(defaults.db),
    tls: { ...defaults.tls },
    deadLetterTemplates: defaults.deadLetterTemplates.join('\n'),
    topology: topologyFormFrom(defaults.topology),
  };
}

export function initialPasswordChoice(profile: Profile | undefined): PasswordChoice {
  return profile?.hasPassword ? { kind: 'keep' } : { kind: 'replace', value: '' };
}

/** "6379" → 6379; anything but plain digits → NaN, which validation reports in words. */
export function parseWholeNumber(text: string): number {
  const trimmed = text.trim();
  return /^\d{1,9}$/.test(trimmed) ? Number(trimmed) : Number.NaN;
}

/** Exactly the fields the bus accepts: it refuses unknown keys. `sentinelPassword` applies to Sentinel profiles only. */
export function draftFromForm(form: ProfileForm, id: string | undefined, password: PasswordChoice, sentinelPassword: PasswordChoice = { kind: 'keep' }): ProfileDraft {
  const draft: ProfileDraft = {
    name: form.name.trim(),
    host: form.host.trim(),
    port: parseWholeNumber(form.port),
    // A cluster has only database 0 (SELECT fails on any other), and the editor hides the field there.
    db: form.topology.mode === 'cluster' ? 0 : parseWholeNumber(form.db),
    username: form.username.trim(),
    tls: { ...form.tls, caFile: form.tls.caFile.trim(), certFile: form.tls.certFile.trim(), keyFile: form.tls.keyFile.trim(), servername: form.tls.servername.trim() },
    color: form.color,
    isReadOnly: form.isReadOnly,
    isProduction: form.isProduction,
    operatorName: form.operatorName.trim(),
    deadLetterTemplates: templatesFromText(form.deadLetterTemplates),
    topology: topologyFromForm(form.topology),
  };
  // Sentinel and Cluster profiles do not dial host and port; they hold the first sentinel or seed, so every
  // place that shows a profile's address (headers, confirmations, the local-Redis offer) names a real node.
  const topology = draft.topology;
  const firstNode = topology?.mode === 'sentinel' ? topology.sentinels[0] : topology?.mode === 'cluster' ? topology.seeds[0] : undefined;
  if (firstNode && firstNode.host !== '' && Number.isInteger(firstNode.port)) {
    draft.host = firstNode.host;
    draft.port = firstNode.port;
  }
  if (id !== undefined) draft.id = id;
  if (password.kind === 'remove') draft.password = null;
  else if (password.kind === 'replace' && password.value !== '') draft.password = password.value;
  if (form.topology.mode === 'sentinel') {
    if (sentinelPassword.kind === 'remove') draft.sentinelPassword = null;
    else if (sentinelPassword.kind === 'replace' && sentinelPassword.value !== '') draft.sentinelPassword = sentinelPassword.value;
  }
  return draft;
}

/** The first problem per field, keyed by the field's dotted path. */
export function problemsByField(problems: readonly FieldProblem[]): Map<string, string> {
  const byField = new Map<string, string>();
  for (const problem of problems) if (!byField.has(problem.field)) byField.set(problem.field, problem.message);
  return byField;
}

export function isFormChanged(form: ProfileForm, profile: Profile | undefined, password: PasswordChoice, sentinelPassword: PasswordChoice = { kind: 'keep' }): boolean {
  if (!profile) return true;
  if (password.kind === 'remove' || (password.kind === 'replace' && password.value !== '')) return true;
  if (sentinelPassword.kind === 'remove' || (sentinelPassword.kind === 'replace' && sentinelPassword.value !== '')) return true;
  return JSON.stringify(form) !== JSON.stringify(formFromProfile(profile));
}

/**
 * True when the stored password will not go to the server the form names now:
 * the bus binds a password to its server (shared/endpointIdentity) and drops
 * it on a save that changes the server, so the editor asks for it again first.
 */
export function isPasswordAskedAgain(draft: ProfileDraft, profile: Profile | undefined): boolean {
  return profile !== undefined && profile.hasPassword && !isSameEndpointIdentity(draft, profile);
}

/** The same for the sentinels' password, bound to the sentinels, their user and TLS. */
export function isSentinelPasswordAskedAgain(draft: ProfileDraft, profile: Profile | undefined): boolean {
  return profile !== undefined && profile.hasSentinelPassword === true && sentinelIdentity(draft) !== sentinelIdentity(profile);
}

export function initialSentinelPasswordChoice(profile: Profile | undefined): PasswordChoice {
  return profile?.hasSentinelPassword === true ? { kind: 'keep' } : { kind: 'replace', value: '' };
}

/** One pattern per line; blank lines are dropped. */
export function templatesFromText(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
}
