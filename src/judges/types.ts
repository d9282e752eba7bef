import type { SpendLedger } from '../models/spend.js';
import type { ChatModel, ModelUsage } from '../models/types.js';
import type { ProbeSpec } from '../scenario/schema.js';

export type Expectation = ProbeSpec['expect'];

export interface JudgeInput {
  question: string;
  answer: string;
  expect: Expectation;
  /** The probe's kind (recall, update, temporal, …); LLM judges pick their prompt by it. */
  kind?: string;
}

/** A judge's decision on one answer. */
export interface Verdict {
  correct: boolean;
  /** 0..1; 1 or 0 for yes/no judges, token F1 for `f1`. */
  score: number;
  /** Tokens the judge itself used (LLM judges only). */
  usage?: ModelUsage;
  /** Dollars the judge itself cost (LLM judges only); null when unpriced. */
  costUsd?: number | null;
}

/** Decides whether an answer is right. One file per judge, one line in the registry. */
export interface Judge {
  /** Recorded in the `judge` column of every row it decided. */
  readonly name: string;
  /** Whether it can judge this kind of expectation (f1 needs reference strings, for instance). */
  accepts(expect: Expectation): boolean;
  judge(input: JudgeInput): Promise<Verdict>;
}

/**
 * A family of judges that call a model, named `<prefix>:<model id>` on the command line
 * (`--judge claude:claude-haiku-4-5`). The run builds the model (record/replay cache, concurrency
 * limit and spend cap in front, charged to the `judge` account) and hands it to `create`, so a
 * new provider is one file and one line in JUDGE_PROVIDERS (src/judges/index.ts).
 */
export interface JudgeProvider {
  /** The part before the colon. */
  readonly prefix: string;
  /** Version of its prompts, recorded in run.json; bump it when a wording changes. */
  readonly promptVersion: string;
  /** The model id in a `<prefix>:<model id>` name. @throws MemevalError USAGE when it names none */
  modelId(name: string): string;
  create(model: ChatModel, ledger: SpendLedger): Judge;
}
