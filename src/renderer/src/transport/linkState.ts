/** The renderer's own link to the host, separate from any Redis connection. */

export type LinkState =
  /** First attempt to reach the host. */
  | { state: 'connecting' }
  | { state: 'connected' }
  /** The host went away; `attempt` counts from 1, `nextRetryAt` is epoch ms. */
  | { state: 'reconnecting'; attempt: number; nextRetryAt: number }
  /** The host refused this page; retrying cannot help until the user opens the right link. */
  | { state: 'unauthorized'; message: string };

export interface LinkStateSource {
  currentLinkState(): LinkState;
  /** Returns the function that unsubscribes. */
  onDidChangeLinkState(listener: (state: LinkState) => void): () => void;
}

export const UNAUTHORIZED_MESSAGE =
  'This page needs the link printed by `npm run serve` (it carries an access token).';

export const CONNECTION_LOST_MESSAGE = 'The console lost its link to the Labwire server. Reconnecting…';

const CONNECTED: LinkState = { state: 'connected' };

/** The desktop host's preload is in-process: its link never drops. */
export const ALWAYS_CONNECTED_LINK: LinkStateSource = {
  currentLinkState: () => CONNECTED,
  onDidChangeLinkState: () => () => undefined,
};
