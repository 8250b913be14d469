/** Where the serve host keeps profiles, the key file and the managed Redis when --data-dir is not given. */
import { posix, win32 } from 'node:path';

export interface DataDirectoryEnvironment {
  platform: NodeJS.Platform;
  env: Record<string, string | undefined>;
  homeDir: string;
}

/**
 * Linux and other Unixes: $XDG_DATA_HOME/labwire, else ~/.local/share/labwire
 * (the XDG spec says to ignore a relative XDG_DATA_HOME). macOS:
 * ~/Library/Application Support/Labwire. Windows: %APPDATA%\Labwire.
 */
export function defaultDataDirectory({ platform, env, homeDir }: DataDirectoryEnvironment): string {
  if (platform === 'win32') {
    const appData = env.APPDATA;
    return appData ? win32.join(appData, 'Labwire') : win32.join(homeDir, 'AppData', 'Roaming', 'Labwire');
  }
  if (platform === 'darwin') return posix.join(homeDir, 'Library', 'Application Support', 'Labwire');
  const xdgDataHome = env.XDG_DATA_HOME;
  if (xdgDataHome && posix.isAbsolute(xdgDataHome)) return posix.join(xdgDataHome, 'labwire');
  return posix.join(homeDir, '.local', 'share', 'labwire');
}
