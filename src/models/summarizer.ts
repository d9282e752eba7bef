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
 * spend-capped). Its usage is returned so the summary strategy's cost is counted apart.
 */
export class ModelSummarizer implements Summarizer {
  constructor(private readonly model: ChatModel) {}

  get id(): string {
    return `${this.model.id}:${SUMMARY_PROMPT_VERSION}`;
  }

  async summarize(text: string, maxTokens: number): Promise<{ text: string; usage: ModelUsage }> {
    const reply = await this.model.complete({
      system: SYSTEM,
      messages: [{ role: 'user', content: `Conversation to compress:\n\n${text}` }],
      maxTokens,
      // Summaries feed later answers; the least random wording keeps runs comparable.
      temperature: 0,
    });
    return { text: reply.text.trim(), usage: reply.usage };
  }
}
