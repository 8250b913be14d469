/**
 * The worker loop's client ids, on a MessageChannel with a FakeBusCore: a
 * request must name its client (the host always does), and clientGone
 * reaches the core only with a usable id.
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { describe, test } from 'node:test';
import { MessageChannel } from 'node:worker_threads';
import { MAX_CLIENT_ID_CHARS, runBusWorkerLoop } from '../../src/bus/busWorkerLoop';
import type { BusToHostMessage } from '../../src/shared/contract';
import { FakeBusCore } from '../support/fakeBusCore';

describe('bus worker loop: clients', () => {
  test('a request without a usable client id is answered INTERNAL; clientGone releases only a usable id', async () => {
    const channel = new MessageChannel();
    const core = new FakeBusCore({ host: 'serve', appVersion: 'test', dataDir: '/nonexistent', keySource: { kind: 'keyFile' } }, () => undefined);
    const logLines: string[] = [];
    runBusWorkerLoop({ port: channel.port2, startCore: async () => core, exit: () => undefined, log: (line) => logLines.push(line) });
    const responses: BusToHostMessage[] = [];
    channel.port1.on('message', (message: BusToHostMessage) => responses.push(message));
    const post = (message: unknown): void => channel.port1.postMessage(message);
    post({ kind: 'request', id: 1, method: 'fake:whoAmI', params: {} });
    post({ kind: 'request', id: 2, method: 'fake:whoAmI', params: {}, clientId: '' });
    post({ kind: 'request', id: 3, method: 'fake:whoAmI', params: {}, clientId: 'x'.repeat(MAX_CLIENT_ID_CHARS + 1) });
    post({ kind: 'request', id: 4, method: 'fake:whoAmI', params: {}, clientId: 'serve:socket-4' });
    post({ kind: 'clientGone', clientId: 42 });
    post({ kind: 'clientGone', clientId: 'serve:socket-4' });
    post({ kind: 'request', id: 5, method: 'fake:echo', params: 'last', clientId: 'serve:socket-5' });
    while (responses.length < 5) await once(channel.port1, 'message');
    channel.port1.close();
    const noClient = { ok: false, error: { code: 'INTERNAL', message: 'Labwire could not tell which window sent this request, so it was not run.' } };
    assert.deepStrictEqual(
      {
        answers: Object.fromEntries(responses.map((message) => (message.kind === 'response' ? [message.id, message.result] : ['other', message]))),
        released: core.releasedClientIds,
        logLines,
      },
      {
        answers: { 1: noClient, 2: noClient, 3: noClient, 4: { ok: true, value: 'serve:socket-4' }, 5: { ok: true, value: 'last' } },
        released: ['serve:socket-4'],
        logLines: ['The bus worker ignored a clientGone message without a client id.'],
      },
    );
  });
});
