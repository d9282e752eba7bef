import { costUsd, findPrice } from './pricing.js';
import type { ChatModel, ModelUsage, Summarizer } from './types.js';

/** Versioned like the judge prompts: a changed prompt changes results, so reports can say which. */
export const SUMMARY_PROMPT_VERSION = 'summary-v1';

const SYSTEM =
  'You compress conversation history into long-term memory for a chatbot. Keep every specific fact ' +
  'about the user: names, places, dates, numbers, preferences, plans and what the assistant promised. ' +
  'When a fact changed, keep only the latest value and say when it changed if the text gives a date. ' +
  'Write short plain sentences in the third person, with no preamble and no commentary.';

/**
 * A summariser backed by any chat model (Claude through the provider, possibly cached and
 * spend-capped). Its usage and list-price cost are returned so the runner can charge them to the
 * cell that asked for the summary, apart from the chatbot's (summary_* columns).
 */
export class ModelSummarizer implements Summarizer {
  constructor(private readonly model: ChatModel) {}

  get id(): string {
    return `${this.model.id}:${SUMMARY_PROMPT_VERSION}`;
  }

  async summarize(
    text: string,
    maxTokens: number,
  ): Promise<{ text: string; usage: ModelUsage; costUsd: number | null }> {
    const reply = await this.model.complete({
      system: SYSTEM,
      messages: [{ role: 'user', content: `Conversation to compress:\n\n${text}` }],
      maxTokens,
      // Summaries feed later answers; the least random wording keeps runs comparable.
      temperature: 0,
    });
    // Priced like chat rows: a replayed call carries its recorded usage at list prices.
    return { text: reply.text.trim(), usage: reply.usage, costUsd: costUsd(reply.usage, findPrice(this.model.id)) };
  }
}
