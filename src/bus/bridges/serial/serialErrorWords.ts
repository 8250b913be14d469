/**
 * Serial failures in words a technician understands. The serialport binding
 * reports open failures as messages ("Error: No such file or directory,
 * cannot open /dev/ttyUSB0"), often with no `code`, so both are read.
 */

function errorText(error: unknown): { code: string; message: string } {
  if (error === null || error === undefined) return { code: '', message: '' };
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return { code: typeof code === 'string' ? code : '', message: error.message };
  }
  return { code: '', message: String(error) };
}

/** Why `path` could not be opened, naming what to check. */
export function describeOpenFailure(path: string, error: unknown): string {
  const { code, message } = errorText(error);
  const text = `${code} ${message}`;
  if (/ENOENT|No such file or directory|File not found|cannot find the file/i.test(text)) {
    return `${path} does not exist (is the device plugged in?)`;
  }
  if (/EACCES|Permission denied|Access denied/i.test(text)) {
    return `Permission denied opening ${path}: on Linux, add your user to the dialout group and log in again`;
  }
  if (/EBUSY|Cannot lock port|Resource busy|Resource temporarily unavailable/i.test(text)) {
    return `${path} is in use by another program (close other serial monitors)`;
  }
  if (/ENOTTY|Inappropriate ioctl/i.test(text)) {
    return `${path} is not a serial port`;
  }
  if (/EISDIR|Is a directory/i.test(text)) {
    return `${path} is a folder, not a serial port`;
  }
  if (/EINVAL|Invalid argument/i.test(text)) {
    return `${path} does not accept these settings (${message})`;
  }
  return `${path} could not be opened: ${message}`;
}

/**
 * True when opening again cannot help: the path is not a serial port, or the
 * port refuses the settings. A missing, busy or forbidden port may come
 * right (plugged in, freed, permission granted), so those are retried.
 */
export function isPermanentOpenFailure(error: unknown): boolean {
  const { code, message } = errorText(error);
  return /ENOTTY|Inappropriate ioctl|EISDIR|Is a directory|EINVAL|Invalid argument/i.test(`${code} ${message}`);
}

/**
 * Why an open port closed by itself. The binding's reason ("bad file
 * descriptor", EIO) says nothing more to a technician than this does.
 */
export function describeLoss(path: string): string {
  return `${path} went away (unplugged?)`;
}

/** Why a write failed; the command is not written again. */
export function describeWriteFailure(path: string, error: unknown): string {
  const { message } = errorText(error);
  return `The device on ${path} did not take the bytes (${message}); they were not sent again.`;
}

/** "250 ms", "2 s", "1.5 s". */
export function formatDelay(delayMs: number): string {
  if (delayMs < 1000) return `${Math.round(delayMs)} ms`;
  return `${Math.round(delayMs / 100) / 10} s`;
}
