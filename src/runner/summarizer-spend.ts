import type { Summarizer } from '../models/types.js';

/** What a cell's summariser calls took, for the summary_* columns. */
export interface SummarizerSpend {
  calls: number;
  inputTokens: number;
  outputTokens: number;
  /** Null when any call was unpriced (the offline summariser); 0 when there was no call. */
  costUsd: number | null;
}

export const NO_SUMMARIZER_SPEND: SummarizerSpend = Object.freeze({
  calls: 0,
  inputTokens: 0,
  outputTokens: 0,
  costUsd: 0,
});

/** Two spends as one; an unpriced part leaves the cost unknown rather than understated. */
export function addSpend(a: SummarizerSpend, b: SummarizerSpend): SummarizerSpend {
  return {
    calls: a.calls + b.calls,
    inputTokens: a.inputTokens + b.inputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    costUsd: a.costUsd === null || b.costUsd === null ? null : a.costUsd + b.costUsd,
  };
}

/**
 * The run's summariser as one cell sees it: every call passes through and is counted, so the
 * summariser's tokens and dollars are charged to the cell whose compaction asked for them. The
 * run's summariser is shared by cells running at once, hence one meter per cell.
 */
export class SummarizerMeter implements Summarizer {
  private spend: SummarizerSpend = NO_SUMMARIZER_SPEND;

  constructor(private readonly inner: Summarizer) {}

  get id(): string {
    return this.inner.id;
  }

  async summarize(text: string, maxTokens: number): ReturnType<Summarizer['summarize']> {
    const result = await this.inner.summarize(text, maxTokens);
    this.spend = addSpend(this.spend, {
      calls: 1,
      inputTokens: result.usage.inputTokens,
      outputTokens: result.usage.outputTokens,
      costUsd: result.costUsd ?? null,
    });
    return result;
  }

  /** What was spent since the last take, and a fresh count from here. */
  take(): SummarizerSpend {
    const spent = this.spend;
    this.spend = NO_SUMMARIZER_SPEND;
    return spent;
  }
}
