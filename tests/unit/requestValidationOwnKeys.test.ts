/**
 * Request validation looks at own properties only: keys named after
 * Object.prototype's members (`__proto__` as a real own key, as JSON.parse
 * makes it, `constructor`, `toString`, `hasOwnProperty`) are unknown fields,
 * at the top of the params and nested, and a union tag with such a name is
 * no known kind. Sent through the desktop IPC handler, which must answer
 * INVALID and never reach the bus. (The serve host's socket: serveHardening.test.ts.)
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createRequestHandler, type BusRequestTarget, type FrameLike, type InvokeEventLike, type WindowContentsLike } from '../../src/main/desktop/ipcBridge';
import type { RendererLocation } from '../../src/main/desktop/rendererLocation';
import type { RequestMethod } from '../../src/shared/contract';
import { validateRequest } from '../../src/shared/requestValidation';
import { ok, type Result } from '../../src/shared/result';
import { PROTOTYPE_KEY_REQUESTS, WELL_FORMED_PROFILE_DRAFT } from '../support/prototypeKeyRequests';

const APP_URL = 'labwire://app/index.html';
const LOCATION: RendererLocation = { kind: 'appScheme', url: APP_URL, origin: 'labwire://app', rootPath: '/opt/Labwire/resources/app.asar/out/renderer' };
const MAIN_FRAME: FrameLike = { url: APP_URL, parent: null, processId: 4, routingId: 1 };

class FakeWindowContents implements WindowContentsLike {
  readonly id = 1;
  readonly mainFrame = MAIN_FRAME;
  isDestroyed(): boolean {
    return false;
  }
  send(): void {}
}

class FakeBusThread implements BusRequestTarget {
  readonly calls: Array<{ method: RequestMethod; params: unknown }> = [];
  async request(method: RequestMethod, params: unknown): Promise<Result<unknown>> {
    this.calls.push({ method, params });
    return ok('reached the bus');
  }
}

function setup() {
  const contents = new FakeWindowContents();
  const bus = new FakeBusThread();
  const handle = createRequestHandler({ bus, location: LOCATION, getWindowContents: () => contents, clientIdOf: (contentsId) => `desktop:${contentsId}:1` });
  const event: InvokeEventLike = { sender: contents, senderFrame: MAIN_FRAME };
  return { bus, send: (method: string, params: unknown) => handle(event, method, params) };
}

describe('request validation: own properties only', () => {
  test('the requests are built as an attacker would send them: __proto__ is an own key, not a prototype', () => {
    const withProto = PROTOTYPE_KEY_REQUESTS.find((request) => request.name === 'params.__proto__');
    assert.deepStrictEqual(Object.keys(withProto?.params as object), ['profileId', '__proto__']);
  });

  test('a well-formed request still reaches the bus (the control for the refusals below)', async () => {
    const { bus, send } = setup();
    const result = await send('connection:test', { draft: WELL_FORMED_PROFILE_DRAFT });
    assert.deepStrictEqual({ result, calls: bus.calls.length }, { result: ok('reached the bus'), calls: 1 });
  });

  test('prototype member names as keys or union tags are INVALID over IPC and never reach the bus', async () => {
    const { bus, send } = setup();
    const answers: Array<{ name: string; code: string | null }> = [];
    for (const request of PROTOTYPE_KEY_REQUESTS) {
      const result = await send(request.method, request.params);
      answers.push({ name: request.name, code: result.ok ? null : result.error.code });
    }
    assert.deepStrictEqual(
      { answers, calls: bus.calls },
      { answers: PROTOTYPE_KEY_REQUESTS.map((request) => ({ name: request.name, code: 'INVALID' })), calls: [] },
    );
  });

  test('the refusal names the unknown field in plain words', () => {
    const result = validateRequest('connection:open', JSON.parse('{"profileId":"p1","constructor":"x"}'));
    assert.deepStrictEqual(result, {
      ok: false,
      error: { code: 'INVALID', message: 'The request connection:open was malformed: constructor is not a known field.', field: 'constructor' },
    });
  });
});
