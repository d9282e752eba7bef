import { MemevalError } from '../errors.js';
import type { ModelReply } from './types.js';

/**
 * Whether a reply answers nothing: no text, only whitespace, or only non-text blocks (a
 * `tool_use` block reads as ''). Such a reply is a failed exchange, never an answer: scored, it
 * would pass as a correct abstention; saved, it would be an empty assistant turn.
 */
export function isEmptyReply(reply: Pick<ModelReply, 'text'>): boolean {
  return reply.text.trim() === '';
}

/** The MODEL_CALL_FAILED error an empty reply becomes, with what the API said about why. */
export function emptyReplyError(modelId: string, reply: Pick<ModelReply, 'stopReason'>): MemevalError {
  return new MemevalError(
    'MODEL_CALL_FAILED',
    `${modelId}: empty reply (stop reason ${reply.stopReason}): the model returned no text`,
  );
}
