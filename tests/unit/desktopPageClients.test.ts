/**
 * Owned resources in the desktop host, with Fake Electron objects (Electron
 * cannot run here) and the FakeBusCore that keeps plot owners as the bus
 * does: each page load is its own bus client; a reload, a crash or a closed
 * window releases what the old page opened, and the new page's requests
 * carry a new id.
 */
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { describe, test } from 'node:test';
import { createRequestHandler, type FrameLike, type WindowContentsLike } from '../../src/main/desktop/ipcBridge';
import { PageClients, type LoadingContents } from '../../src/main/desktop/pageClients';
import type { RendererLocation } from '../../src/main/desktop/rendererLocation';
import type { PlotSpec } from '../../src/shared/plots';
import type { ClientId, RequestMethod } from '../../src/shared/contract';
import { FakeBusCore } from '../support/fakeBusCore';

const APP_URL = 'labwire://app/index.html';
const APP_LOCATION: RendererLocation = { kind: 'appScheme', url: APP_URL, origin: 'labwire://app', rootPath: '/opt/Labwire/out/renderer' };
const SPEC: PlotSpec = { kind: 'telemetry', target: { kind: 'channel', name: 'lab:temp' }, fieldPaths: ['temperature'], match: null, timeSource: 'receive', windowSeconds: 60, pixelWidth: 300 };

class FakeWebContents extends EventEmitter implements WindowContentsLike, LoadingContents {
  readonly mainFrame: FrameLike = { url: APP_URL, parent: null, processId: 4, routingId: 1 };
  constructor(readonly id: number) {
    super();
  }
  isDestroyed(): boolean {
    return false;
  }
  send(): void {}
}

function setup() {
  const core = new FakeBusCore({ host: 'desktop', appVersion: 'test', dataDir: '/nonexistent', keySource: { kind: 'none', reason: 'test' } }, () => undefined);
  const bus = {
    request: (method: RequestMethod, params: unknown, clientId: ClientId) => core.handle(method, params, clientId),
    clientGone: (clientId: ClientId) => core.releaseClient(clientId),
  };
  const pageClients = new PageClients((clientId) => bus.clientGone(clientId));
  const contents = new FakeWebContents(7);
  pageClients.follow(contents);
  const handle = createRequestHandler({
    bus,
    location: APP_LOCATION,
    getWindowContents: () => contents,
    clientIdOf: (contentsId) => pageClients.clientIdOf(contentsId),
  });
  const openPlot = async (): Promise<void> => {
    const result = await handle({ sender: contents, senderFrame: contents.mainFrame }, 'plots:open', { profileId: 'p1', spec: SPEC });
    assert.ok(result.ok, 'the fake bus opens every plot');
  };
  const owners = (): Record<string, string> => Object.fromEntries(core.plotOwners);
  return { core, contents, openPlot, owners };
}

describe('desktop page loads as bus clients', () => {
  test("a reload and a crash release the old page's plots; the next load gets a new id; a closed window releases its last page", async () => {
    const { core, contents, openPlot, owners } = setup();
    contents.emit('did-start-loading');
    await openPlot();
    await openPlot();
    const firstPage = owners();
    contents.emit('did-start-loading');
    await openPlot();
    const afterReload = owners();
    contents.emit('render-process-gone');
    // Reloading the crashed page starts a load that has asked nothing yet: nothing to release for it.
    contents.emit('did-start-loading');
    const afterCrash = owners();
    await openPlot();
    const afterCrashReload = owners();
    contents.emit('destroyed');
    assert.deepStrictEqual(
      { firstPage, afterReload, afterCrash, afterCrashReload, afterClose: owners(), released: core.releasedClientIds },
      {
        firstPage: { 'fake-plot-1': 'desktop:7:2', 'fake-plot-2': 'desktop:7:2' },
        afterReload: { 'fake-plot-3': 'desktop:7:3' },
        afterCrash: {},
        afterCrashReload: { 'fake-plot-4': 'desktop:7:5' },
        afterClose: {},
        released: ['desktop:7:2', 'desktop:7:3', 'desktop:7:5'],
      },
    );
  });

  test("one window's page going never releases another window's page", () => {
    const left: string[] = [];
    const pages = new PageClients((clientId) => left.push(clientId));
    const ids = [pages.clientIdOf(1), pages.clientIdOf(2)];
    pages.pageDidEnd(1);
    const next = [pages.clientIdOf(1), pages.clientIdOf(2)];
    assert.deepStrictEqual({ ids, next, left }, { ids: ['desktop:1:1', 'desktop:2:1'], next: ['desktop:1:2', 'desktop:2:1'], left: ['desktop:1:1'] });
  });
});
