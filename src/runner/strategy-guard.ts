import { AsyncLocalStorage } from 'node:async_hooks';
import { z } from 'zod';
import { MemevalError, toError } from '../errors.js';
import type { TokenCounter } from '../tokens.js';
import type { ContextRequest, MemoryContext, MemoryStrategy, SaveEvent } from '../strategy/types.js';

/**
 * Longest a strategy call may take unless told otherwise (`--strategy-timeout-ms`). Above the
 * worst case of one Claude call with the default retries (4 attempts × 60 s), since a save hook
 * may wait on a Claude summariser: a slow API must not pass for a hung strategy.
 */
export const DEFAULT_STRATEGY_TIMEOUT_MS = 300_000;
/** Upper bound of `--strategy-timeout-ms`: an hour, well inside what a Node timer can hold (~24.8 days). */
export const MAX_STRATEGY_TIMEOUT_MS = 3_600_000;

export interface StrategyGuardOptions {
  /** Longest one `buildContext` or `afterSave` call may take. @default DEFAULT_STRATEGY_TIMEOUT_MS */
  timeoutMs?: number;
  /** The cell's counter: what the context sends is counted with it, whatever the strategy reports. */
  counter: TokenCounter;
}

/** What `buildContext` must return; anything else is the strategy's fault, reported as such. */
const MemoryContextSchema = z.object({
  system: z.string().optional(),
  messages: z.array(z.object({ role: z.enum(['user', 'assistant']), content: z.string() })),
  messageIds: z.array(z.number().int()),
  contextTokens: z.number().int().nonnegative(),
  rankedIds: z.array(z.number().int()).optional(),
});

const fn = z.custom<(...args: never[]) => unknown>((v) => typeof v === 'function', 'expected a function');
/** What `create` must return. */
const StrategyShape = z.object({ name: z.string().min(1), describe: fn, buildContext: fn, afterSave: fn.optional() });

const DescribeShape = z.looseObject({ embedder: z.string() });

/**
 * The harness's distrust of a strategy, applied to every one a run or a chat uses (a user's file
 * runs in this process). Each call becomes a STRATEGY_FAILED error — an error row, never the end
 * of the run — when the strategy
 * - returns a context of the wrong shape (zod, naming the field);
 * - sends more tokens than the budget, counted here with the cell's counter over the system text
 *   and messages it returns (its own `contextTokens` is not trusted: a strategy reporting 5 while
 *   sending 100× the budget would otherwise be scored as within budget);
 * - does not settle within the deadline (a never-settling promise would otherwise leave Node to
 *   exit 13 with nothing written); after that the instance is refused, since its call may still
 *   be running and changing its state;
 * - calls `process.exit`, which would otherwise end the run with exit 0 and no results.
 */
export function guardStrategy(created: unknown, options: StrategyGuardOptions): MemoryStrategy {
  const shape = StrategyShape.safeParse(created);
  if (!shape.success) {
    throw new MemevalError(
      'STRATEGY_FAILED',
      `strategy create() must return { name, describe, buildContext, afterSave? }: ${issueText(shape.error)}`,
    );
  }
  const strategy = created as MemoryStrategy;
  const name = strategy.name;
  const timeoutMs = options.timeoutMs ?? DEFAULT_STRATEGY_TIMEOUT_MS;
  /** Why this instance is not called again: a call that outlived the deadline, or a late exit. */
  let refused: string | null = null;

  async function call<T>(what: string, work: () => Promise<T>): Promise<T> {
    if (refused) throw new MemevalError('STRATEGY_FAILED', `strategy ${name}: not called again after ${refused}`);
    try {
      const watched = () =>
        withoutExit(
          `strategy ${name}: ${what}`,
          work,
          (code) => (refused ??= `it called process.exit(${code}) after its ${what} returned`),
        );
      return await withDeadline(
        `strategy ${name}: ${what}`,
        timeoutMs,
        watched,
        () => (refused = `its ${what} did not finish within ${timeoutMs} ms`),
      );
    } catch (err) {
      if (err instanceof MemevalError && err.code === 'STRATEGY_FAILED') throw err;
      throw new MemevalError('STRATEGY_FAILED', `strategy ${name}: ${what} failed: ${toError(err).message}`, {
        cause: err,
      });
    }
  }

  const guarded: MemoryStrategy = {
    name,
    describe() {
      // run.json and the rows read it after the probes: a broken describe must not lose them.
      try {
        const info = withoutExitSync(`strategy ${name}: describe()`, () => strategy.describe());
        return DescribeShape.safeParse(info).success ? info : { embedder: 'unknown' };
      } catch {
        return { embedder: 'unknown' };
      }
    },
    async buildContext(request: ContextRequest): Promise<MemoryContext> {
      const context = await call('buildContext', () => strategy.buildContext(request));
      const parsed = MemoryContextSchema.safeParse(context);
      if (!parsed.success)
        throw new MemevalError(
          'STRATEGY_FAILED',
          `strategy ${name}: buildContext returned a context of the wrong shape: ${issueText(parsed.error)}`,
        );
      const sentTokens = contextTokensSent(parsed.data, options.counter);
      if (sentTokens > request.budgetTokens) {
        throw new MemevalError(
          'STRATEGY_FAILED',
          `strategy ${name}: context over budget: it sends ${sentTokens} tokens (counted by ${options.counter.id}), the budget is ${request.budgetTokens} (it reported ${parsed.data.contextTokens})`,
        );
      }
      // The count reports show is the one made here; with exact stored counts the strategy's
      // sum of them is more exact than this estimate, so it is kept.
      return options.counter.storedCountsExact ? parsed.data : { ...parsed.data, contextTokens: sentTokens };
    },
  };
  if (strategy.afterSave) {
    const afterSave = strategy.afterSave.bind(strategy);
    guarded.afterSave = (event: SaveEvent) => call('afterSave', () => afterSave(event));
  }
  return guarded;
}

/**
 * Tokens of what a context sends (system text and messages) by the cell's counter. With
 * `--token-count exact` stored counts are exact but this counter estimates text, so the check
 * there is against the estimate (the exact count of a whole context would cost an API call).
 */
export function contextTokensSent(context: Pick<MemoryContext, 'system' | 'messages'>, counter: TokenCounter): number {
  const system = context.system ? counter.count(context.system) : 0;
  return context.messages.reduce((sum, m) => sum + counter.count(m.content), system);
}

function issueText(error: z.ZodError): string {
  const issue = error.issues[0];
  return `${issue.path.join('.') || '(root)'}: ${issue.message}`;
}

/** Rejects when `work` has not settled in time. The timer is not unref'd: it is what ends the wait. */
function withDeadline<T>(what: string, timeoutMs: number, work: () => Promise<T>, onTimeout: () => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      onTimeout();
      reject(
        new MemevalError('STRATEGY_FAILED', `${what} did not finish within ${timeoutMs} ms (--strategy-timeout-ms)`),
      );
    }, timeoutMs);
    work().then(
      (value) => (clearTimeout(timer), resolve(value)),
      (err) => (clearTimeout(timer), reject(err)),
    );
  });
}

/** Which strategy call a `process.exit` comes from, through timers and awaits started inside it. */
interface ExitWatch {
  what: string;
  exitCalled: string | null;
  /** Fails the call at once (set while it runs). */
  fail?: (err: MemevalError) => void;
  /** Set once the call has returned: an exit from a timer it left behind. */
  late?: (code: string) => void;
}

const calls = new AsyncLocalStorage<ExitWatch>();
/** Strategy calls in flight plus holders (holdExitWatch): process.exit is replaced while above 0. */
let exitWatchers = 0;
let realExit: typeof process.exit | null = null;

/**
 * Runs a strategy call with `process.exit` replaced, for as long as any strategy call is in
 * flight (cells run concurrently) or a run holds it (holdExitWatch). An exit from inside the call — its own code, or a timer or
 * promise it started — fails the call at once with the reason, even if the strategy goes on or
 * catches something. The replacement returns rather than throws: a throw from a timer callback
 * would be an uncaught exception, which ends the process just the same. An exit from anywhere
 * else still exits.
 */
async function withoutExit<T>(what: string, work: () => Promise<T>, late: (code: string) => void): Promise<T> {
  const watch: ExitWatch = { what, exitCalled: null };
  const exited = new Promise<never>((_resolve, reject) => (watch.fail = reject));
  exited.catch(() => {}); // handled by the race below; never an unhandled rejection
  enterExitWatch();
  try {
    const value = await Promise.race([calls.run(watch, work), exited]);
    if (watch.exitCalled) throw exitError(watch);
    return value;
  } catch (err) {
    throw watch.exitCalled ? exitError(watch) : err;
  } finally {
    watch.fail = undefined;
    watch.late = late;
    leaveExitWatch();
  }
}

function withoutExitSync<T>(what: string, work: () => T): T {
  const watch: ExitWatch = { what, exitCalled: null };
  enterExitWatch();
  try {
    const value = calls.run(watch, work);
    if (watch.exitCalled) throw exitError(watch);
    return value;
  } finally {
    leaveExitWatch();
  }
}

/** `create()` of a strategy, with the same process.exit interception as its calls. */
export function createGuarded<T>(what: string, work: () => T): T {
  try {
    return withoutExitSync(what, work);
  } catch (err) {
    if (err instanceof MemevalError) throw err;
    throw new MemevalError('STRATEGY_FAILED', `${what} failed: ${toError(err).message}`, { cause: err });
  }
}

function exitError(watch: ExitWatch): MemevalError {
  return new MemevalError(
    'STRATEGY_FAILED',
    `${watch.what} called process.exit(${watch.exitCalled}); a strategy must return or throw, never end the process`,
  );
}

/**
 * Keeps `process.exit` replaced until the returned release is called, even between strategy
 * calls: a run (or a chat session) holds it throughout, so an exit from a timer a strategy left
 * behind is ignored (and refuses that instance) instead of ending the run without its files.
 */
export function holdExitWatch(): () => void {
  enterExitWatch();
  let held = true;
  return () => {
    if (held) leaveExitWatch();
    held = false;
  };
}

function enterExitWatch(): void {
  if (exitWatchers++ > 0) return;
  const exit = process.exit;
  realExit = exit;
  process.exit = ((code?: number | string | null) => {
    const watch = calls.getStore();
    if (!watch) return exit.call(process, code);
    const shown = String(code ?? '');
    if (watch.late) return watch.late(shown);
    watch.exitCalled ??= shown;
    watch.fail?.(exitError(watch));
  }) as typeof process.exit;
}

function leaveExitWatch(): void {
  if (--exitWatchers > 0) return;
  if (realExit) process.exit = realExit;
  realExit = null;
}
