/**
 * The serve host, not the bus, runs `--demo` (demoStartup.ts), so it adds the
 * demo's status to `system:hello` on its way to the browser. Everything else
 * passes through unchanged.
 */
import type { BusThread } from '../bus/busThread';
import type { ClientId, DemoStatus, HelloInfo } from '../shared/contract';
import { ok, type Result } from '../shared/result';

export type RelayedBus = Pick<BusThread, 'request' | 'onDidEmit' | 'clientGone'>;

export function relayWithDemoStatus(bus: RelayedBus, currentDemo: () => DemoStatus | null): RelayedBus {
  const request = async (method: string, params: unknown, clientId?: ClientId): Promise<Result<unknown>> => {
    const result = await bus.request(method, params, clientId);
    const demo = currentDemo();
    if (method !== 'system:hello' || !result.ok || demo === null) return result;
    return ok<HelloInfo>({ ...(result.value as HelloInfo), demo });
  };
  return {
    request: request as RelayedBus['request'],
    onDidEmit: (listener) => bus.onDidEmit(listener),
    clientGone: (clientId) => bus.clientGone(clientId),
  };
}
