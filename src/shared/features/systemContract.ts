/** The system feature's slice of the contract: what a renderer learns about its host at start. */
import type { LocalRedisStatus } from '../simulator';
import { empty } from '../requestChecks';
import { request } from '../requestSlice';

export type HostKind = 'desktop' | 'serve';

/** How secrets are protected at rest on this machine. */
export type SecretStorageStatus =
  /** OS keychain (desktop safeStorage) or a 0600 key file (serve) protects the data key. */
  | { state: 'protected'; mechanism: string }
  /** Secrets cannot be stored: passwords are kept for this session only. */
  | { state: 'unavailable'; reason: string };

/** What `npm run serve -- --demo` did, so the page can say it. Messages are whole sentences for a technician. */
export type DemoStatus =
  | { state: 'starting' }
  /** `hasNoServer`: no Redis could be had, so the demo profile shows data generated on this computer. */
  | { state: 'running'; message: string; hasNoServer?: boolean }
  /** `message` says what stopped the demo and, when a command fixes it, that command. */
  | { state: 'failed'; message: string };

export interface HelloInfo {
  appVersion: string;
  host: HostKind;
  /** Where profiles, audit logs and the managed Redis live. */
  dataDir: string;
  secretStorage: SecretStorageStatus;
  localRedis: LocalRedisStatus;
  /** Set by the serve host when it was started with --demo; absent otherwise (and in the desktop host). */
  demo?: DemoStatus;
}

export const SYSTEM_REQUESTS = {
  'system:hello': request<Record<string, never>, HelloInfo>(empty),
};
