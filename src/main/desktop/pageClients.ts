/**
 * The desktop host's clients of the bus: one per page load of a window,
 * named `desktop:<webContents id>:<load>` here and never by the page. When
 * the page goes (a reload starts, the renderer process dies, the window's
 * web contents is destroyed) the bus is told the client is gone and
 * releases what that page opened (plots now), and the next load gets a
 * new id, so nothing the new page does can touch the old page's things.
 *
 * A request the old page sent just before the reload but that Electron
 * delivers after 'did-start-loading' is counted to the new load; the bus
 * then releases it with the new page, not the old one.
 */
import type { ClientId } from '../../shared/contract';

/** The part of a WebContents followed here (Electron's WebContents has all of it). */
export interface LoadingContents {
  readonly id: number;
  on(event: 'did-start-loading' | 'render-process-gone' | 'destroyed', listener: () => void): unknown;
}

interface PageLoad {
  load: number;
  /** Whether this load's id reached the bus; an unused id need not be released. */
  isUsed: boolean;
}

export class PageClients {
  private readonly loads = new Map<number, PageLoad>();

  /** `onDidLeave` tells the bus (BusThread.clientGone). */
  constructor(private readonly onDidLeave: (clientId: ClientId) => void) {}

  /** The id of the page now shown in the web contents `contentsId`; asking marks it used. */
  clientIdOf(contentsId: number): ClientId {
    const page = this.pageOf(contentsId);
    page.isUsed = true;
    return pageClientId(contentsId, page.load);
  }

  /** The shown page is gone (reload, crash); the next request comes from a new load. */
  pageDidEnd(contentsId: number): void {
    const page = this.pageOf(contentsId);
    this.leave(contentsId, page);
    this.loads.set(contentsId, { load: page.load + 1, isUsed: false });
  }

  /** The web contents itself is gone: its page leaves and its counter is dropped (ids are unique for the app's life). */
  contentsDidGo(contentsId: number): void {
    const page = this.loads.get(contentsId);
    if (page) this.leave(contentsId, page);
    this.loads.delete(contentsId);
  }

  /** Follows a window's web contents: every new load, crash and destruction ends the page shown. */
  follow(contents: LoadingContents): void {
    const contentsId = contents.id;
    contents.on('did-start-loading', () => this.pageDidEnd(contentsId));
    contents.on('render-process-gone', () => this.pageDidEnd(contentsId));
    contents.on('destroyed', () => this.contentsDidGo(contentsId));
  }

  private pageOf(contentsId: number): PageLoad {
    let page = this.loads.get(contentsId);
    if (!page) {
      page = { load: 1, isUsed: false };
      this.loads.set(contentsId, page);
    }
    return page;
  }

  private leave(contentsId: number, page: PageLoad): void {
    if (page.isUsed) this.onDidLeave(pageClientId(contentsId, page.load));
  }
}

function pageClientId(contentsId: number, load: number): ClientId {
  return `desktop:${contentsId}:${load}`;
}
