/**
 * For tests only, never a setting: lets a test turn ioredis' Sentinel
 * `failoverDetector` off to prove it matters (issue #15 measured clients
 * left on the old master without it). Nothing in the app writes here.
 */
export const sentinelTestHooks: { isFailoverDetectorForcedOff: boolean } = { isFailoverDetectorForcedOff: false };
