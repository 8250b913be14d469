import { useQueryClient } from '@tanstack/react-query';
import { useId, useMemo, useState, type FormEvent } from 'react';
import type { Profile } from '../../../../shared/profile';
import { fillTemplate, hasMessageId, templatesForChannel } from '../../../../shared/publishTemplates';
import type { PublishCommand, PublishEncoding, PublishRecord, PublishRequest, PublishTemplate } from '../../../../shared/publishing';
import { describeError, RequestError } from '../../api/requestError';
import { useBusMutation } from '../../api/useBusMutation';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { Notice } from '../../components/Notice';
import { formatBytes } from '../../format/formatBytes';
import { formatClockTime } from '../../format/formatClockTime';
import { publishQueryKeys } from './publishQueryKeys';
import { CommandChoice } from './CommandChoice';
import { EncodingChoice } from './EncodingChoice';
import { channelWarning, checkChannel, checkPayload, quoteChannel, replaceMessageId } from './publishDraft';
import { PublishHistoryList } from './PublishHistoryList';
import { PublishOutcomeNotice } from './PublishOutcomeNotice';
import { TemplatePicker } from './TemplatePicker';

interface PublishPanelProps {
  profile: Profile;
  isReady: boolean;
  /** Channels to offer as the user types (seen in the feed, lanes, earlier publishes). */
  channelSuggestions: readonly string[];
}

interface Draft {
  channel: string;
  encoding: PublishEncoding;
  payload: string;
  /** The message id a template filled in, swapped for a fresh one after each delivered publish. */
  messageId: string | null;
  /** Cluster profiles: the command chosen for each channel typed; a channel not in it gets PUBLISH. */
  commandByChannel: Readonly<Record<string, PublishCommand>>;
}

const EMPTY_DRAFT: Draft = { channel: '', encoding: 'json', payload: '{\n  \n}', messageId: null, commandByChannel: {} };

function commandOf(draft: Draft): PublishCommand {
  return Object.hasOwn(draft.commandByChannel, draft.channel) ? (draft.commandByChannel[draft.channel] ?? 'publish') : 'publish';
}

/** Publishes one message to a channel: checked before it leaves, confirmed on production, never re-sent on its own. */
export function PublishPanel({ profile, isReady, channelSuggestions }: PublishPanelProps) {
  const id = useId();
  const queryClient = useQueryClient();
  const publish = useBusMutation('publish:send');
  const [draft, setDraft] = useState<Draft>(EMPTY_DRAFT);
  const [lastRequest, setLastRequest] = useState<PublishRequest | null>(null);
  const [lastRecord, setLastRecord] = useState<PublishRecord | null>(null);
  const [confirming, setConfirming] = useState<PublishRequest | null>(null);
  const [note, setNote] = useState('');

  const channelProblem = checkChannel(draft.channel);
  const channelNotice = channelProblem ?? channelWarning(draft.channel);
  // The panel re-renders with every lane update; a pasted multi-megabyte payload is parsed only when it changes.
  const payloadCheck = useMemo(() => checkPayload(draft.payload, draft.encoding), [draft.payload, draft.encoding]);
  const payloadBytes = useMemo(() => new TextEncoder().encode(draft.payload).length, [draft.payload]);
  const isDisabled = profile.isReadOnly || !isReady;
  const isCluster = profile.topology.mode === 'cluster';
  const canPublish = !isDisabled && channelProblem === null && payloadCheck.state === 'valid' && !publish.isPending;

  const send = (request: PublishRequest): void => {
    publish.reset();
    setLastRecord(null);
    setNote('');
    setLastRequest(request);
    publish.mutate(request, {
      onSuccess: (record) => {
        setLastRecord(record);
        void queryClient.invalidateQueries({ queryKey: publishQueryKeys.history(profile.id) });
        if (record.outcome === 'delivered') refreshMessageId(request.payload);
      },
      onError: (error) => {
        // The profile became production after this panel last looked: ask now, then send the same attempt confirmed.
        if (error instanceof RequestError && error.busError.code === 'NEEDS_CONFIRMATION') setConfirming(request);
      },
    });
  };

  /** Swaps the template's message id for a fresh one, and says so only when the payload held it (the user may have edited it away). */
  const refreshMessageId = (sentPayload: string): void => {
    if (draft.messageId === null || !sentPayload.includes(draft.messageId)) return;
    const nextId = crypto.randomUUID();
    setDraft((current) => withFreshMessageId(current, nextId));
    setNote('A new message id was filled in for the next publish.');
  };

  const startAttempt = (request: Omit<PublishRequest, 'attemptId' | 'isConfirmed'>): void => {
    const attempt: PublishRequest = { ...request, attemptId: crypto.randomUUID(), isConfirmed: false };
    if (profile.isProduction) setConfirming(attempt);
    else send(attempt);
  };

  const onSubmit = (event: FormEvent): void => {
    event.preventDefault();
    if (!canPublish) return;
    startAttempt({ profileId: profile.id, channel: draft.channel, payload: draft.payload, encoding: draft.encoding, ...(isCluster ? { command: commandOf(draft) } : {}) });
  };

  const onPickTemplate = (template: PublishTemplate): void => {
    const messageId = crypto.randomUUID();
    const filled = fillTemplate(template, { messageId, nowSeconds: Date.now() / 1000 });
    const keepsChannel = checkChannel(draft.channel) === null && templatesForChannel(draft.channel, [template]).length > 0;
    setDraft({
      channel: keepsChannel ? draft.channel : filled.channel,
      encoding: filled.encoding,
      payload: filled.payload,
      messageId: hasMessageId(template) ? messageId : null,
      commandByChannel: draft.commandByChannel,
    });
    setNote(hasMessageId(template) ? 'The template has a fresh message id; a new one is filled in after each delivered publish.' : '');
  };

  const onLoadRecord = (record: PublishRecord): void => {
    setDraft({
      channel: record.channel,
      encoding: record.encoding,
      payload: record.payload,
      messageId: null,
      commandByChannel: { ...draft.commandByChannel, [record.channel]: record.command },
    });
    setNote(`Loaded the message published at ${formatClockTime(record.at)}. Check it, then publish.`);
  };

  return (
    <section className="card publish-panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Publish a message</h2>
      {profile.isReadOnly ? (
        <Notice tone="info">
          &quot;{profile.name}&quot; is read-only, so publishing is turned off. Turn off &quot;Read-only&quot; in the profile settings on the Connection tab to
          publish.
        </Notice>
      ) : (
        !isReady && <Notice tone="info">Connect to this server to publish.</Notice>
      )}
      <div className="publish-columns">
        <form className="publish-form" aria-label="Publish a message" onSubmit={onSubmit}>
          <fieldset className="publish-fields" disabled={isDisabled}>
            <legend className="visually-hidden">Message to publish</legend>
            <div className="publish-row">
              <div className="field publish-channel">
                <label htmlFor={`${id}-channel`}>Channel</label>
                <input
                  id={`${id}-channel`}
                  type="text"
                  className="mono-input"
                  list={`${id}-channels`}
                  value={draft.channel}
                  placeholder="user:demo1:commands"
                  spellCheck={false}
                  autoComplete="off"
                  aria-invalid={draft.channel !== '' && channelProblem !== null ? true : undefined}
                  aria-describedby={`${id}-channel-problem`}
                  onChange={(event) => setDraft({ ...draft, channel: event.target.value })}
                />
                <datalist id={`${id}-channels`}>
                  {channelSuggestions.map((channel) => (
                    <option key={channel} value={channel} />
                  ))}
                </datalist>
                <p
                  id={`${id}-channel-problem`}
                  className={draft.channel === '' || channelNotice === null ? 'visually-hidden' : channelProblem !== null ? 'field-problem' : 'field-warning'}
                  data-testid="channel-notice"
                >
                  {draft.channel !== '' ? channelNotice : ''}
                </p>
              </div>
              <TemplatePicker channel={draft.channel} onPick={onPickTemplate} />
            </div>
            {isCluster && (
              <CommandChoice value={commandOf(draft)} onChange={(command) => setDraft({ ...draft, commandByChannel: { ...draft.commandByChannel, [draft.channel]: command } })} />
            )}
            <EncodingChoice value={draft.encoding} onChange={(encoding) => setDraft({ ...draft, encoding })} />
            <div className="field">
              <label htmlFor={`${id}-payload`}>Payload</label>
              <textarea
                id={`${id}-payload`}
                className="payload-editor"
                value={draft.payload}
                rows={9}
                spellCheck={false}
                aria-invalid={payloadCheck.state === 'invalid' ? true : undefined}
                aria-describedby={`${id}-payload-check`}
                onChange={(event) => setDraft({ ...draft, payload: event.target.value })}
              />
              <p id={`${id}-payload-check`} className={payloadCheck.state === 'invalid' ? 'field-problem' : 'field-hint payload-ok'} aria-live="polite">
                {payloadCheck.state === 'invalid' ? payloadCheck.problem : `${payloadCheck.note} ${formatBytes(payloadBytes)} as typed.`}
              </p>
            </div>
            <div className="button-row">
              <button type="submit" className="primary" disabled={!canPublish}>
                {publish.isPending ? 'Publishing…' : 'Publish'}
              </button>
              {profile.isProduction && <span className="field-hint">Production server: you will be asked to confirm.</span>}
            </div>
          </fieldset>
          <p className="field-hint publish-note" role="status" aria-live="polite">
            {note}
          </p>
          {lastRecord && (
            <PublishOutcomeNotice
              record={lastRecord}
              isBusy={publish.isPending}
              onPublishAgain={() =>
                lastRequest &&
                startAttempt({
                  profileId: lastRequest.profileId,
                  channel: lastRequest.channel,
                  payload: lastRequest.payload,
                  encoding: lastRequest.encoding,
                  ...(lastRequest.command ? { command: lastRequest.command } : {}),
                })
              }
            />
          )}
          {publish.error && !(publish.error instanceof RequestError && publish.error.busError.code === 'NEEDS_CONFIRMATION') && (
            <Notice tone="error" role="alert" title="Not published">
              {describeError(publish.error)}
            </Notice>
          )}
        </form>
        <PublishHistoryList profileId={profile.id} onLoad={onLoadRecord} />
      </div>
      <ConfirmDialog
        isOpen={confirming !== null}
        title="Publish to a production server?"
        message={
          confirming
            ? `"${profile.name}" (${profile.host}:${profile.port}) is a production server. Publish this message to ${quoteChannel(confirming.channel)}? Systems listening there may act on it.`
            : ''
        }
        confirmLabel="Publish"
        isDangerous
        onCancel={() => setConfirming(null)}
        onConfirm={() => {
          if (confirming) send({ ...confirming, isConfirmed: true });
          setConfirming(null);
        }}
      />
    </section>
  );
}

function withFreshMessageId(draft: Draft, nextId: string): Draft {
  if (draft.messageId === null || !draft.payload.includes(draft.messageId)) return draft;
  return { ...draft, payload: replaceMessageId(draft.payload, draft.messageId, nextId), messageId: nextId };
}
