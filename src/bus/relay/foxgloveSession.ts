/**
 * The part of the Foxglove WebSocket protocol (subprotocol
 * foxglove.websocket.v1, JSON encoding) that lets Foxglove and Lichtblick
 * open the lab's live data: server info, one advertised channel per Redis
 * channel or pattern the operator chose, subscribe/unsubscribe by channel
 * id, and binary Message Data frames. No client publishing, parameters or
 * services are offered: the relay only reads.
 * Written from the protocol's documentation (foxglove/ws-protocol docs/spec.md).
 */
import type { LaneSubscription } from '../../shared/liveChannels';
import type { PubsubTarget } from '../sources/redisPubsub/hubSubscription';
import type { RelayClient } from './relayClient';
import { MAX_SUBSCRIPTIONS_PER_CLIENT } from './relayLimits';
import { ownField, parseClientObject, type ProblemReporter, type RelaySession } from './relaySession';
import { describeTargetState, targetKey, targetLabel, type RelayDelivery, type RelaySubscriptions } from './relaySubscriptions';

/** Binary opcode of a Message Data frame. */
const MESSAGE_DATA_OPCODE = 0x01;
/** Opcode, uint32 subscription id, uint64 receive time in ns: all little-endian. */
const MESSAGE_DATA_HEADER_BYTES = 13;

const STATUS_WARNING = 1;
const STATUS_ERROR = 2;

/** What every advertised channel carries: the Redis channel, its sequence number, the relay epoch and the payload as JSON. */
export const FOXGLOVE_MESSAGE_SCHEMA = JSON.stringify({
  type: 'object',
  properties: {
    channel: { type: 'string', description: 'The Redis channel the message arrived on' },
    seq: { type: 'integer', description: 'Counts the messages of this channel since the relay started' },
    epoch: { type: 'string', description: 'Changes when the relay restarts' },
    data: { description: 'The payload: JSON as published, MessagePack converted, other bytes as {"$binary":"base64"}' },
  },
});
export const FOXGLOVE_SCHEMA_NAME = 'labwire.RedisMessage';

export interface FoxgloveChannel {
  id: number;
  target: PubsubTarget;
}

/** One advertised channel per topic the operator listed: a name with * ? or [ is a pattern. */
export function foxgloveChannelsOf(topics: readonly string[]): FoxgloveChannel[] {
  const unique = [...new Set(topics.map((topic) => topic.trim()).filter((topic) => topic !== ''))];
  return unique.map((topic, index) => ({
    id: index + 1,
    target: /[*?[]/.test(topic) ? { kind: 'pattern', pattern: topic } : { kind: 'channel', name: topic },
  }));
}

export function foxgloveStatus(level: number, message: string): string {
  return JSON.stringify({ op: 'status', level, message });
}

export class FoxgloveSession implements RelaySession {
  /** Client subscription id -> the advertised channel. */
  private readonly bySubscriptionId = new Map<number, FoxgloveChannel>();
  /** Target key -> the client's subscription id for it (one per channel, as the protocol says). */
  private readonly subscriptionIdByTarget = new Map<string, number>();

  constructor(
    private readonly client: RelayClient,
    private readonly subscriptions: RelaySubscriptions,
    private readonly channels: readonly FoxgloveChannel[],
    private readonly epoch: string,
    private readonly reportProblem: ProblemReporter,
  ) {}

  open(): void {
    this.client.sendControl(JSON.stringify({ op: 'serverInfo', name: 'Labwire relay', capabilities: [], metadata: { receiveOnly: 'true' }, sessionId: this.epoch }));
    this.client.sendControl(
      JSON.stringify({
        op: 'advertise',
        channels: this.channels.map((channel) => ({
          id: channel.id,
          topic: targetLabel(channel.target),
          encoding: 'json',
          schemaName: FOXGLOVE_SCHEMA_NAME,
          schema: FOXGLOVE_MESSAGE_SCHEMA,
          schemaEncoding: 'jsonschema',
        })),
      }),
    );
  }

  handleText(text: string): void {
    const request = parseClientObject(text);
    if (typeof request === 'string') return this.refuse(request);
    const op = ownField(request, 'op');
    if (op === 'subscribe') return this.subscribe(ownField(request, 'subscriptions'));
    if (op === 'unsubscribe') return this.unsubscribe(ownField(request, 'subscriptionIds'));
    if (op === 'advertise' || op === 'unadvertise') return this.refuse('This relay only reads from Redis; it takes no messages from clients.');
    return this.refuse(`This relay does not offer ${JSON.stringify(op ?? null)}; it answers subscribe and unsubscribe.`);
  }

  handleBinary(): void {
    this.refuse('This relay only reads from Redis; it takes no messages from clients.');
  }

  subscriptionNames(): string[] {
    return [...this.bySubscriptionId.values()].map((channel) => targetLabel(channel.target));
  }

  deliver(delivery: RelayDelivery): void {
    const subscriptionId = this.subscriptionIdByTarget.get(targetKey(delivery.target));
    if (subscriptionId === undefined) return;
    const body = delivery.foxgloveBody();
    if (body === null) return;
    const frame = Buffer.allocUnsafe(MESSAGE_DATA_HEADER_BYTES + body.length);
    frame.writeUInt8(MESSAGE_DATA_OPCODE, 0);
    frame.writeUInt32LE(subscriptionId, 1);
    frame.writeBigUInt64LE(BigInt(Math.round(delivery.receivedAt)) * 1_000_000n, 5);
    body.copy(frame, MESSAGE_DATA_HEADER_BYTES);
    this.client.sendMessage(delivery.queueKey, frame, true);
  }

  changeState(target: PubsubTarget, state: LaneSubscription): void {
    if (!this.subscriptionIdByTarget.has(targetKey(target))) return;
    const problem = describeTargetState(target, state);
    if (problem) this.refuse(problem, STATUS_WARNING);
  }

  dispose(): void {
    for (const channel of this.bySubscriptionId.values()) this.subscriptions.leave(channel.target, this);
    this.bySubscriptionId.clear();
    this.subscriptionIdByTarget.clear();
  }

  private subscribe(list: unknown): void {
    if (!Array.isArray(list)) return this.refuse('subscribe needs "subscriptions": a list of {id, channelId}.');
    for (const item of list.slice(0, MAX_SUBSCRIPTIONS_PER_CLIENT)) {
      const id = isRecord(item) ? ownField(item, 'id') : undefined;
      const channelId = isRecord(item) ? ownField(item, 'channelId') : undefined;
      const channel = this.channels.find((each) => each.id === channelId);
      if (!isSubscriptionId(id) || !channel) {
        this.refuse(`Subscription ${JSON.stringify(item)} names no advertised channel or has no whole-number id.`);
        continue;
      }
      const key = targetKey(channel.target);
      if (this.bySubscriptionId.has(id) || this.subscriptionIdByTarget.has(key)) {
        this.refuse(`Subscription id ${id} or channel ${channel.id} is already subscribed by this client.`);
        continue;
      }
      this.bySubscriptionId.set(id, channel);
      this.subscriptionIdByTarget.set(key, id);
      this.subscriptions.join(channel.target, this);
    }
  }

  private unsubscribe(ids: unknown): void {
    if (!Array.isArray(ids)) return this.refuse('unsubscribe needs "subscriptionIds": a list of numbers.');
    for (const id of ids.slice(0, MAX_SUBSCRIPTIONS_PER_CLIENT)) {
      const channel = isSubscriptionId(id) ? this.bySubscriptionId.get(id) : undefined;
      if (!channel || !isSubscriptionId(id)) continue;
      this.bySubscriptionId.delete(id);
      this.subscriptionIdByTarget.delete(targetKey(channel.target));
      this.subscriptions.leave(channel.target, this);
    }
  }

  private refuse(message: string, level = STATUS_ERROR): void {
    this.reportProblem(this.client.id, message);
    this.client.sendControl(foxgloveStatus(level, message));
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isSubscriptionId(value: unknown): value is number {
  return Number.isInteger(value) && (value as number) >= 0 && (value as number) <= 0xffff_ffff;
}
