/**
 * Bridges: a profile's device bridges (serial, UDP) with their live status,
 * the editor that creates and changes them, and the browser relay below.
 */
import { useState } from 'react';
import type { BridgeView } from '../../../../shared/bridges';
import { canReceive } from '../../../../shared/connectionState';
import type { Profile } from '../../../../shared/profile';
import { useConnectionState } from '../../api/busQueries';
import { describeError } from '../../api/requestError';
import { Notice } from '../../components/Notice';
import { RelayPanel } from '../relay/RelayPanel';
import { BridgeCard } from './BridgeCard';
import { BridgeEditor } from './BridgeEditor';
import { formFromConfig, newBridgeForm, type BridgeForm } from './bridgeForm';
import './bridges.css';
import { isBridgeActive } from './bridgeStatusText';
import { useBridgeList } from './useBridges';

const NO_BRIDGES: readonly BridgeView[] = [];

export function BridgesSection({ profile }: { profile: Profile }) {
  // Another profile has other bridges: the editor starts closed.
  return <Bridges key={profile.id} profile={profile} />;
}

function Bridges({ profile }: { profile: Profile }) {
  const list = useBridgeList(profile.id);
  const views = list.data ?? NO_BRIDGES;
  const connection = useConnectionState(profile.id);
  const isConnected = canReceive(connection.state) && profile.isDemo !== true;
  // The form being edited, keyed so "Edit" on another card starts that card's form afresh.
  const [editing, setEditing] = useState<{ key: string; form: BridgeForm } | null>(null);
  const editedView = editing === null ? undefined : views.find((view) => view.config.id === editing.key);

  return (
    <div className="bridges-section">
      <section className="bridges-list" aria-labelledby="bridges-title">
        <div className="bridges-header">
          <h2 id="bridges-title">Device bridges</h2>
          <button type="button" className="primary" disabled={editing !== null} onClick={() => setEditing({ key: 'new', form: newBridgeForm() })}>
            Add a bridge
          </button>
        </div>
        <p className="field-hint">
          A bridge carries a bench device's records into Redis and commands back to it: a board on a serial port, or an instrument sending UDP datagrams.
          {profile.isReadOnly ? ' This profile is read-only: bridges show records in lanes but publish nothing and write no commands.' : ''}
        </p>
        {list.isError && (
          <Notice tone="error" role="alert">
            {describeError(list.error)}
          </Notice>
        )}
        {editing !== null && (
          <BridgeEditor
            key={editing.key}
            profileId={profile.id}
            initialForm={editing.form}
            isRunning={editedView !== undefined && isBridgeActive(editedView.status)}
            onSaved={() => setEditing(null)}
            onCancel={() => setEditing(null)}
          />
        )}
        {list.data !== undefined && views.length === 0 && editing === null && (
          <p className="bridges-empty muted">This profile has no bridges yet. Add one to bring a serial or UDP device onto the lab bus.</p>
        )}
        {list.data === undefined && !list.isError && <p className="muted">Reading the bridges…</p>}
        <div className="bridge-cards">
          {views.map((view) => (
            <BridgeCard
              key={view.config.id}
              profileId={profile.id}
              view={view}
              isConnected={isConnected}
              onEdit={() => setEditing({ key: view.config.id, form: formFromConfig(view.config) })}
            />
          ))}
        </div>
      </section>
      <RelayPanel profile={profile} />
    </div>
  );
}
