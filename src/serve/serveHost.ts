/**
 * The serve host's composition: the bus worker thread, an HTTP server for the
 * built renderer and the WebSocket for the contract, all behind one token.
 * serveMain.ts is the command line around it; tests start it in-process.
 */
import { mkdir, realpath, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { join, resolve } from 'node:path';
import { SERVE_TOKEN_QUERY, type DemoStatus } from '../shared/contract';
import { resolveBusWorkerUrl, startBusThread, type BusThread } from '../bus/busThread';
import type { BusWorkerData } from '../bus/busWorkerData';
import { relayWithDemoStatus } from './demoStatusRelay';
import { securityHeaders } from './securityHeaders';
import { acceptedHost, browsableHost, isAllowedOrigin, type ServedAddress } from './serveOrigin';
import { checkRequestToken, createServeToken, tokenCookie } from './serveToken';
import { findStaticFile, sendStaticFile } from './staticFiles';
import { WebSocketGateway, type UpgradeCheck } from './websocketGateway';

export interface ServeHostOptions {
  /** Address to bind. */
  host: string;
  /** 0 picks a free port. */
  port: number;
  dataDir: string;
  /** The built renderer (out/renderer): must contain index.html. */
  rendererDir: string;
  appVersion: string;
  /** Starts the bus; by default the bus worker thread next to this module. Tests pass a fake. */
  startBus?: (workerData: BusWorkerData) => BusThread;
  log?: (line: string) => void;
}

export interface ServeHost {
  /** The address to open, with the token: print it once, nowhere else. */
  url: string;
  port: number;
  token: string;
  bus: BusThread;
  /** What --demo did, added to every browser's `system:hello` from now on. */
  reportDemo(status: DemoStatus): void;
  /** Closes browser connections and the server, then stops the bus (and the managed Redis). */
  close(): Promise<void>;
}

const UNAUTHORIZED_TEXT =
  'Labwire needs its access token.\n\n' +
  'Open the address that "npm run serve" printed in the terminal (it ends with ?token=...).\n' +
  'The token changes every time Labwire starts, so an old address or bookmark no longer works.\n';
const WRONG_HOST_TEXT = 'Open Labwire at the address printed in the terminal.\n';

/** Throws an Error with a plain message when the renderer is not built or the port cannot be bound. */
export async function startServeHost(options: ServeHostOptions): Promise<ServeHost> {
  const log = options.log ?? ((line: string) => console.error(`[labwire serve] ${line}`));
  const rendererDir = await checkRendererDir(options.rendererDir);
  const dataDir = resolve(options.dataDir);
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const token = createServeToken();
  const served: ServedAddress = { bindHost: options.host, port: options.port };

  const server = createServer((request, response) => {
    handleHttp(request, response, { token, rendererDir, served }).catch((error: unknown) => {
      log(`Could not answer a browser request: ${error instanceof Error ? error.message : String(error)}`);
      if (!response.headersSent) response.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
      response.end('Labwire hit an unexpected problem.\n');
    });
  });
  await listen(server, options.host, options.port);
  const address = server.address();
  served.port = typeof address === 'object' && address ? address.port : options.port;

  const workerData: BusWorkerData = { host: 'serve', appVersion: options.appVersion, dataDir, keySource: { kind: 'keyFile' } };
  const bus = options.startBus
    ? options.startBus(workerData)
    : startBusThread({ workerUrl: resolveBusWorkerUrl(import.meta.url), workerData, log });

  let demo: DemoStatus | null = null;
  const gateway = new WebSocketGateway({
    bus: relayWithDemoStatus(bus, () => demo),
    checkUpgrade: (request, url) => checkUpgrade(request, url, token, served),
    log,
  });
  server.on('upgrade', (request: IncomingMessage, socket, head: Buffer) => gateway.handleUpgrade(request, socket, head));

  let closing: Promise<void> | null = null;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      await gateway.close();
      const closed = new Promise<void>((done) => server.close(() => done()));
      server.closeAllConnections();
      await closed;
      await bus.stop();
    })();
    return closing;
  };

  const url = `http://${browsableHost(options.host)}:${served.port}/?${SERVE_TOKEN_QUERY}=${token}`;
  const reportDemo = (status: DemoStatus): void => {
    demo = status;
  };
  return { url, port: served.port, token, bus, reportDemo, close };
}

async function checkRendererDir(rendererDir: string): Promise<string> {
  const indexPath = join(resolve(rendererDir), 'index.html');
  try {
    if (!(await stat(indexPath)).isFile()) throw new Error('not a file');
    return await realpath(resolve(rendererDir));
  } catch {
    throw new Error(`The browser app is not built: ${indexPath} is missing. Run "npm run build", then start Labwire again.`);
  }
}

function listen(server: ReturnType<typeof createServer>, host: string, port: number): Promise<void> {
  return new Promise((done, reject) => {
    const onError = (error: NodeJS.ErrnoException): void => reject(new Error(describeListenError(error, host, port)));
    server.once('error', onError);
    server.listen({ host, port }, () => {
      server.off('error', onError);
      done();
    });
  });
}

function describeListenError(error: NodeJS.ErrnoException, host: string, port: number): string {
  switch (error.code) {
    case 'EADDRINUSE':
      return `Port ${port} on ${host} is already in use. Stop the other program, or pick another port with --port.`;
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
      return `This machine has no address ${host}. Check the --host option.`;
    case 'EACCES':
      return `Labwire may not listen on port ${port}. Pick a port above 1024 with --port.`;
    default:
      return `Labwire could not listen on ${host}:${port}: ${error.message}`;
  }
}

interface HttpContext {
  token: string;
  rendererDir: string;
  served: ServedAddress;
}

async function handleHttp(request: IncomingMessage, response: ServerResponse, context: HttpContext): Promise<void> {
  const host = acceptedHost(request.headers.host, context.served);
  if (!host) {
    sendText(response, 403, securityHeaders(`${browsableHost(context.served.bindHost)}:${context.served.port}`), WRONG_HOST_TEXT);
    return;
  }
  const headers = securityHeaders(host);
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    sendText(response, 405, { ...headers, Allow: 'GET, HEAD' }, 'Labwire serves files only.\n');
    return;
  }
  const target = request.url ?? '';
  if (!target.startsWith('/')) {
    sendText(response, 400, headers, 'Bad request.\n');
    return;
  }
  const url = new URL(`http://${host}${target}`);
  const tokenCheck = checkRequestToken(request, url, context.token, context.served.port);
  if (tokenCheck.state === 'missing' || tokenCheck.state === 'wrong') {
    sendText(response, 401, headers, UNAUTHORIZED_TEXT);
    return;
  }
  if (tokenCheck.state === 'query') {
    // The cookie carries the token from now on; the redirect keeps it out of the address bar and history.
    url.searchParams.delete(SERVE_TOKEN_QUERY);
    const location = `/${url.pathname.replace(/^\/+/, '')}${url.search}`;
    response.writeHead(302, { ...headers, Location: location, 'Set-Cookie': tokenCookie(context.token, context.served.port), 'Cache-Control': 'no-store' });
    response.end();
    return;
  }
  const file = await findStaticFile(context.rendererDir, url.pathname);
  if (file.state === 'not-found') {
    sendText(response, 404, headers, 'Not found.\n');
    return;
  }
  for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
  sendStaticFile(request, response, file);
}

function checkUpgrade(request: IncomingMessage, url: URL, token: string, served: ServedAddress): UpgradeCheck {
  const tokenCheck = checkRequestToken(request, url, token, served.port);
  if (tokenCheck.state === 'missing' || tokenCheck.state === 'wrong')
    return { state: 'reject', status: 401, message: 'Labwire needs its access token.' };
  if (!isAllowedOrigin(request.headers.origin, request.headers.host, served))
    return { state: 'reject', status: 403, message: 'Labwire accepts connections only from its own page.' };
  return { state: 'accept' };
}

function sendText(response: ServerResponse, status: number, headers: Record<string, string>, text: string): void {
  response.writeHead(status, {
    ...headers,
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(text)),
    'Cache-Control': 'no-store',
  });
  response.end(text);
}
