/**
 * The words the profile editor uses for each connection mode: what each
 * field is for, with an example, for technicians who did not set up the
 * Redis servers themselves.
 */
import type { TopologyMode } from '../../../../shared/profile';
import { DATA_PASSWORD_TEXT, type PasswordFieldText } from './PasswordField';

export const MODE_CHOICES: { mode: TopologyMode; label: string; hint: string }[] = [
  { mode: 'standalone', label: 'One server', hint: 'A single Redis server at one address. Most labs start here.' },
  {
    mode: 'sentinel',
    label: 'Sentinel',
    hint: 'A master with replicas, watched by sentinels that promote a replica if the master fails. Labwire asks the sentinels where the master is.',
  },
  { mode: 'cluster', label: 'Cluster', hint: 'Data spread over several masters (shards). Labwire finds every node from the few you list.' },
];

export const SENTINELS_HINT =
  'Where the sentinels listen, one host:port per line, e.g. 10.0.0.5:26379. List two or three: if one is down, Labwire asks the next. ' +
  'Sentinels usually use port 26379; these are not the data servers\u2019 addresses.';

export const MASTER_NAME_HINT =
  'The name the sentinels know this group by: the <name> in their line "sentinel monitor <name> <host> <port> <quorum>", e.g. mymaster. Ask whoever set up the sentinels if unsure.';

export const SENTINEL_USERNAME_HINT = 'Only if the sentinels have their own user (an ACL user in sentinel.conf). The user name further down is for the data servers.';

export const SEEDS_HINT =
  'Two or three nodes of the cluster, one host:port per line, e.g. 10.0.0.5:7000. Labwire asks them for all the other nodes, so you need not list every one; ' +
  'more than one still connects when a node is down.';

export const NAT_MAP_HINT =
  'Leave empty unless the cluster runs in Docker or behind NAT and reports addresses this computer cannot reach. One line per node: ' +
  'the address the cluster reports -> the address to use instead, e.g. 172.17.0.2:7000 -> 127.0.0.1:17000.';

export const SENTINEL_TLS_HINT = 'Set apart from the data servers\u2019 encryption below: sentinels and data servers may each use TLS or not.';

export const SENTINEL_PASSWORD_TEXT: PasswordFieldText = {
  id: 'profile-sentinelPassword',
  label: "Sentinels' password",
  testId: 'sentinel-password',
  emptyHint: 'Only if the sentinels ask for one (requirepass in sentinel.conf). Kept apart from the data password and sent only to these sentinels.',
  askedAgainText:
    "The sentinels changed (addresses, master name, user name or encryption), so Labwire will not send them the stored sentinels' password. Enter it here, or leave it empty if these sentinels have none.",
};

/** The data password's words: in Sentinel and Cluster modes it is the data servers', not the sentinels'. */
export function dataPasswordText(mode: TopologyMode): PasswordFieldText {
  if (mode === 'sentinel') return { ...DATA_PASSWORD_TEXT, label: "Data servers' password", emptyHint: 'The password of the master and replicas. Leave empty if they have none.' };
  if (mode === 'cluster') return { ...DATA_PASSWORD_TEXT, label: "Cluster nodes' password", emptyHint: 'The same password on every node. Leave empty if the cluster has none.' };
  return DATA_PASSWORD_TEXT;
}

/** The legend of the data side's TLS settings. */
export function dataTlsLegend(mode: TopologyMode): string {
  if (mode === 'sentinel') return "Encryption to the data servers (TLS)";
  if (mode === 'cluster') return 'Encryption to the cluster nodes (TLS)';
  return 'Encryption (TLS)';
}
