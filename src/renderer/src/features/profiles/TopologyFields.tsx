import type { TopologyMode } from '../../../../shared/profile';
import { TextField } from '../../components/TextField';
import type { PasswordChoice } from './profileDraft';
import { TlsFields } from './TlsFields';
import type { TopologyForm } from './topologyForm';
import './topologyFields.css';

interface TopologyFieldsProps {
  topology: TopologyForm;
  onChange(topology: TopologyForm): void;
  /** Problems keyed by dotted field path ("topology.seeds.0.port"). */
  problems: ReadonlyMap<string, string>;
  hasStoredSentinelPassword: boolean;
  /** The sentinels, their user or TLS changed: the stored sentinels' password will not be kept. */
  isSentinelPasswordAskedAgain: boolean;
  sentinelPassword: PasswordChoice;
  onSentinelPasswordChange(choice: PasswordChoice): void;
  shouldChooseTlsFiles: boolean;
}

const MODES: { mode: TopologyMode; label: string; hint: string }[] = [
  { mode: 'standalone', label: 'One server', hint: 'A single Redis server at one address.' },
  { mode: 'sentinel', label: 'Sentinel', hint: 'Sentinels watch a master and its replicas and name the current master after a failover.' },
  { mode: 'cluster', label: 'Cluster', hint: 'Data is split over several masters; any few nodes lead Labwire to all of them.' },
];

/** The first problem of any field under `prefix` ("topology.sentinels" covers each sentinel's host and port). */
function problemUnder(problems: ReadonlyMap<string, string>, prefix: string): string | undefined {
  for (const [field, message] of problems) if (field === prefix || field.startsWith(`${prefix}.`)) return message;
  return undefined;
}

/** How the profile reaches its data: the mode choice and each mode's fields, each explained in one line. */
export function TopologyFields(props: TopologyFieldsProps) {
  const { topology, onChange, problems } = props;
  const set = <K extends keyof TopologyForm>(key: K, value: TopologyForm[K]): void => onChange({ ...topology, [key]: value });
  return (
    <fieldset className="topology-fields">
      <legend>Connection mode</legend>
      <div className="topology-modes" role="radiogroup" aria-label="Connection mode">
        {MODES.map((choice) => (
          <label key={choice.mode} className="topology-mode">
            <input type="radio" name="profile-topology-mode" value={choice.mode} checked={topology.mode === choice.mode} onChange={() => set('mode', choice.mode)} />
            <span>
              <strong>{choice.label}</strong>
              <span className="field-hint">{choice.hint}</span>
            </span>
          </label>
        ))}
      </div>
      {topology.mode === 'sentinel' && <SentinelFields {...props} problemOf={(prefix) => problemUnder(problems, prefix)} set={set} />}
      {topology.mode === 'cluster' && (
        <div className="field-grid">
          <NodeListField
            id="profile-topology-seeds"
            label="Seed nodes"
            value={topology.seeds}
            placeholder={'10.0.0.5:7000\n10.0.0.6:7000'}
            hint="Any few nodes of the cluster, one host:port per line; Labwire asks them for all the others."
            problem={problemUnder(problems, 'topology.seeds')}
            onChange={(seeds) => set('seeds', seeds)}
          />
          <NodeListField
            id="profile-topology-natMap"
            label="Address mapping (optional)"
            value={topology.natMap}
            placeholder="172.17.0.2:7000 -> 127.0.0.1:17000"
            hint="Only when the cluster announces addresses this computer cannot reach (NAT, Docker): announced -> reachable, one per line."
            problem={problemUnder(problems, 'topology.natMap')}
            onChange={(natMap) => set('natMap', natMap)}
          />
        </div>
      )}
    </fieldset>
  );
}

function SentinelFields({
  topology,
  set,
  problemOf,
  problems,
  hasStoredSentinelPassword,
  isSentinelPasswordAskedAgain,
  sentinelPassword,
  onSentinelPasswordChange,
  shouldChooseTlsFiles,
}: TopologyFieldsProps & { set<K extends keyof TopologyForm>(key: K, value: TopologyForm[K]): void; problemOf(prefix: string): string | undefined }) {
  const isStoredKept = hasStoredSentinelPassword && !isSentinelPasswordAskedAgain && sentinelPassword.kind === 'keep';
  return (
    <>
      <div className="field-grid">
        <NodeListField
          id="profile-topology-sentinels"
          label="Sentinels"
          value={topology.sentinels}
          placeholder={'10.0.0.5:26379\n10.0.0.6:26379'}
          hint="The sentinels' addresses, one host:port per line (sentinels normally use port 26379)."
          problem={problemOf('topology.sentinels')}
          onChange={(sentinels) => set('sentinels', sentinels)}
        />
        <TextField
          id="profile-topology-masterName"
          label="Master name"
          value={topology.masterName}
          placeholder="mymaster"
          hint={'The name in the sentinels\' "sentinel monitor <name>" line.'}
          problem={problemOf('topology.masterName')}
          onChange={(masterName) => set('masterName', masterName)}
        />
        <TextField
          id="profile-topology-sentinelUsername"
          label="Sentinels' user name"
          value={topology.sentinelUsername}
          placeholder="none"
          hint="Only if the sentinels have their own ACL user; the user name above is for the data servers."
          problem={problemOf('topology.sentinelUsername')}
          onChange={(sentinelUsername) => set('sentinelUsername', sentinelUsername)}
        />
        <div className="field">
          <label htmlFor="profile-sentinelPassword">Sentinels' password</label>
          <input
            id="profile-sentinelPassword"
            type="password"
            autoComplete="new-password"
            value={sentinelPassword.kind === 'replace' ? sentinelPassword.value : ''}
            placeholder={isStoredKept ? 'stored (type to replace)' : 'none'}
            onChange={(event) => onSentinelPasswordChange(event.target.value === '' ? { kind: 'keep' } : { kind: 'replace', value: event.target.value })}
          />
          <p className="field-hint">
            {isSentinelPasswordAskedAgain
              ? 'The sentinels changed: the stored password stays with the old ones. Enter it again if these need one.'
              : "Kept apart from the data password and sent only to these sentinels. Leave empty if they have none."}
          </p>
          {problems.get('sentinelPassword') && <p className="field-problem">{problems.get('sentinelPassword')}</p>}
          {isStoredKept && (
            <button type="button" onClick={() => onSentinelPasswordChange({ kind: 'remove' })}>
              Remove stored sentinels' password
            </button>
          )}
          {sentinelPassword.kind === 'remove' && <p className="field-hint">The stored sentinels' password will be removed when you save.</p>}
        </div>
      </div>
      <TlsFields
        tls={topology.sentinelTls}
        field="topology.sentinelTls"
        legend="Encryption towards the sentinels (TLS)"
        shouldChooseFiles={shouldChooseTlsFiles}
        problems={problems}
        onChange={(sentinelTls) => set('sentinelTls', sentinelTls)}
      />
    </>
  );
}

function NodeListField(props: { id: string; label: string; value: string; placeholder: string; hint: string; problem: string | undefined; onChange(value: string): void }) {
  const { id, label, value, placeholder, hint, problem, onChange } = props;
  return (
    <div className="field field-wide">
      <label htmlFor={id}>{label}</label>
      <textarea
        id={id}
        rows={3}
        value={value}
        placeholder={placeholder}
        spellCheck={false}
        aria-invalid={problem ? true : undefined}
        aria-describedby={problem ? `${id}-problem ${id}-hint` : `${id}-hint`}
        onChange={(event) => onChange(event.target.value)}
      />
      <p id={`${id}-hint`} className="field-hint">
        {hint}
      </p>
      {problem && (
        <p id={`${id}-problem`} className="field-problem">
          {problem}
        </p>
      )}
    </div>
  );
}
