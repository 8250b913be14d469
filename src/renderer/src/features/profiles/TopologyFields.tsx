import { TextField } from '../../components/TextField';
import { PasswordField } from './PasswordField';
import type { PasswordChoice } from './profileDraft';
import { TlsFields } from './TlsFields';
import { mappingLineProblem, nodeLineProblem, type TopologyForm } from './topologyForm';
import { MASTER_NAME_HINT, MODE_CHOICES, NAT_MAP_HINT, SEEDS_HINT, SENTINEL_PASSWORD_TEXT, SENTINEL_TLS_HINT, SENTINEL_USERNAME_HINT, SENTINELS_HINT } from './topologyText';
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

/** The first problem of any field under `prefix` ("topology.sentinels" covers each sentinel's host and port). */
function problemUnder(problems: ReadonlyMap<string, string>, prefix: string): string | undefined {
  for (const [field, message] of problems) if (field === prefix || field.startsWith(`${prefix}.`)) return message;
  return undefined;
}

/**
 * A field's shown problem: when validation found one (and it is shown, so
 * the field was touched or saved), the line-level words if a line lacks its
 * shape ("line 2 needs a port"), which say more than "the port of sentinel 2".
 */
function lineProblemOr(shown: string | undefined, lineProblem: string | null): string | undefined {
  return shown === undefined ? undefined : (lineProblem ?? shown);
}

/** How the profile reaches its data: the mode choice and each mode's fields, each explained in one line. */
export function TopologyFields(props: TopologyFieldsProps) {
  const { topology, onChange, problems } = props;
  const set = <K extends keyof TopologyForm>(key: K, value: TopologyForm[K]): void => onChange({ ...topology, [key]: value });
  return (
    <fieldset className="topology-fields">
      <legend>Connection mode</legend>
      <div className="topology-modes" role="radiogroup" aria-label="Connection mode">
        {MODE_CHOICES.map((choice) => (
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
            hint={SEEDS_HINT}
            problem={lineProblemOr(problemUnder(problems, 'topology.seeds'), nodeLineProblem(topology.seeds, '10.0.0.5:7000'))}
            onChange={(seeds) => set('seeds', seeds)}
          />
          <NodeListField
            id="profile-topology-natMap"
            label="Address mapping (optional)"
            value={topology.natMap}
            placeholder="172.17.0.2:7000 -> 127.0.0.1:17000"
            hint={NAT_MAP_HINT}
            problem={lineProblemOr(problemUnder(problems, 'topology.natMap'), mappingLineProblem(topology.natMap))}
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
  return (
    <>
      <div className="field-grid">
        <NodeListField
          id="profile-topology-sentinels"
          label="Sentinels"
          value={topology.sentinels}
          placeholder={'10.0.0.5:26379\n10.0.0.6:26379'}
          hint={SENTINELS_HINT}
          problem={lineProblemOr(problemOf('topology.sentinels'), nodeLineProblem(topology.sentinels, '10.0.0.5:26379'))}
          onChange={(sentinels) => set('sentinels', sentinels)}
        />
        <TextField
          id="profile-topology-masterName"
          label="Master name"
          value={topology.masterName}
          placeholder="mymaster"
          hint={MASTER_NAME_HINT}
          problem={problemOf('topology.masterName')}
          onChange={(masterName) => set('masterName', masterName)}
        />
        <TextField
          id="profile-topology-sentinelUsername"
          label="Sentinels' user name"
          value={topology.sentinelUsername}
          placeholder="none"
          hint={SENTINEL_USERNAME_HINT}
          problem={problemOf('topology.sentinelUsername')}
          onChange={(sentinelUsername) => set('sentinelUsername', sentinelUsername)}
        />
        <PasswordField
          hasStoredPassword={hasStoredSentinelPassword}
          isAskedAgain={isSentinelPasswordAskedAgain}
          choice={sentinelPassword}
          onChange={onSentinelPasswordChange}
          problem={problems.get('sentinelPassword')}
          text={SENTINEL_PASSWORD_TEXT}
        />
      </div>
      <TlsFields
        tls={topology.sentinelTls}
        field="topology.sentinelTls"
        legend="Encryption to the sentinels (TLS)"
        description={SENTINEL_TLS_HINT}
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
