/**
 * The desktop host's composition root: wiring only. Every decision lives in
 * ./desktop (pure, unit-tested without Electron); this file hands those
 * modules the real Electron objects.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MessageChannel } from 'node:worker_threads';
import { app, BrowserWindow, dialog, ipcMain, Menu, Notification, protocol, safeStorage, session, shell, utilityProcess, type Session } from 'electron';
import iconPath from '../../resources/icon.png?asset&asarUnpack';
import type { BusEvent } from '../shared/contract';
import { resolveBusWorkerUrl, startBusThread } from '../bus/busThread';
import { AlertNotifier } from './desktop/alertNotifications';
import { desktopAlertForNotice, setWindowsAppUserModelId } from './desktop/criticalAlertNotices';
import { buildApplicationMenuTemplate } from './desktop/applicationMenu';
import { resolveDataKeySource } from './desktop/dataKey';
import { createRequestHandler, forwardBusMessage, registerFrameAckHandler, registerRequestHandler } from './desktop/ipcBridge';
import { PageClients } from './desktop/pageClients';
import { relayPortProcesses } from './desktop/portProcessRelay';
import { createQuitSequence } from './desktop/quitSequence';
import { APP_SCHEME, isDevelopmentLocation, resolveRendererLocation } from './desktop/rendererLocation';
import { APP_SCHEME_PRIVILEGES, createRendererProtocolHandler } from './desktop/rendererProtocol';
import { applySessionHardening } from './desktop/sessionHardening';
import { isWeakStorageAccepted, WEAK_STORAGE_DIALOG } from './desktop/weakStorageDialog';
import { WindowFrameFlow } from './desktop/windowFrameFlow';
import { guardEveryWebContents } from './desktop/webContentsGuard';
import { createMainWindowOptions } from './desktop/windowOptions';

/** The bus's data folder (profiles, audit logs, managed Redis), apart from Chromium's own files. */
const BUS_DATA_FOLDER = 'data';

async function main(): Promise<void> {
  // Both must happen before 'ready': every renderer (and every web contents made later) runs in Chromium's
  // sandbox, and the app's scheme gets its origin and secure-context privileges.
  app.enableSandbox();
  protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
  const location = resolveRendererLocation({
    isPackaged: app.isPackaged,
    devServerUrl: process.env.ELECTRON_RENDERER_URL,
    rendererRootPath: fileURLToPath(new URL('../renderer', import.meta.url)),
  });
  // Every web contents the app ever makes gets the navigation, window-open and permission locks.
  const hardenedSessions = new WeakSet<Session>();
  guardEveryWebContents<Session>(
    app,
    { location, openExternal: (url) => shell.openExternal(url), hardenSession: (target) => applySessionHardening(target, location) },
    hardenedSessions,
  );
  await app.whenReady();
  setWindowsAppUserModelId(app, process.platform);
  const isDevelopment = isDevelopmentLocation(location);
  Menu.setApplicationMenu(Menu.buildFromTemplate(buildApplicationMenuTemplate({ platform: process.platform, isDevelopment })));
  hardenedSessions.add(session.defaultSession);
  applySessionHardening(session.defaultSession, location);
  if (location.kind === 'appScheme') {
    protocol.handle(APP_SCHEME, createRendererProtocolHandler({ rootPath: location.rootPath, readFile: (path) => readFile(path) }));
  }

  const userDataDir = app.getPath('userData');
  const keySource = await resolveDataKeySource({
    userDataDir,
    platform: process.platform,
    safeStorage,
    askWeakStorageConsent: async () => isWeakStorageAccepted((await dialog.showMessageBox(WEAK_STORAGE_DIALOG)).response),
  });
  // Serial ports live in processes of their own, which only this main process can start (utilityProcess; see portProcessRelay.ts).
  const serialPortScript = fileURLToPath(new URL('./serialPortProcess.js', import.meta.url));
  const bus = startBusThread({
    workerUrl: resolveBusWorkerUrl(import.meta.url),
    workerData: { host: 'desktop', appVersion: app.getVersion(), dataDir: join(userDataDir, BUS_DATA_FOLDER), keySource },
    portProcessChannel: () => {
      const { port1, port2 } = new MessageChannel();
      relayPortProcesses(port1, () => utilityProcess.fork(serialPortScript, [], { serviceName: 'Labwire serial port', stdio: 'ignore' }));
      return port2;
    },
  });
  const quitSequence = createQuitSequence({
    stopBus: () => bus.stop(),
    quit: () => app.quit(),
    onDidTimeOut: () => console.error('[labwire desktop] The engine did not stop in time; quitting anyway.'),
  });
  app.on('before-quit', (event) => quitSequence.onBeforeQuit(event));

  let mainWindow: BrowserWindow | null = null;
  const windowContents = () => (mainWindow && !mainWindow.isDestroyed() ? mainWindow.webContents : null);
  const frameFlow = new WindowFrameFlow((line) => console.error(`[labwire desktop] ${line}`));
  // What a page opened in the bus (plots) goes with it: on reload, crash or close.
  const pageClients = new PageClients((clientId) => bus.clientGone(clientId));
  const openMainWindow = (): BrowserWindow => {
    const window = new BrowserWindow(
      createMainWindowOptions({
        preloadPath: fileURLToPath(new URL('../preload/index.cjs', import.meta.url)),
        iconPath,
        isDevelopment,
      }),
    );
    // A new page (first load, reload) or a crashed one will never acknowledge what the old one was sent.
    frameFlow.reset();
    window.webContents.on('did-start-loading', () => frameFlow.reset());
    window.webContents.on('render-process-gone', () => frameFlow.reset());
    pageClients.follow(window.webContents);
    window.once('ready-to-show', () => window.show());
    window.on('closed', () => {
      if (mainWindow === window) mainWindow = null;
    });
    const loading = window.loadURL(location.url);
    loading.catch((error: unknown) => console.error('[labwire desktop] The window could not load Labwire:', error));
    return window;
  };
  const focusMainWindow = (): void => {
    if (!mainWindow || mainWindow.isDestroyed()) mainWindow = openMainWindow();
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.show();
    mainWindow.focus();
  };

  const notifier = new AlertNotifier();
  const notifyIfAway = (event: BusEvent): void => {
    // A lost connection reaches here as the alerts' rule (alerts:notify), with silences and acks applied.
    const alert = desktopAlertForNotice(event);
    if (!alert) return;
    const decision = notifier.decide(alert, {
      isWindowFocused: mainWindow !== null && !mainWindow.isDestroyed() && mainWindow.isFocused(),
      isSupported: Notification.isSupported(),
      now: Date.now(),
    });
    if (decision.action !== 'show') return;
    const notification = new Notification({ title: decision.title, body: decision.body, icon: iconPath });
    notification.on('click', focusMainWindow);
    notification.show();
  };

  registerRequestHandler(
    ipcMain,
    createRequestHandler({ bus, location, getWindowContents: windowContents, clientIdOf: (contentsId) => pageClients.clientIdOf(contentsId) }),
  );
  registerFrameAckHandler(ipcMain, { flow: frameFlow, location, getWindowContents: windowContents });
  bus.onDidEmit((message) => {
    forwardBusMessage(message, windowContents(), frameFlow);
    if (message.kind === 'event') notifyIfAway(message.event);
  });

  app.on('second-instance', focusMainWindow);
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (!mainWindow) mainWindow = openMainWindow();
  });
  mainWindow = openMainWindow();
}

// A second Labwire would fight the first over the data folder and the managed Redis.
if (app.requestSingleInstanceLock()) {
  main().catch((error: unknown) => {
    console.error('[labwire desktop] Labwire could not start:', error);
    app.exit(1);
  });
} else {
  app.quit();
}
