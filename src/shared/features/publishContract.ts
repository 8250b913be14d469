/** The publishing feature's slice of the contract: PUBLISH once per attempt, and its audited history. */
import { PUBLISH_COMMANDS, PUBLISH_ENCODINGS, type PublishRecord, type PublishRequest } from '../publishing';
import { boolean, channelNameCheck, idCheck, oneOf, optional, shape, string } from '../requestChecks';
import { request } from '../requestSlice';

const publishRequest = shape({
  profileId: idCheck,
  channel: channelNameCheck,
  payload: string(64 * 1024 * 1024),
  encoding: oneOf(PUBLISH_ENCODINGS),
  command: optional(oneOf(PUBLISH_COMMANDS)),
  attemptId: string(100),
  isConfirmed: boolean,
});

export const PUBLISH_REQUESTS = {
  'publish:send': request<PublishRequest, PublishRecord>(publishRequest),
  'publish:history': request<{ profileId: string }, PublishRecord[]>(shape({ profileId: idCheck })),
};
