/**
 * Every bound the relay keeps, in one place so the docs, the tests and the
 * memory cap agree. A client's memory in the relay is at most its queue's
 * hard cap plus what the socket holds before the relay stops writing.
 */

/** Largest frame a client may send (a subscribe request is a few hundred bytes). */
export const MAX_CLIENT_FRAME_BYTES = 16 * 1024;
/** Channels plus patterns one client may hold. */
export const MAX_SUBSCRIPTIONS_PER_CLIENT = 64;
/** Connections at once; the next one is refused with 503. */
export const MAX_RELAY_CLIENTS = 64;
/** A payload larger than this is not relayed; the client is told, once per channel. */
export const MAX_RELAYED_PAYLOAD_BYTES = 1024 * 1024;
/** Longest channel or pattern name a client may subscribe to. */
export const MAX_TARGET_NAME_CHARS = 1024;
/** Distinct channels a pattern keeps sequence numbers for; past it the longest-unseen channel starts again at 1. */
export const MAX_SEQUENCED_CHANNELS_PER_TARGET = 4096;

/** Past this many queued bytes a client gets only the newest message of each channel. */
export const CLIENT_QUEUE_SOFT_CAP_BYTES = 1024 * 1024;
/** The queue never holds more than this; newer channels' messages are dropped (and counted) beyond it. */
export const CLIENT_QUEUE_HARD_CAP_BYTES = 4 * 1024 * 1024;
/**
 * The relay writes to a client only while its socket holds less than this,
 * so a client that stops reading keeps at most this much (plus one frame) in
 * the socket, and the rest waits in the capped queue.
 */
export const CLIENT_SOCKET_LOW_WATER_BYTES = 256 * 1024;
/** Everything the relay may hold for one client: the queue's hard cap, the socket's share and one more frame. */
export const CLIENT_MEMORY_CAP_BYTES = CLIENT_QUEUE_HARD_CAP_BYTES + CLIENT_SOCKET_LOW_WATER_BYTES + MAX_RELAYED_PAYLOAD_BYTES + 1024;
/** A client whose socket takes nothing for this long while messages wait is closed with 1013 (try again later). */
export const CLIENT_STALL_CLOSE_MS = 10_000;
/** A closed client that does not answer the close handshake is cut off after this. */
export const CLIENT_CLOSE_GRACE_MS = 2_000;
/** Clients whose sockets were full are tried again on this clock even when no new message arrives. */
export const RELAY_RETRY_FLUSH_MS = 25;
