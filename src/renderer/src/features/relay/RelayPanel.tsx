/**
 * The browser relay for this profile: start and stop it, copy its address
 * and token into a dashboard, and watch its clients. Polls relay:status once
 * a second (the bus keeps the numbers; nothing is counted here).
 */
import { useState } from 'react';
import type { RelayStatus } from '../../../../shared/features/relayContract';
import { formatCount } from '../../../../shared/countWords';
import type { Profile } from '../../../../shared/profile';
import { describeError } from '../../api/requestError';
import { Notice } from '../../components/Notice';
import { RelayClientTable } from './RelayClientTable';
import { RelayStartForm } from './RelayStartForm';
import { useRelayActions, useRelayStatus } from './useRelay';
import './relayPanel.css';

type RunningStatus = Extract<RelayStatus, { isRunning: true }>;

export function RelayPanel({ profile }: { profile: Profile }) {
  const status = useRelayStatus();
  const { start, stop, show } = useRelayActions();
  const relay = status.data;
  const actionError = start.error ?? stop.error;

  return (
    <section className="relay-panel" aria-label="Browser relay">
      <header className="relay-head">
        <h2>Browser relay</h2>
        <p className="muted">
          Dashboards in a browser, and Foxglove, receive this profile&apos;s channels over a WebSocket. The relay only reads: it never publishes to
          Redis{profile.isReadOnly ? ', and this profile is read-only anyway' : ''}.
        </p>
      </header>
      {status.isError && <Notice tone="error">{describeError(status.error)}</Notice>}
      {actionError && (
        <Notice tone="error" role="alert">
          {describeError(actionError)}
        </Notice>
      )}
      {relay && !relay.isRunning && (
        <>
          {relay.lastError && <Notice tone="warning">{relay.lastError}</Notice>}
          <RelayStartForm profileId={profile.id} isStarting={start.isPending} onStart={(params) => start.mutate(params, { onSuccess: show })} />
        </>
      )}
      {relay?.isRunning && relay.profileId !== profile.id && (
        <Notice tone="info" title="The relay is serving another profile">
          <p>One relay runs at a time. Stop it here to start it for {profile.name}.</p>
          <button type="button" onClick={() => stop.mutate({}, { onSuccess: show })} disabled={stop.isPending}>
            Stop relay
          </button>
        </Notice>
      )}
      {relay?.isRunning && relay.profileId === profile.id && <RunningRelay relay={relay} isStopping={stop.isPending} onStop={() => stop.mutate({}, { onSuccess: show })} />}
    </section>
  );
}

function RunningRelay({ relay, isStopping, onStop }: { relay: RunningStatus; isStopping: boolean; onStop(): void }) {
  return (
    <div className="relay-running">
      <dl className="relay-facts">
        <dt>Address for dashboards</dt>
        <dd>
          <CopyableText text={relay.url} label="address" />
        </dd>
        <dt>Token</dt>
        <dd>
          <CopyableText text={relay.token} label="token" />
          <span className="field-hint"> Sent as ?token= in the address; new each time the relay starts.</span>
        </dd>
        <dt>Protocols</dt>
        <dd>
          labwire-json{relay.isFoxgloveOn ? `, Foxglove (channels: ${relay.foxgloveTopics.length === 0 ? 'none listed' : relay.foxgloveTopics.join(', ')})` : ''}
        </dd>
        <dt>Pages allowed</dt>
        <dd>this computer{relay.allowedOrigins.length > 0 ? `, ${relay.allowedOrigins.join(', ')}` : ''}</dd>
        <dt>Refused connections</dt>
        <dd>{formatCount(relay.refusedConnections)} since the start (no token, a wrong token, another site or too many clients)</dd>
        <dt>Epoch</dt>
        <dd>
          <code>{relay.epoch}</code> <span className="field-hint">in every message: sequence numbers restart when it changes</span>
        </dd>
      </dl>
      <div className="button-row">
        <button type="button" className="danger" onClick={onStop} disabled={isStopping}>
          {isStopping ? 'Stopping…' : 'Stop relay'}
        </button>
        <span className="muted">Stopping closes every client&apos;s connection.</span>
      </div>
      {relay.lastError && (
        <Notice tone="warning" title="Latest problem">
          {relay.lastError}
        </Notice>
      )}
      <h3 className="relay-clients-title">Clients ({relay.clients.length})</h3>
      <RelayClientTable clients={relay.clients} />
    </div>
  );
}

function CopyableText({ text, label }: { text: string; label: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <span className="relay-copyable">
      <code>{text}</code>
      <button
        type="button"
        className="relay-copy"
        aria-label={`Copy the ${label}`}
        onClick={() => {
          void navigator.clipboard.writeText(text).then(
            () => setCopied(true),
            () => setCopied(false),
          );
        }}
      >
        {copied ? 'Copied' : 'Copy'}
      </button>
    </span>
  );
}
