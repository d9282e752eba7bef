import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { Chatbot, type TurnResult } from '../chat/chatbot.js';
import { ManualClock } from '../clock.js';
import { MemevalError, toError } from '../errors.js';
import { exactTokenCounter, type TokenCountMode } from '../models/token-count.js';
import type { ChatModel } from '../models/types.js';
import type { ProbeSpec, Scenario } from '../scenario/schema.js';
import { createStrategy } from '../strategy/load.js';
import type { ResolvedStrategy } from '../strategy/spec.js';
import type { MemoryStrategy, StrategyDeps } from '../strategy/types.js';
import { FaultInjectingStore } from '../store/fault-injection.js';
import type { ConversationStore } from '../store/sqlite.js';
import type { NewMessage, StoredMessage } from '../store/types.js';
import type { AsyncTokenCounter } from '../tokens.js';
import { createGuarded, guardStrategy } from './strategy-guard.js';
import { addSpend, NO_SUMMARIZER_SPEND, SummarizerMeter, type SummarizerSpend } from './summarizer-spend.js';
import type { ProbeEvent, TimelineEvent, TurnEvent } from './timeline.js';

/**
 * Which cell of the matrix, without the scenario's content: what a plan, the journal and run.json
 * keep, so a benchmark run holds the text of only the items whose cells are running.
 */
export interface CellIdentity {
  /** Position in the matrix; rows are written in this order whatever order cells finish in. */
  index: number;
  scenario: { id: string };
  /** The scenario's file, for messages. */
  file: string;
  strategy: ResolvedStrategy;
  model: ChatModel;
  budgetTokens: number;
  /** Ranking depth asked of the strategy (largest k of a `--top-k` sweep), if any. */
  rankDepth?: number;
}

/** One cell of the matrix: a scenario replayed with one strategy, one model and one budget. */
export interface CellSpec extends CellIdentity {
  scenario: Scenario;
  timeline: TimelineEvent[];
}

/**
 * What a probe produced: the chatbot's turn, or the error that stopped it. Never thrown. Either
 * way it carries the summariser calls made since the previous probe up to the end of this one
 * (the last probe also those after it), so a cell's probes add up to all it spent on summaries.
 */
export type ProbeOutcome = ProbeResult & { summarizer: SummarizerSpend };

type ProbeResult =
  | {
      status: 'ok';
      probe: ProbeSpec;
      turn: TurnResult;
      /** Stored message id of each evidence turn, in `probe.evidence` order; null when it was never stored. */
      evidenceIds: (number | null)[];
      /** Scenario turn ids of the strategy's ranking, best first (messages without an id left out). */
      rankedTurnIds: string[];
      /** Scenario turn ids of the messages in the context. */
      contextTurnIds: string[];
    }
  | { status: 'error'; probe: ProbeSpec; error: string };

/**
 * What reports and metrics read of a finished probe. A ProbeOutcome is one; a cell restored from
 * the journal (`--resume`) has only this, its chatbot turn long gone.
 */
export type OutcomeRecord =
  | {
      status: 'ok';
      probe: Pick<ProbeSpec, 'id'>;
      turn: { reply: { text: string } };
      rankedTurnIds: string[];
      contextTurnIds: string[];
    }
  | { status: 'error'; probe: Pick<ProbeSpec, 'id'> };

export interface CellResult {
  spec: CellSpec;
  outcomes: ProbeOutcome[];
  /** The strategy's own description (embedder id and options) for run.json and the rows. */
  strategyInfo: { embedder: string; [key: string]: unknown };
  /** Degradation notices and the like, once each. */
  warnings: string[];
  /** Database file when kept (`--keep-db`), else null. */
  dbFile: string | null;
  elapsedMs: number;
}

export interface CellEnvironment {
  deps: StrategyDeps;
  /** Folder for the cell's database file. */
  dbDir: string;
  keepDb: boolean;
  /** `exact`: messages are counted by the cell's model before they are saved. @default 'estimate' */
  tokenCount?: TokenCountMode;
  /** Longest one strategy call may take (`--strategy-timeout-ms`). @default DEFAULT_STRATEGY_TIMEOUT_MS */
  strategyTimeoutMs?: number;
}

/** File-name-safe slug of a cell, e.g. `003-six-weeks-semantic-offline-4000`. */
export function cellSlug(spec: CellIdentity): string {
  const raw = `${String(spec.index).padStart(3, '0')}-${spec.scenario.id}-${spec.strategy.label}-${spec.model.id}-${spec.budgetTokens}`;
  return raw.replace(/[^A-Za-z0-9._-]+/g, '_');
}

/**
 * Replays a scenario's timeline in a fresh database: scripted turns are ingested without model
 * calls, restarts close and reopen the store with a new chatbot and strategy over the same file,
 * faults make saves fail or the store unavailable, and probes go through the chatbot. A failure
 * becomes the outcome of the probes it affects; this function does not throw.
 */
export async function runCell(spec: CellSpec, env: CellEnvironment): Promise<CellResult> {
  const started = performance.now();
  const file = join(env.dbDir, `${cellSlug(spec)}.db`);
  const clock = new ManualClock(spec.timeline[0]?.atMs ?? 0);
  const warnings: string[] = [];
  const warn = (message: string) => {
    // Masked like error rows, so run.json is the same in every run (and after a resume).
    const m = maskDbDir(message, env.dbDir);
    if (!warnings.includes(m)) warnings.push(m);
  };
  const outcomes: ProbeOutcome[] = [];
  const probes = spec.timeline.filter((e): e is ProbeEvent => e.type === 'probe');

  // The store handle the chatbot and the runner share; reopened after a restart or an outage.
  let store: FaultInjectingStore | null = null;
  const openStore = (): FaultInjectingStore => {
    // Scenario `fault` steps arm write failures, so cells open the store that can fail on purpose.
    if (!store?.isOpen)
      store = new FaultInjectingStore(file, { clock, tokenCounter: env.deps.tokenCounter, durability: 'scratch' });
    return store;
  };
  /** Turns left during which the store cannot be opened (a `store-unavailable` fault). */
  let downTurns = 0;
  /** Turns left whose save fails (a `fail-next-save` fault). */
  let failingSaves = 0;
  const owners = extIdOwners(spec.timeline);
  const turnIds = new TurnIdIndex(() => openStore());

  // Made inside the try (planRun has checked every model can count; a direct caller may not have).
  let tokenCounter: AsyncTokenCounter | undefined;
  const summarizer = new SummarizerMeter(env.deps.summarizer);
  const deps: StrategyDeps = { ...env.deps, summarizer };
  // Every strategy runs behind the guard: a user's file can hang, exit, lie about its context
  // size or return garbage, and each of those must cost its probes, not the run.
  const newStrategy = () =>
    guardStrategy(
      createGuarded(`strategy ${spec.strategy.label}: create()`, () =>
        createStrategy(spec.strategy.definition, spec.strategy.options, deps),
      ),
      { timeoutMs: env.strategyTimeoutMs, counter: deps.tokenCounter },
    );
  const newBot = (strategy: MemoryStrategy) =>
    new Chatbot({
      openStore: () => {
        if (downTurns > 0) throw new MemevalError('STORE_UNAVAILABLE', `${file}: store unavailable (injected fault)`);
        return openStore();
      },
      strategy,
      model: spec.model,
      budgetTokens: spec.budgetTokens,
      clock,
      warn,
      rankDepth: spec.rankDepth,
      tokenCounter,
    });
  // Built inside the try: a strategy whose construction fails errors this cell's probes, not the run.
  let strategy: MemoryStrategy | null = null;
  let bot: Chatbot | null = null;
  try {
    tokenCounter = env.tokenCount === 'exact' ? exactTokenCounter(spec.model) : undefined;
    strategy = newStrategy();
    bot = newBot(strategy);
    openStore();
    for (const event of spec.timeline) {
      clock.set(event.atMs);
      switch (event.type) {
        case 'turn':
          if (failingSaves > 0) {
            failingSaves--;
            openStore().armWriteFault('before-first-insert');
          }
          turnIds.remember(await bot.ingest(turnMessages(event)));
          if (downTurns > 0) downTurns--;
          break;
        case 'probe':
          outcomes.push({ ...(await runProbe(bot, event, turnIds, owners, env.dbDir)), summarizer: summarizer.take() });
          if (downTurns > 0) downTurns--;
          break;
        case 'restart': {
          // A graceful shutdown writes what it can; turns still unsaved die with the process.
          await bot.flush();
          if (bot.pendingTurns.length > 0)
            warn(`memeval: restart lost ${bot.pendingTurns.length} unsaved turn(s) because the store was unavailable`);
          bot.close();
          strategy = newStrategy();
          bot = newBot(strategy);
          break;
        }
        case 'fault':
          if (event.fault === 'fail-next-save') failingSaves = event.turns;
          else {
            bot.close();
            downTurns = event.turns;
          }
          break;
        case 'profile':
          openStore().setProfile(event.userId, event.key, event.value);
          break;
      }
    }
  } catch (err) {
    // Whatever broke the replay, the probes not yet asked get it as their error.
    const message = `cell failed: ${errorText(err, env.dbDir)}`;
    for (const p of probes.slice(outcomes.length))
      outcomes.push({ status: 'error', probe: p.probe, error: message, summarizer: NO_SUMMARIZER_SPEND });
  } finally {
    bot?.close();
    (store as ConversationStore | null)?.close();
    // Best effort: a folder that vanished mid-run must not turn finished probes into a crash.
    if (!env.keepDb) for (const suffix of ['', '-wal', '-shm']) removeQuietly(`${file}${suffix}`, warn);
  }
  const last = outcomes[outcomes.length - 1];
  if (last) last.summarizer = addSpend(last.summarizer, summarizer.take());
  return {
    spec,
    outcomes,
    strategyInfo: strategy?.describe() ?? { embedder: 'unknown' },
    warnings,
    dbFile: env.keepDb ? file : null,
    elapsedMs: performance.now() - started,
  };
}

function removeQuietly(file: string, warn: (message: string) => void): void {
  try {
    rmSync(file, { force: true });
  } catch (err) {
    warn(`memeval: could not remove ${file}: ${toError(err).message}`);
  }
}

function turnMessages(e: TurnEvent): NewMessage[] {
  const base = { userId: e.userId, sessionId: e.sessionId, createdAtMs: e.atMs };
  const out: NewMessage[] = [];
  if (e.userText !== undefined) out.push({ ...base, role: 'user', content: e.userText, extId: e.userExtId });
  if (e.assistantText !== undefined)
    out.push({ ...base, role: 'assistant', content: e.assistantText, extId: e.assistantExtId });
  return out;
}

/** Which user each scenario turn id belongs to, so evidence is looked up in that user's messages. */
function extIdOwners(timeline: readonly TimelineEvent[]): Map<string, string> {
  const owners = new Map<string, string>();
  for (const e of timeline) {
    if (e.type !== 'turn') continue;
    if (e.userExtId) owners.set(e.userExtId, e.userId);
    if (e.assistantExtId) owners.set(e.assistantExtId, e.userId);
  }
  return owners;
}

/** An error's message with the temp folder masked, so error rows are the same in every run. */
function errorText(err: unknown, dbDir: string): string {
  return maskDbDir(toError(err).message, dbDir);
}

function maskDbDir(text: string, dbDir: string): string {
  return text.split(dbDir).join('<db-dir>');
}

async function runProbe(
  bot: Chatbot,
  event: ProbeEvent,
  turnIds: TurnIdIndex,
  owners: Map<string, string>,
  dbDir: string,
): Promise<ProbeResult> {
  const { probe } = event;
  let turn: TurnResult;
  try {
    turn = await bot.send({
      userId: probe.user,
      sessionId: event.sessionId,
      text: probe.question,
      persist: probe.persist,
    });
  } catch (err) {
    return { status: 'error', probe, error: errorText(err, dbDir) };
  }
  // Looked up after the answer: evidence buffered during an outage may have been written since.
  const evidenceIds = probe.evidence.map((id) => turnIds.messageId(owners.get(id) ?? probe.user, id));
  return {
    status: 'ok',
    probe,
    turn,
    evidenceIds,
    rankedTurnIds: turnIds.turnIds(probe.user, turn.context.rankedIds ?? []),
    contextTurnIds: turnIds.turnIds(probe.user, turn.context.messageIds),
  };
}

/**
 * Stored message id ↔ scenario turn id, learned from what ingest saved (stored messages never
 * change), asking the store only for what it has not seen — benchmark probes map up to a
 * hundred ranked ids each, and a query per probe was a large share of a LoCoMo run.
 */
class TurnIdIndex {
  private readonly extIdOf = new Map<number, string | null>();
  private readonly idOf = new Map<string, number>();

  constructor(private readonly store: () => ConversationStore) {}

  remember(saved: readonly StoredMessage[] | null): void {
    for (const m of saved ?? []) {
      this.extIdOf.set(m.id, m.extId);
      if (m.extId !== null) this.idOf.set(`${m.userId}\u0000${m.extId}`, m.id);
    }
  }

  /** Stored id of a turn, or null when it was never stored. */
  messageId(userId: string, extId: string): number | null {
    const known = this.idOf.get(`${userId}\u0000${extId}`);
    if (known !== undefined) return known;
    return this.store().idsByExtId(userId, [extId]).get(extId) ?? null;
  }

  /** Turn ids of stored messages in the given order; messages without one are left out. [] if the store cannot be read. */
  turnIds(userId: string, ids: readonly number[]): string[] {
    try {
      const missing = ids.filter((id) => !this.extIdOf.has(id));
      if (missing.length > 0) {
        this.remember(this.store().byIds(userId, [...new Set(missing)]));
        // Ids the store does not have for this user (another user's, a summary's) have no turn id.
        for (const id of missing) if (!this.extIdOf.has(id)) this.extIdOf.set(id, null);
      }
    } catch {
      return [];
    }
    return ids.map((id) => this.extIdOf.get(id)).filter((x): x is string => typeof x === 'string');
  }
}
