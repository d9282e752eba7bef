import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { createInterface } from 'node:readline';
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { Chatbot } from '../../chat/chatbot.js';
import { systemClock } from '../../clock.js';
import { MemevalError } from '../../errors.js';
import { resolveClaudeOptions } from '../../config/claude.js';
import { yargsOptions } from '../../config/option-decl.js';
import { COMMAND_OPTIONS } from '../../config/options.js';
import { resolvedValues, resolveOptions } from '../../config/resolve.js';
import { createModel } from '../../models/registry.js';
import { exactTokenCounter } from '../../models/token-count.js';
import { buildDeps } from '../../strategy/deps.js';
import { createGuarded, guardStrategy, holdExitWatch } from '../../runner/strategy-guard.js';
import { createStrategy } from '../../strategy/load.js';
import { loadStrategyDefinition } from '../../../strategies/lookup.js';
import { ConversationStore } from '../../store/sqlite.js';
import { scrubSecrets } from '../../util/secrets.js';

interface ChatArgs {
  exitCode?: number;
}

const HELP = `Commands: /profile key=value (remember a fact about you), /profile (list), /exit`;

export const chatCommand: CommandModule<object, ChatArgs> = {
  command: 'chat',
  builder: (y: Argv) => y.options(yargsOptions(COMMAND_OPTIONS.chat)) as unknown as Argv<ChatArgs>,
  handler: async (args: ArgumentsCamelCase<ChatArgs>) => {
    // Flag > MEMEVAL_* > default, each value checked by its option's schema (exit 2 names the flag;
    // an empty --user or --session is refused here, before a database is made).
    const o = resolvedValues(resolveOptions(COMMAND_OPTIONS.chat, { flags: args }));
    const user = o.user!;
    const session = o.session!;
    const db = o.dbFile!;
    const { tokenCount, strategyTimeoutMs } = o;
    const log = (m: string) => process.stderr.write(`${scrubSecrets(m)}\n`);
    const claude = resolveClaudeOptions({
      baseUrl: o.baseUrl,
      maxRetries: o.maxRetries,
      timeoutMs: o.timeoutMs,
      promptCache: o.promptCache,
    });
    // Chat never replays recordings: an interactive answer must come from the model.
    const model = createModel(o.model!, { log, anthropic: claude.anthropic });
    // USAGE (exit 2) for the offline reader, before the database is made. Counts are never
    // replayed here either; messages saved before keep the counts they were saved with.
    const tokenCounter = tokenCount === 'exact' ? exactTokenCounter(model) : undefined;
    const deps = await buildDeps({ embedder: o.embedder, modelDir: o.modelDir, tokenCount, log });
    const definition = await loadStrategyDefinition(o.strategy!);
    // Behind the same guard as in a run: a strategy that hangs, exits or overspends fails its turn.
    const strategy = guardStrategy(
      createGuarded(`strategy ${definition.name}: create()`, () => createStrategy(definition, {}, deps)),
      { timeoutMs: strategyTimeoutMs, counter: deps.tokenCounter },
    );
    if (db !== ':memory:') mkdirSync(dirname(db), { recursive: true });
    const bot = new Chatbot({
      openStore: () => new ConversationStore(db, { clock: systemClock }),
      strategy,
      model,
      budgetTokens: o.budgetTokens!,
      clock: systemClock,
      warn: log,
      tokenCounter,
    });
    const label = model.provider === 'offline' ? 'offline reader (not Claude)' : model.id;
    process.stderr.write(
      `memeval chat — user ${user}, session ${session}, strategy ${strategy.name}, model ${label}, db ${db}\n${HELP}\n`,
    );
    const rl = createInterface({
      input: process.stdin,
      output: process.stdout,
      terminal: Boolean(process.stdin.isTTY),
    });
    const interactive = Boolean(process.stdin.isTTY);
    const prompt = () => interactive && rl.prompt();
    rl.setPrompt('you> ');
    prompt();
    // Whatever ends the session (/exit, end of input, a failure that ends it), turns kept in the
    // buffer are written before the process goes; until then a strategy's process.exit is caught.
    const release = holdExitWatch();
    try {
      for await (const line of rl) {
        const text = line.trim();
        if (text === '/exit' || text === '/quit') break;
        if (text === '') {
          prompt();
          continue;
        }
        if (text.startsWith('/profile')) {
          handleProfile(text.slice('/profile'.length).trim(), db, user);
          prompt();
          continue;
        }
        try {
          const turn = await bot.send({ userId: user, sessionId: session, text });
          process.stdout.write(`${scrubSecrets(turn.reply.text)}\n`);
        } catch (err) {
          // A failed or empty model reply costs this turn (kept in the history), not the session;
          // anything else — a strategy that failed, a bug — ends it with its exit code.
          if (!(err instanceof MemevalError) || err.code !== 'MODEL_CALL_FAILED') throw err;
          process.stderr.write(`memeval: ${scrubSecrets(err.message)}\n`);
        }
        prompt();
      }
    } finally {
      rl.close();
      await bot.flush();
      if (bot.pendingTurns.length > 0) {
        process.stderr.write(`memeval: ${bot.pendingTurns.length} turn(s) could not be saved to ${db}\n`);
        args.exitCode = 1;
      }
      bot.close();
      release();
    }
  },
};

function handleProfile(rest: string, db: string, userId: string): void {
  const store = new ConversationStore(db, { clock: systemClock });
  try {
    const eq = rest.indexOf('=');
    if (eq > 0) {
      store.setProfile(userId, rest.slice(0, eq).trim(), rest.slice(eq + 1).trim());
      process.stdout.write('saved\n');
    } else {
      for (const [k, v] of Object.entries(store.profile(userId))) process.stdout.write(`${k}: ${v}\n`);
    }
  } finally {
    store.close();
  }
}
