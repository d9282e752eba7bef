import { MemevalError } from '../errors.js';
import { judgeProviderFor } from '../judges/index.js';
import type { Judge, JudgeProvider } from '../judges/types.js';
import type { AnthropicOptions } from '../models/anthropic.js';
import { DEFAULT_CACHE_MODE, type CacheOptions, type CacheStats } from '../models/cache/cached-model.js';
import { OFFLINE_MODEL_ID } from '../models/offline.js';
import { findPrice } from '../models/pricing.js';
import { createModelStack, type ModelStack, type ModelStackOptions } from '../models/stack.js';
import { SpendLedger, type SpendAccount } from '../models/spend.js';
import { ModelSummarizer, SUMMARY_PROMPT_VERSION } from '../models/summarizer.js';
import { cacheStatsKey, type SpendLog, type SpendLogTotals } from './spend-log.js';
import { ZERO_USAGE, type ChatModel, type Summarizer } from '../models/types.js';

/** Settings for real Claude calls in a run; `resolveClaudeOptions` (the CLI flags) produces them. */
export interface ClaudeRunOptions {
  anthropic?: AnthropicOptions;
  /** @default { mode: DEFAULT_CACHE_MODE, dir: DEFAULT_CACHE_DIR } */
  cache?: CacheOptions;
  /** Refuse new Claude calls once this many dollars were spent (chat, judge and summariser together). */
  maxCostUsd?: number;
  /** Concurrent calls per Claude model. @default 4 */
  concurrency?: number;
}

/** `--summarizer` default: the offline extractive summariser (no calls, no cost). */
export const OFFLINE_SUMMARIZER = 'offline';

export interface ModelSetupInput {
  modelIds: string[];
  /** `--judge`; only `claude:<model>` builds anything here. */
  judgeName: string;
  /** `offline` or `claude:<model>`. @default 'offline' */
  summarizer?: string;
  claude?: ClaudeRunOptions;
  log: (message: string) => void;
  /** Test and library seam: builds chat models without the cache/limit stack. */
  createModel?: (id: string) => ChatModel;
}

interface StackEntry {
  role: SpendAccount;
  stack: ModelStack;
}

/**
 * Every model a run calls — chat models, an LLM judge, a Claude summariser — built on one spend
 * ledger, with the record/replay cache, per-model concurrency limit and spend cap in front of
 * each (`createModelStack`). Building it is validation: a Claude model without a key (outside
 * `--cache replay`) throws MISSING_API_KEY here, before the run folder exists.
 */
export class ModelSetup {
  readonly ledger: SpendLedger;
  /** One reader model per `--model`, in order; what cells call. */
  readonly models: ChatModel[];
  /** The LLM judge when `--judge claude:<model>`, else undefined (the rule-based judges need no setup). */
  readonly judge: Judge | undefined;
  /** Summariser handed to strategies; undefined means buildDeps' offline default. */
  readonly summarizer: Summarizer | undefined;
  private readonly stacks: StackEntry[] = [];
  private readonly judgeModel: string | null;
  private readonly judgeProvider: JudgeProvider | undefined;
  private readonly judgeModelProvider: string | null;
  private readonly summarizerSpec: string;
  private readonly cache: CacheOptions;
  private readonly promptCache: boolean;

  constructor(input: ModelSetupInput) {
    const claude = input.claude ?? {};
    this.cache = claude.cache ?? { mode: DEFAULT_CACHE_MODE };
    this.promptCache = claude.anthropic?.promptCache ?? false;
    this.ledger = new SpendLedger({ maxCostUsd: claude.maxCostUsd, warn: input.log });
    const stackOptions: ModelStackOptions = {
      ledger: this.ledger,
      cache: this.cache,
      concurrency: claude.concurrency,
      anthropic: claude.anthropic,
      log: input.log,
    };
    const build = (id: string, role: SpendAccount): ChatModel => {
      const stack = createModelStack(id, { ...stackOptions, account: role });
      if (stack.provider !== 'offline') {
        this.stacks.push({ role, stack });
        // Warns now, once per model, when the pricing file lacks it — even if every call replays.
        this.ledger.costOf(stack.id, ZERO_USAGE);
      }
      // Runs have no repeats yet; repeat 0 is the recording every run replays.
      return stack.forRepeat(0);
    };

    this.models = input.modelIds.map((id) => (input.createModel ? input.createModel(id) : build(id, 'chat')));

    this.judgeProvider = judgeProviderFor(input.judgeName);
    this.judgeModel = this.judgeProvider ? this.judgeProvider.modelId(input.judgeName) : null;
    const judgeModel = this.judgeModel === null ? undefined : build(this.judgeModel, 'judge');
    this.judgeModelProvider = judgeModel?.provider ?? null;
    this.judge = judgeModel && this.judgeProvider!.create(judgeModel, this.ledger);

    this.summarizerSpec = input.summarizer?.trim() || OFFLINE_SUMMARIZER;
    const summaryModel = parseSummarizerSpec(this.summarizerSpec);
    this.summarizer = summaryModel === null ? undefined : new ModelSummarizer(build(summaryModel, 'summary'));
  }

  /**
   * Makes the run's spend and cache counts outlive its process: what earlier processes of the run
   * spent and counted (`restored`, read from the spend log) is added first — so `--max-cost-usd`
   * caps the whole run, not each process — then every new charge and count goes to `log`.
   */
  persist(log: SpendLog, restored: SpendLogTotals): void {
    this.ledger.restore(restored.usdByAccount, restored.unsettledUsd);
    this.ledger.listen((event) => log.spendEvent(event));
    for (const { role, stack } of this.stacks) {
      const counter = stack.cache?.stats;
      if (!counter) continue;
      const earlier = restored.cache.get(cacheStatsKey(stack.id, role));
      if (earlier) counter.restore(earlier);
      counter.listen((event) => log.cacheEvent(stack.id, role, event));
    }
  }

  /**
   * What changes results beyond models and judge (already in the run id): the summariser and
   * prompt caching. Null when both are at their defaults, so offline run ids stay as they were.
   * The cache mode is deliberately absent: a replay reproduces the recorded run's folder.
   */
  runIdBasis(): Record<string, unknown> | null {
    if (this.summarizerSpec === OFFLINE_SUMMARIZER && !this.promptCache) return null;
    return { summarizer: this.summarizerSpec, promptCache: this.promptCache };
  }

  /** The run.json section: who judged and summarised, cache use, dollars per account. */
  describe(): Record<string, unknown> {
    const totals: CacheStats = { hits: 0, misses: 0, recorded: 0 };
    const perModel = this.stacks.map(({ role, stack }) => {
      const stats = stack.cache?.stats.snapshot() ?? { hits: 0, misses: 0, recorded: 0 };
      for (const k of Object.keys(totals) as (keyof CacheStats)[]) totals[k] += stats[k];
      return { model: stack.id, role, provider: stack.provider, priced: findPrice(stack.id) !== undefined, ...stats };
    });
    const usd = (n: number) => Math.round(n * 1e9) / 1e9;
    return {
      judge:
        this.judgeModel === null
          ? null
          : {
              model: this.judgeModel,
              provider: this.judgeModelProvider,
              promptVersion: this.judgeProvider!.promptVersion,
            },
      summarizer:
        this.summarizer === undefined
          ? {
              spec: OFFLINE_SUMMARIZER,
              provider: 'offline',
              note: 'offline extractive summariser, not a language model',
            }
          : {
              spec: this.summarizerSpec,
              id: this.summarizer.id,
              provider: 'anthropic',
              promptVersion: SUMMARY_PROMPT_VERSION,
            },
      cache: { mode: this.cache.mode, dir: this.cache.dir ?? null, ...totals, models: perModel },
      promptCache: this.promptCache,
      spendUsd: {
        total: usd(this.ledger.spentUsd),
        chat: usd(this.ledger.spentUsdFor('chat')),
        judge: usd(this.ledger.spentUsdFor('judge')),
        summary: usd(this.ledger.spentUsdFor('summary')),
        maxCostUsd: this.ledger.maxCostUsd ?? null,
        note: 'real calls only: replayed calls are never charged (their rows still carry the recorded usage priced at list prices)',
      },
      costs: {
        models: this.models.map((m) => ({
          id: m.id,
          provider: m.provider,
          usage: m.provider === 'offline' ? 'estimated' : 'exact',
          priced: findPrice(m.id) !== undefined,
        })),
        note:
          'Claude rows: exact usage from each response (cache writes and reads apart) × list prices in src/models/pricing.json; ' +
          'offline rows: token counts estimated at 4 characters per token and unpriced unless --price-as',
      },
    };
  }
}

/** The model id in `--summarizer claude:<model>`, or null for the offline summariser. */
function parseSummarizerSpec(spec: string): string | null {
  if (spec === OFFLINE_SUMMARIZER) return null;
  const model = spec.startsWith('claude:') ? spec.slice('claude:'.length).trim() : '';
  if (!model.startsWith('claude-') && model !== OFFLINE_MODEL_ID) {
    throw new MemevalError(
      'USAGE',
      `--summarizer "${spec}": use offline, or claude:<model id> (e.g. claude:claude-haiku-4-5)`,
    );
  }
  return model === OFFLINE_MODEL_ID ? null : model;
}
