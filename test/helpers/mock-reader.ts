import type { MockAnthropic, MockUsage } from './mock-anthropic.js';

/**
 * Deterministic, plausible answers for the mock Messages API, so a run against it scores like a
 * run against a reader: the chat answer is the context sentence sharing most words with the
 * question ("I don't know." when none does); a judge prompt gets "yes" when the response holds
 * the correct answer; a summary request gets its text back, shortened. Not Claude's output.
 */
const STOP = new Set([
  'what',
  'which',
  'where',
  'when',
  'have',
  'does',
  'that',
  'this',
  'with',
  'your',
  'about',
  'name',
  'called',
  'tell',
]);

const words = (s: string) =>
  new Set(
    s
      .toLowerCase()
      .match(/[a-z0-9]+/g)
      ?.filter((w) => w.length > 3 && !STOP.has(w)) ?? [],
  );

const textOf = (content: unknown): string =>
  typeof content === 'string'
    ? content
    : Array.isArray(content)
      ? content.map((b: { text?: string }) => b.text ?? '').join('\n')
      : '';

function judgeReply(prompt: string): string {
  const response = /Model response: ([\s\S]*?)\n\n/.exec(prompt)?.[1]?.toLowerCase() ?? '';
  if (prompt.includes('cannot be answered')) return /don.t know/.test(response) ? 'yes' : 'no';
  const correct = /Correct answer: ([\s\S]*?)\n\n/.exec(prompt)?.[1] ?? '';
  const pattern = /matching the pattern \/(.+)\//.exec(correct)?.[1];
  if (pattern !== undefined) return new RegExp(pattern, 'i').test(response) ? 'yes' : 'no';
  return correct.split(' or ').some((c) => c.trim() !== '' && response.includes(c.trim().toLowerCase())) ? 'yes' : 'no';
}

export function plausibleReply(body: any): string {
  const messages: { content: unknown }[] = body?.messages ?? [];
  const last = textOf(messages.at(-1)?.content);
  if (last.includes('Answer yes or no only')) return judgeReply(last);
  if (last.startsWith('Conversation to compress:')) return last.slice(0, 200);
  const lines = last.split('\n');
  const question = lines.pop() ?? '';
  const context = [textOf(body?.system), ...messages.slice(0, -1).map((m) => textOf(m.content)), ...lines].join('\n');
  const q = words(question);
  let best = { overlap: 0, sentence: "I don't know." };
  for (const sentence of context.split(/(?<=[.!?])\s+|\n/)) {
    const overlap = [...words(sentence)].filter((w) => q.has(w)).length;
    // History lines carry a date prefix ("[2024-01-01 Mon] …"); a reader would not repeat it.
    if (overlap > best.overlap) best = { overlap, sentence: sentence.replace(/^\s*\[[^\]]*\]\s*/, '').trim() };
  }
  return best.sentence;
}

/** Usage that follows the request: ~4 characters a token, cache reads when prompt caching marks the prompt. */
export function plausibleUsage(body: any, text: string): Partial<MockUsage> {
  const prompt = JSON.stringify([body?.system ?? '', body?.messages ?? []]);
  const cacheMarked = prompt.includes('cache_control');
  return {
    input_tokens: Math.ceil(prompt.length / 4),
    output_tokens: Math.max(1, Math.ceil(text.length / 4)),
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: cacheMarked ? 40 : 0,
  };
}

/** Makes a mock answer like a plausible reader. */
export function answerPlausibly(mock: MockAnthropic): MockAnthropic {
  mock.defaultText = plausibleReply;
  mock.defaultUsage = plausibleUsage;
  return mock;
}
