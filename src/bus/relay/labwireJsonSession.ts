/**
 * The relay's own protocol, "labwire-json", for the labs' dashboards.
 * Client → relay, text frames:
 *   {"type":"subscribe","channel":"task:routing"}  {"type":"psubscribe","pattern":"lab:*"}
 *   {"type":"unsubscribe","channel":"..."}        {"type":"punsubscribe","pattern":"..."}
 * Relay → client, text frames:
 *   {"type":"message","channel","pattern"?,"seq","epoch","data"}  (seq: per channel per target per relay epoch)
 *   {"type":"subscribed"|"unsubscribed","channel"|"pattern"}     {"type":"dropped","count"}
 *   {"type":"error","message"}
 */
import type { LaneSubscription } from '../../shared/liveChannels';
import type { PubsubTarget } from '../sources/redisPubsub/hubSubscription';
import type { RelayClient } from './relayClient';
import { MAX_RELAYED_PAYLOAD_BYTES, MAX_SUBSCRIPTIONS_PER_CLIENT, MAX_TARGET_NAME_CHARS } from './relayLimits';
import { ownField, parseClientObject, type ProblemReporter, type RelaySession } from './relaySession';
import { describeTargetState, targetKey, targetLabel, type RelayDelivery, type RelaySubscriptions } from './relaySubscriptions';

/** The frame that tells a labwire-json client how many messages it missed. */
export function labwireDropNotice(count: number): string {
  return `{"type":"dropped","count":${count}}`;
}

/** Channels a client was told about a too-large message on, so it hears it once per channel, not per message. */
const MAX_OVERSIZE_WARNINGS = 64;

export class LabwireJsonSession implements RelaySession {
  private readonly targets = new Map<string, PubsubTarget>();
  private readonly oversizeWarned = new Set<string>();

  constructor(
    private readonly client: RelayClient,
    private readonly subscriptions: RelaySubscriptions,
    private readonly reportProblem: ProblemReporter,
  ) {}

  open(): void {}

  handleText(text: string): void {
    const request = parseClientObject(text);
    if (typeof request === 'string') return this.refuse(request);
    const type = ownField(request, 'type');
    switch (type) {
      case 'subscribe':
        return this.subscribe(this.targetFrom(request, 'channel'));
      case 'psubscribe':
        return this.subscribe(this.targetFrom(request, 'pattern'));
      case 'unsubscribe':
        return this.unsubscribe(this.targetFrom(request, 'channel'));
      case 'punsubscribe':
        return this.unsubscribe(this.targetFrom(request, 'pattern'));
      default:
        return this.refuse(
          `The relay does not know the request type ${JSON.stringify(type ?? null)}; use subscribe, psubscribe, unsubscribe or punsubscribe.`,
        );
    }
  }

  handleBinary(): void {
    this.refuse('The relay reads JSON text frames, not binary ones. It never publishes to Redis.');
  }

  subscriptionNames(): string[] {
    return [...this.targets.values()].map(targetLabel);
  }

  deliver(delivery: RelayDelivery): void {
    const frame = delivery.labwireFrame();
    if (frame === null) return this.warnOversize(delivery);
    this.client.sendMessage(delivery.queueKey, frame, false);
  }

  changeState(target: PubsubTarget, state: LaneSubscription): void {
    if (!this.targets.has(targetKey(target))) return;
    if (state.state === 'active') return this.client.sendControl(JSON.stringify({ type: 'subscribed', ...nameField(target) }));
    const problem = describeTargetState(target, state);
    if (problem) this.refuse(problem);
  }

  dispose(): void {
    for (const target of this.targets.values()) this.subscriptions.leave(target, this);
    this.targets.clear();
  }

  private subscribe(target: PubsubTarget | string): void {
    if (typeof target === 'string') return this.refuse(target);
    const key = targetKey(target);
    if (this.targets.has(key)) return this.client.sendControl(JSON.stringify({ type: 'subscribed', ...nameField(target) }));
    if (this.targets.size >= MAX_SUBSCRIPTIONS_PER_CLIENT)
      return this.refuse(`One client may hold at most ${MAX_SUBSCRIPTIONS_PER_CLIENT} subscriptions; unsubscribe from one first.`);
    this.targets.set(key, target);
    this.subscriptions.join(target, this);
  }

  private unsubscribe(target: PubsubTarget | string): void {
    if (typeof target === 'string') return this.refuse(target);
    const key = targetKey(target);
    if (this.targets.delete(key)) this.subscriptions.leave(target, this);
    this.client.sendControl(JSON.stringify({ type: 'unsubscribed', ...nameField(target) }));
  }

  private targetFrom(request: Record<string, unknown>, field: 'channel' | 'pattern'): PubsubTarget | string {
    const name = ownField(request, field);
    if (typeof name !== 'string' || name === '') return `This request needs "${field}" with a ${field} name.`;
    if (name.length > MAX_TARGET_NAME_CHARS) return `A ${field} name may be at most ${MAX_TARGET_NAME_CHARS} characters long.`;
    return field === 'channel' ? { kind: 'channel', name } : { kind: 'pattern', pattern: name };
  }

  private warnOversize(delivery: RelayDelivery): void {
    if (this.oversizeWarned.has(delivery.channel) || this.oversizeWarned.size >= MAX_OVERSIZE_WARNINGS) return;
    this.oversizeWarned.add(delivery.channel);
    this.refuse(
      `A message on ${delivery.channel} has ${delivery.payloadBytes} bytes, more than the relay's limit of ${MAX_RELAYED_PAYLOAD_BYTES}; such messages are not sent.`,
    );
  }

  private refuse(message: string): void {
    this.reportProblem(this.client.id, message);
    this.client.sendControl(JSON.stringify({ type: 'error', message }));
  }
}

function nameField(target: PubsubTarget): { channel: string } | { pattern: string } {
  return target.kind === 'channel' ? { channel: target.name } : { pattern: target.pattern };
}
