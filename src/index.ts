/**
 * memeval's public API. Everything a team needs to evaluate its own memory strategy from code:
 * define a strategy, describe an evaluation (the same shape as `memeval.config.yaml`), run it.
 * Anything not exported here is internal and may change.
 *
 * @example
 * import { defineStrategy, runEval, z } from 'memeval';
 */

/** Define a memory strategy: `export default defineStrategy({ name, description, options, create })`. */
export { defineStrategy } from './strategy/types.js';
export type {
  ContextRequest,
  MemoryContext,
  MemoryStrategy,
  SaveEvent,
  Scope,
  StrategyDefinition,
  StrategyDeps,
  StrategyRegistry,
} from './strategy/types.js';
/** The store as a strategy sees it: user-scoped reads and writes only. */
export type { MemoryStore } from './strategy/memory-store.js';

/** Helpers for writing strategies: group history into rounds and fit them to a budget with roles alternating. */
export { assembleContext, toRounds, type Round } from './strategy/context.js';

/** The built-in strategies by name (`recency`, …); spread it to run every one next to your own. */
export { STRATEGIES, type StrategyName } from '../strategies/index.js';

/** Type a `memeval.config.ts`: `export default defineConfig({ … })`. */
export { defineConfig, type GateConfig, type MemevalConfig } from './config/schema.js';

/** Run an evaluation from a config object; the engine `memeval run` uses. */
export { runEval, type RunHooks } from './config/run-eval.js';
export type { RunResult } from './runner/run.js';
export type { ResultRow, SummaryRow } from './report/columns.js';

/** Where option values come from and what run.json records about them. */
export type { OptionSource, Provenance } from './runner/provenance.js';

/** The SQLite conversation store, scoped by user and session. */
export { ConversationStore, type StoreOptions } from './store/sqlite.js';
export type { NewMessage, ReadScope, Role, StoredMessage } from './store/types.js';

/** A chatbot with memory: strategy + model + store, saving each turn in one transaction. */
export { Chatbot, type ChatbotOptions, type SendOptions, type TurnResult } from './chat/chatbot.js';

/** The deterministic offline reader (not a language model, never Claude); the default model. */
export { OfflineModel, type OfflineModelOptions } from './models/offline.js';

/** Reader models by id: `offline` or a Claude model id (key from ANTHROPIC_API_KEY). */
export { createModel, type ModelOptions } from './models/registry.js';
export type { ChatMessage, ChatModel, ChatRequest, ModelReply, ModelUsage, Summarizer } from './models/types.js';

/** Embedders by name (`hash`, `minilm`, …). */
export { createEmbedder, EMBEDDERS, type EmbedderName, type EmbedderOptions } from './embedders/registry.js';
export type { Embedder } from './embedders/types.js';

/** Clocks: the system clock, and a manual one for tests and scripted time. */
export { ManualClock, systemClock, type Clock } from './clock.js';

/** The one error class; `code` is stable and decides the CLI's exit code. */
export { MemevalError, type ErrorCode } from './errors.js';

/**
 * zod, re-exported so a strategy's options schema uses the same zod as memeval without the
 * project installing it separately.
 */
export { z } from 'zod';
