/** The publish panel's checks and sentences, pure so they are tested without a browser. */
import { toVisibleText } from '../../../../shared/displayText';
import { CHANNEL_ID_PLACEHOLDER } from '../../../../shared/publishTemplates';
import { publishOutcomeSummary, subscriberCount, type PublishEncoding, type PublishRecord } from '../../../../shared/publishing';
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
  const title = publishOutcomeSummary(record);
  switch (record.outcome) {
    case 'delivered': {
      const others = otherReceivers(record);
      const own = record.receivers - others;
      const ownWords = own === 1 ? "Labwire's own lane or plot" : "Labwire's own lanes and plots";
      const ownNote =
        own === record.receivers
          ? `Redis counted ${subscriberCount(record.receivers)}: ${ownWords} on this connection.`
          : `Redis counted ${subscriberCount(record.receivers)}, ${own} of them ${ownWords} on this connection.`;
      if (others > 0) return { tone: 'success', title, detail: own > 0 ? `Published on ${channel}. ${ownNote}` : `Published on ${channel}.`, shouldOfferRetry: false };
      const detail =
        own > 0
          ? `Redis accepted the message on ${channel}, but no other client is subscribed to it. ${ownNote}`
          : `Redis accepted the message on ${channel}, but no client is subscribed to it, so nobody received it.`;
      return { tone: 'warning', title, detail, shouldOfferRetry: false };
    }
    case 'unknown':
      return {
        tone: 'warning',
        title: 'Sent, but the answer was lost — it may or may not have arrived',
        detail: `${record.reason} Check whether it had its effect before publishing again.`,
        shouldOfferRetry: true,
      };
    case 'failed':
      return { tone: 'error', title, detail: record.reason, shouldOfferRetry: false };
  }
}

/** The outcome in a few words, for the history list: the same words the audit log's `summary` has. */
export function outcomeShortText(record: PublishRecord): string {
  return publishOutcomeSummary(record);
}

/** Receivers other than Labwire's own subscriptions on this connection. */
export function otherReceivers(record: PublishRecord & { outcome: 'delivered' }): number {
  return Math.max(0, record.receivers - record.ownReceivers);
}

/** What stands out about a channel name that is still allowed: Redis takes any bytes, but a subscriber must type the same ones. */
export function channelWarning(channel: string): string | null {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is looked for
  if (/[\u0000-\u001f\u007f-\u009f]/.test(channel)) return 'The channel name has a control character (shown as an escape). Redis allows it, but a subscriber must use exactly the same bytes.';
  if (/\s/.test(channel)) {
    const where = /^\s|\s$/.test(channel) ? 'starts or ends with a space' : 'has a space';
    return `The channel name ${where}. Redis allows it, but subscribers must use exactly the same name, spaces included.`;
  }
  return null;
}

/** The payload with the message id a template filled in swapped for a new one (ids are UUIDs, so the text cannot clash). */
export function replaceMessageId(payload: string, previousId: string, nextId: string): string {
  return payload.split(previousId).join(nextId);
}
