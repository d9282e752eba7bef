import type { ChatMessage } from '../models/types.js';

/** Stands in for a user turn that memory did not keep, so a context may open with an assistant turn. */
export const PLACEHOLDER_USER_TURN = '(earlier conversation)';

/**
 * Makes a message list acceptable to the Messages API, which wants the first message from the
 * user and roles strictly alternating:
 * - consecutive messages of the same role are merged into one, joined by a blank line, in order
 *   (nothing is dropped: a user turn whose reply was lost still carries its facts);
 * - a list that opens with an assistant turn gets a short placeholder user turn in front.
 */
export function repairAlternation(messages: readonly ChatMessage[]): ChatMessage[] {
  const out: ChatMessage[] = [];
  for (const m of messages) {
    const last = out.at(-1);
    if (last && last.role === m.role) last.content = `${last.content}\n\n${m.content}`;
    else out.push({ role: m.role, content: m.content });
  }
  if (out[0]?.role === 'assistant') out.unshift({ role: 'user', content: PLACEHOLDER_USER_TURN });
  return out;
}
