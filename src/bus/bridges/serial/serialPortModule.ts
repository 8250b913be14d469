/**
 * Loads serialport's native parts on first use. The binding is loaded when
 * the module is, so a static import would take the bus worker down on a
 * platform with no prebuild (or a broken install) before any bridge was
 * asked for; loaded here, such a failure is one error in words on the
 * serial bridges only.
 */
import { fail, ok, type Result } from '../../../shared/result';

type SerialPortModule = typeof import('serialport');

/** The binding's calls that run on the thread pool (N-API async work) and so are safe on a worker thread. */
export interface SerialNativeCalls {
  /** Opens, locks (flock) and configures the device (termios); resolves with its file descriptor. */
  asyncOpen(path: string, options: NativeOpenOptions): Promise<number>;
  /** tcdrain: resolves when the bytes written have left the port. */
  asyncDrain(fd: number): Promise<void>;
}

/** What the binding's open reads (the defaults of serialport's LinuxBinding.open, which we cannot call: see serialDevice.ts). */
export interface NativeOpenOptions {
  path: string;
  baudRate: number;
  dataBits: 5 | 6 | 7 | 8;
  stopBits: 1 | 2;
  parity: 'none' | 'even' | 'odd';
  lock: boolean;
  rtscts: boolean;
  xon: boolean;
  xoff: boolean;
  xany: boolean;
  hupcl: boolean;
  vmin: number;
  vtime: number;
}

function describeLoadFailure<T>(error: unknown): Result<T> {
  return fail('INTERNAL', 'Serial ports are not available in this build of Labwire (the serial port library could not be loaded).', {
    detail: error instanceof Error ? error.message : String(error),
  });
}

let loadingModule: Promise<Result<SerialPortModule>> | null = null;
let loadingNatives: Promise<Result<SerialNativeCalls>> | null = null;

/** The serialport package (port listing). A failed load is not kept: a later try after fixing the install may work. */
export function loadSerialPortModule(): Promise<Result<SerialPortModule>> {
  loadingModule ??= import('serialport').then(
    (module) => ok(module),
    (error: unknown) => {
      loadingModule = null;
      return describeLoadFailure<SerialPortModule>(error);
    },
  );
  return loadingModule;
}

/**
 * The binding's open and drain. `dist/load-bindings.js` is not a documented
 * entry of @serialport/bindings-cpp (the package has no `exports` map); it is
 * what its own LinuxBinding and DarwinBinding call, pinned by the exact
 * version serialport 13.0.0 depends on.
 */
export function loadSerialNativeCalls(): Promise<Result<SerialNativeCalls>> {
  if (process.platform === 'win32') {
    // Only the in-thread link loads these, and Windows never gets it (serialLinkKind.ts): the Windows binding's reads and
    // writes call back through the main thread's loop, and its handles are not file descriptors a tty stream can take.
    const message = 'On Windows the serial port cannot be read from Labwire\'s background thread; serial bridges there run the port in a separate process.';
    return Promise.resolve(fail('INTERNAL', message));
  }
  loadingNatives ??= import('@serialport/bindings-cpp/dist/load-bindings.js').then(
    (module: { asyncOpen: unknown; asyncDrain: unknown }) => {
      if (typeof module.asyncOpen !== 'function' || typeof module.asyncDrain !== 'function') {
        return describeLoadFailure<SerialNativeCalls>(new Error('the serial binding has no open or drain'));
      }
      return ok(module as SerialNativeCalls);
    },
    (error: unknown) => {
      loadingNatives = null;
      return describeLoadFailure<SerialNativeCalls>(error);
    },
  );
  return loadingNatives;
}
