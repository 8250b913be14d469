/**
 * Opens a profile from the serve host and waits for its first settled
 * state (anything but 'connecting'), or a timeout. The demo start-up and the
 * relay start-up both need to know whether a profile really connected before
 * they go on.
 */
import type { BusThread } from '../bus/busThread';
import type { ConnectionState } from '../shared/connectionState';
import type { BusToHostMessage } from '../shared/contract';

export type SettleBus = Pick<BusThread, 'request' | 'onDidEmit'>;

export type SettledState = Exclude<ConnectionState, { state: 'connecting' }> | { state: 'timeout'; afterMs: number };

export async function openAndSettle(bus: SettleBus, profileId: string, timeoutMs: number): Promise<SettledState> {
  let settle: (state: SettledState) => void = () => undefined;
  const settled = new Promise<SettledState>((resolve) => {
    settle = resolve;
  });
  // Listen before opening: the state change can arrive before the open's own answer.
  const unsubscribe = bus.onDidEmit((message: BusToHostMessage) => {
    if (message.kind !== 'event' || message.event.type !== 'connection:state') return;
    if (message.event.profileId !== profileId || message.event.state.state === 'connecting') return;
    settle(message.event.state);
  });
  const timer = setTimeout(() => settle({ state: 'timeout', afterMs: timeoutMs }), timeoutMs);
  try {
    const opened = await bus.request('connection:open', { profileId });
    if (!opened.ok) return { state: 'failed', since: Date.now(), reason: opened.error };
    if (opened.value.state !== 'connecting') return opened.value;
    return await settled;
  } finally {
    clearTimeout(timer);
    unsubscribe();
  }
}
