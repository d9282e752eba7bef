import { MemevalError } from '../errors.js';
import type { SpendLedger } from '../models/spend.js';
import { createModelStack, type ModelStackOptions } from '../models/stack.js';
import type { ChatModel, ModelUsage } from '../models/types.js';
import { JUDGE_PROMPT_VERSION, judgePrompt, parseVerdict, type JudgePromptInput } from './prompts.js';
import type { Expectation, Judge, JudgeProvider } from './types.js';

export interface JudgeVerdict {
  correct: boolean;
  /** 1 or 0, so it averages like the rule-based judges' scores. */
  score: number;
  /** The judge's own tokens, kept apart from the chatbot's. */
  usage: ModelUsage;
  /** Null when the judge model is unpriced. */
  costUsd: number | null;
  judgeModel: string;
  promptVersion: string;
  /** True when the verdict was replayed from the record/replay cache. */
  cached: boolean;
  /** What the judge said, for audits of surprising verdicts. */
  rawVerdict: string;
}

const PREFIX = 'claude:';

/** True for `--judge` values that name an LLM judge rather than a rule-based one. */
export function isLlmJudgeSpec(spec: string): boolean {
  return spec.startsWith(PREFIX);
}

/** The model id in `claude:<model>`. */
export function parseJudgeSpec(spec: string): string {
  const model = spec.startsWith(PREFIX) ? spec.slice(PREFIX.length).trim() : '';
  if (!model.startsWith('claude-')) {
    throw new MemevalError(
      'USAGE',
      `--judge "${spec}": an LLM judge is written claude:<model id>, e.g. claude:claude-haiku-4-5`,
    );
  }
  return model;
}

/**
 * Claude as judge: one prompt per probe kind, a yes/no verdict parsed like LongMemEval.
 * Give it a model built for the judge (its own stack with account 'judge') so its calls are
 * cached, capped and charged apart from the chatbot's.
 */
export class ClaudeJudge {
  readonly promptVersion = JUDGE_PROMPT_VERSION;

  constructor(
    private readonly model: ChatModel,
    private readonly ledger: SpendLedger,
  ) {}

  get judgeModel(): string {
    return this.model.id;
  }

  async judge(input: JudgePromptInput): Promise<JudgeVerdict> {
    const reply = await this.model.complete({
      messages: [{ role: 'user', content: judgePrompt(input) }],
      // A verdict is one word; a little room covers a model that explains itself anyway.
      maxTokens: 10,
      temperature: 0,
    });
    const correct = parseVerdict(reply.text);
    return {
      correct,
      score: correct ? 1 : 0,
      usage: reply.usage,
      costUsd: this.ledger.costOf(this.model.id, reply.usage),
      judgeModel: this.model.id,
      promptVersion: JUDGE_PROMPT_VERSION,
      cached: reply.cached,
      rawVerdict: reply.text,
    };
  }
}

/**
 * The judge for `--judge claude:<model>`, on its own model stack: cached, concurrency-limited
 * and charged to the `judge` account of the shared ledger. Always repeat 0 — the prompt is at
 * temperature 0 and a verdict on the same answer should not be sampled again.
 */
export function createClaudeJudge(spec: string, options: ModelStackOptions): ClaudeJudge {
  const stack = createModelStack(parseJudgeSpec(spec), { ...options, account: 'judge' });
  return new ClaudeJudge(stack.forRepeat(0), options.ledger);
}

/** The expected answer in words, for the judge prompt. */
export function expectedAnswerText(expect: Expectation): string {
  if (expect.abstain) return '';
  if (expect.regex !== undefined) return `any answer matching the pattern /${expect.regex}/ (case-insensitive)`;
  return (expect.any ?? []).join(' or ');
}

/**
 * ClaudeJudge behind the runner's Judge interface: every expectation is judgeable (abstentions
 * get the abstention prompt whatever the probe's kind), and the judge's own tokens and dollars
 * come back with the verdict for the judge_* columns.
 */
export function claudeAsJudge(claude: ClaudeJudge): Judge {
  return {
    name: `claude:${claude.judgeModel}`,
    accepts: () => true,
    async judge({ question, answer, expect, kind }) {
      const v = await claude.judge({
        kind: expect.abstain ? 'abstain' : (kind ?? 'recall'),
        question,
        expectedAnswer: expectedAnswerText(expect),
        answer,
      });
      return { correct: v.correct, score: v.score, usage: v.usage, costUsd: v.costUsd };
    },
  };
}

/** `--judge claude:<model>`: Claude as judge, on the model the run built for it. */
export const CLAUDE_JUDGE_PROVIDER: JudgeProvider = {
  prefix: 'claude',
  promptVersion: JUDGE_PROMPT_VERSION,
  modelId: parseJudgeSpec,
  create: (model, ledger) => claudeAsJudge(new ClaudeJudge(model, ledger)),
};
