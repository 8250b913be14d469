/** The publish panel's checks and sentences, pure so they are tested without a browser. */
import { toVisibleText } from '../../../../shared/displayText';
import { CHANNEL_ID_PLACEHOLDER } from '../../../../shared/publishTemplates';
import type { PublishEncoding, PublishRecord } from '../../../../shared/publishing';
import type { NoticeTone } from '../../components/Notice';

export const ENCODING_LABELS: Readonly<Record<PublishEncoding, string>> = {
  json: 'JSON',
  msgpack: 'MessagePack',
  text: 'Plain text',
};

export const ENCODING_HINTS: Readonly<Record<PublishEncoding, string>> = {
  json: 'Sent exactly as typed, as UTF-8 JSON text.',
  msgpack: 'Type JSON here; Labwire packs it as MessagePack.',
  text: 'Sent exactly as typed, as UTF-8 text.',
};

export type PayloadCheck = { state: 'valid'; note: string } | { state: 'invalid'; problem: string };

/** JSON and MessagePack payloads are typed as JSON: check them as the user types. */
export function checkPayload(payload: string, encoding: PublishEncoding): PayloadCheck {
  if (encoding === 'text') return { state: 'valid', note: 'Plain text: sent as typed.' };
  if (payload.trim() === '') return { state: 'invalid', problem: 'The payload is empty. Type a JSON value, for example {} or "text".' };
  try {
    JSON.parse(payload);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { state: 'invalid', problem: `Not valid JSON: ${reason}` };
  }
  return { state: 'valid', note: encoding === 'msgpack' ? 'Valid JSON, sent packed as MessagePack.' : 'Valid JSON.' };
}

/** What keeps the channel from being published to, or null. */
export function checkChannel(channel: string): string | null {
  if (channel === '') return 'Enter the channel to publish to.';
  if (channel.includes(CHANNEL_ID_PLACEHOLDER)) return `Replace ${CHANNEL_ID_PLACEHOLDER} in the channel with the user or device id, for example user:demo1:commands.`;
  return null;
}

/** A channel name quoted in a sentence: invisible characters shown, long names cut. */
export function quoteChannel(channel: string): string {
  const visible = toVisibleText(channel);
  return visible.length > 120 ? `${visible.slice(0, 120)}…` : visible;
}

export interface OutcomeDescription {
  tone: NoticeTone;
  title: string;
  detail: string;
  /** The outcome is unknown: offer a new attempt, which the user must choose. */
  shouldOfferRetry: boolean;
}

export function describeOutcome(record: PublishRecord): OutcomeDescription {
  const channel = quoteChannel(record.channel);
  switch (record.outcome) {
    case 'delivered':
      if (record.receivers === 0) {
        return {
          tone: 'warning',
          title: `Nobody was listening on ${channel} (0 subscribers)`,
          detail: 'Redis accepted the message, but no client is subscribed to this channel, so nobody received it.',
          shouldOfferRetry: false,
        };
      }
      return {
        tone: 'success',
        title: `Delivered to ${subscriberCount(record.receivers)}`,
        detail: `Published on ${channel}.`,
        shouldOfferRetry: false,
      };
    case 'unknown':
      return {
        tone: 'warning',
        title: 'Sent, but the answer was lost — it may or may not have arrived',
        detail: `${record.reason} Check whether it had its effect before publishing again.`,
        shouldOfferRetry: true,
      };
    case 'failed':
      return { tone: 'error', title: 'Not published', detail: record.reason, shouldOfferRetry: false };
  }
}

/** The outcome in a few words, for the history list. */
export function outcomeShortText(record: PublishRecord): string {
  switch (record.outcome) {
    case 'delivered':
      return record.receivers === 0 ? 'Nobody listening' : 'Delivered';
    case 'unknown':
      return 'Outcome unknown';
    case 'failed':
      return 'Not published';
  }
}

export function subscriberCount(count: number): string {
  return `${new Intl.NumberFormat('en-US').format(count)} ${count === 1 ? 'subscriber' : 'subscribers'}`;
}

/** The payload with the message id a template filled in swapped for a new one (ids are UUIDs, so the text cannot clash). */
export function replaceMessageId(payload: string, previousId: string, nextId: string): string {
  return payload.split(previousId).join(nextId);
}
