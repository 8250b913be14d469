/**
 * The bus's gate for every groups request: the profile exists and is
 * connected, and, for an action, the operator confirmed it and the profile
 * is not read-only (refused here whatever the panel shows). Also the
 * server's stream capabilities, read once per connection from its version.
 */
import type { LabwireClient } from '../../connections/connectClient';
import type { Profile } from '../../../shared/profile';
import { fail, ok, type Result } from '../../../shared/result';
import type { ConnectionRegistry } from '../../connections/connectionRegistry';
import { MasterGuard } from '../masterGuard';
import { streamCapabilitiesOf, type StreamCapabilities } from '../streamCapabilities';

export interface GroupsContext {
  profile: Profile;
  client: LabwireClient;
}

/** What the action is, for the refusal sentences: "acknowledge entries of lab:tasks". */
export interface ActionWords {
  doing: string;
}

export class GroupsAccess {
  /** Per profile: the capabilities of the server its current connection reached. */
  private readonly capabilities = new Map<string, { client: LabwireClient; capabilities: Promise<StreamCapabilities> }>();
  private readonly masterGuard: MasterGuard;

  constructor(
    private readonly connections: ConnectionRegistry,
    private readonly profileOf: (profileId: string) => Profile | undefined,
  ) {
    this.masterGuard = new MasterGuard((profileId) => connections.masterSwitchOf(profileId));
  }

  forRead(profileId: string): Result<GroupsContext> {
    const profile = this.profileOf(profileId);
    if (!profile) return fail('NOT_FOUND', 'That connection profile no longer exists.');
    const client = this.connections.dataClient(profileId);
    if (!client) return fail('NOT_CONNECTED', `Labwire is not connected to "${profile.name}". Connect first.`);
    return ok({ profile, client });
  }

  /** The checks of forRead, then read-only and confirmation, then ROLE after a switch or reconnect (masterGuard.ts). */
  async forAction(profileId: string, isConfirmed: boolean, words: ActionWords): Promise<Result<GroupsContext>> {
    const profile = this.profileOf(profileId);
    if (!profile) return fail('NOT_FOUND', 'That connection profile no longer exists.');
    if (profile.isReadOnly) {
      return fail('READ_ONLY', `"${profile.name}" is read-only, so Labwire will not ${words.doing}. Turn off "read-only" in the profile to change streams.`);
    }
    if (!isConfirmed) return fail('NEEDS_CONFIRMATION', `Confirm first: Labwire will ${words.doing}.`);
    const context = this.forRead(profileId);
    if (!context.ok) return context;
    const master = await this.masterGuard.confirmMaster(profileId, context.value.client);
    return master.ok ? context : master;
  }

  /** Read once per connection (INFO); a server whose version cannot be read gets the 7.0 commands only. */
  capabilitiesOf(context: GroupsContext): Promise<StreamCapabilities> {
    const known = this.capabilities.get(context.profile.id);
    if (known && known.client === context.client) return known.capabilities;
    const capabilities = this.connections.readFacts(context.profile.id).then((facts) => streamCapabilitiesOf(facts.ok ? facts.value.version : 'unknown'));
    this.capabilities.set(context.profile.id, { client: context.client, capabilities });
    return capabilities;
  }

  forget(profileId: string): void {
    this.capabilities.delete(profileId);
  }
}
