/**
 * Column contracts of the run outputs. Everything that reads or writes results.csv and
 * summary.csv (runner, merge, check, HTML report) uses these lists, so the files have one shape.
 */

/** One row per probe × strategy × model × budget. */
export const RESULT_COLUMNS = [
  'run_id',
  'scenario_id',
  'probe_id',
  'kind',
  /** Dataset category or question type when the probe came from a benchmark (LoCoMo category integer, LongMemEval type). */
  'category',
  /** Cell label: strategy name plus non-default options, e.g. `semantic[topK=5]`. */
  'strategy',
  'embedder',
  'model',
  /** A MODEL_PROVIDERS id: offline, anthropic, … — the offline reader is never Claude. */
  'model_provider',
  'judge',
  'budget_tokens',
  'question',
  'expected',
  'answer',
  'correct',
  'score',
  'evidence_total',
  'evidence_hit',
  'evidence_recall',
  /** A forbidden string reached the context or the answer (`forbidden`). */
  'leaked',
  /** The answer contained a `forbid_in_answer` string, which made it wrong. */
  'forbidden_in_answer',
  'context_tokens',
  'input_tokens',
  'output_tokens',
  'cache_read_tokens',
  'cache_write_tokens',
  /** true when token counts come from the API, false when estimated. */
  'usage_exact',
  'cost_usd',
  /** Model whose prices `cost_usd` uses; differs from `model` under --price-as (an estimate). */
  'priced_as',
  'stop_reason',
  'max_tokens_stop',
  'judge_input_tokens',
  'judge_output_tokens',
  'judge_cost_usd',
  /**
   * The summariser's own tokens and dollars (`--summarizer claude:<model>`), apart from the
   * chatbot's like the judge's: the calls the cell's compaction made since its previous probe.
   * 0 when none; the cost is empty when the summariser is unpriced (offline).
   */
  'summary_input_tokens',
  'summary_output_tokens',
  'summary_cost_usd',
  'strategy_ms',
  'model_ms',
  'total_ms',
  'cached',
  'error',
] as const;

/** Columns whose values depend on timing; left out when comparing two runs for determinism. */
export const TIMING_COLUMNS = ['strategy_ms', 'model_ms', 'total_ms'] as const;

/** One row per strategy × model × budget (and priced_as). */
export const SUMMARY_COLUMNS = [
  'strategy',
  'embedder',
  'model',
  'model_provider',
  'judge',
  'budget_tokens',
  'priced_as',
  'probes',
  'accuracy',
  'evidence_recall',
  'leaks',
  'errors',
  'mean_input_tokens',
  'mean_output_tokens',
  'cost_per_exchange_usd',
  /** The summariser's tokens and dollars per exchange, to add to the chatbot's for a summarising strategy's full cost. */
  'mean_summary_input_tokens',
  'mean_summary_output_tokens',
  'summary_cost_per_exchange_usd',
  'strategy_p50_ms',
  'strategy_p95_ms',
  'total_p50_ms',
  'total_p95_ms',
  /**
   * 95% intervals of accuracy and evidence recall over the cell's probes (run.json's
   * `statistics` names the method). Last, as later columns go, so older baselines still read.
   */
  'accuracy_ci_low',
  'accuracy_ci_high',
  'evidence_recall_ci_low',
  'evidence_recall_ci_high',
] as const;

/**
 * metrics.csv, written by benchmark runs (`--dataset`): one row per strategy × model × budget ×
 * category × metric. Long format, so any set of k values fits one header. `group` is the LoCoMo
 * category integer, the LongMemEval question_type, `abstention`, or `all`.
 */
export const METRIC_COLUMNS = [
  'dataset',
  'strategy',
  'model',
  'budget_tokens',
  'group',
  'metric',
  'value',
  'questions',
  /** 95% Wilson interval of `value` over its questions (see metricRows); empty for task-averaged accuracy. */
  'ci_low',
  'ci_high',
] as const;

/**
 * probes.csv, the per-probe baseline `memeval baseline bless` writes beside summary.csv: one row
 * per scenario × probe × strategy × model × budget × repeat (the key), with what `check` needs to
 * name a flipped probe and pair the outcomes. `repeat` is 0: runs have one repeat today.
 */
export const PROBE_COLUMNS = [
  'scenario_id',
  'probe_id',
  'strategy',
  'model',
  'budget_tokens',
  'repeat',
  'question',
  'expected',
  'answer',
  'correct',
  'score',
] as const;

/**
 * Columns added after files were first written (baselines in CI above all): a file without them
 * still reads, the missing cells empty, so an older baseline keeps gating a newer run.
 */
export const LATER_COLUMNS = [
  'forbidden_in_answer',
  'summary_input_tokens',
  'summary_output_tokens',
  'summary_cost_usd',
  'mean_summary_input_tokens',
  'mean_summary_output_tokens',
  'summary_cost_per_exchange_usd',
  'accuracy_ci_low',
  'accuracy_ci_high',
  'evidence_recall_ci_low',
  'evidence_recall_ci_high',
] as const;

export const SUMMARY_TIMING_COLUMNS = ['strategy_p50_ms', 'strategy_p95_ms', 'total_p50_ms', 'total_p95_ms'] as const;

export type ResultColumn = (typeof RESULT_COLUMNS)[number];
export type SummaryColumn = (typeof SUMMARY_COLUMNS)[number];
export type ResultRow = Record<ResultColumn, string | number | boolean | null>;
export type ProbeColumn = (typeof PROBE_COLUMNS)[number];
export type ProbeRow = Record<ProbeColumn, string | number | boolean | null>;
export type SummaryRow = Record<SummaryColumn, string | number | null>;
