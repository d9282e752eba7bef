import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { createInterface } from 'node:readline';
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { Chatbot } from '../../chat/chatbot.js';
import { systemClock } from '../../clock.js';
import { MemevalError } from '../../errors.js';
import { RUN_OPTIONS, yargsOptions } from '../../config/options.js';
import { resolvedValues, resolveOptions } from '../../config/resolve.js';
import { createModel } from '../../models/registry.js';
import { exactTokenCounter } from '../../models/token-count.js';
import { buildDeps } from '../../strategy/deps.js';
import { createStrategy, loadStrategyDefinition } from '../../strategy/load.js';
import { ConversationStore } from '../../store/sqlite.js';
import { CLAUDE_OPTIONS, resolveClaudeOptions, type ClaudeArgs } from '../claude-options.js';
import { boundedInt, pick } from '../options.js';
import { scrubSecrets } from '../../util/secrets.js';
import { MAX_BUDGET_TOKENS } from '../../strategy/types.js';

interface ChatArgs extends ClaudeArgs {
  user: string;
  session: string;
  strategy: string;
  model: string;
  budget: number;
  embedder?: string;
  'model-dir'?: string;
  db: string;
}

/** Run options chat takes as well, declared once in the run option table (flag > MEMEVAL_* > default). */
const CHAT_RUN_OPTIONS = { tokenCount: RUN_OPTIONS.tokenCount };

const HELP = `Commands: /profile key=value (remember a fact about you), /profile (list), /exit`;

export const chatCommand: CommandModule<object, ChatArgs> = {
  command: 'chat',
  builder: (y: Argv) =>
    y
      .option('user', { type: 'string', demandOption: true, describe: 'User id' })
      .option('session', { type: 'string', demandOption: true, describe: 'Session id' })
      .options(pick('strategy', 'model', 'budget', 'embedder', 'model-dir', 'db'))
      .options({
        'base-url': CLAUDE_OPTIONS['base-url'],
        'max-retries': CLAUDE_OPTIONS['max-retries'],
        'timeout-ms': CLAUDE_OPTIONS['timeout-ms'],
        'prompt-cache': CLAUDE_OPTIONS['prompt-cache'],
      })
      .options(yargsOptions(CHAT_RUN_OPTIONS)) as unknown as Argv<ChatArgs>,
  handler: async (args: ArgumentsCamelCase<ChatArgs>) => {
    const budgetTokens = boundedInt('budget', args.budget, 1, MAX_BUDGET_TOKENS);
    const { tokenCount } = resolvedValues(resolveOptions(CHAT_RUN_OPTIONS, { flags: args }));
    const log = (m: string) => process.stderr.write(`${scrubSecrets(m)}\n`);
    // Chat never replays recordings: an interactive answer must come from the model.
    const model = createModel(args.model, { log, anthropic: resolveClaudeOptions(args).anthropic });
    // USAGE (exit 2) for the offline reader, before the database is made. Counts are never
    // replayed here either; messages saved before keep the counts they were saved with.
    const tokenCounter = tokenCount === 'exact' ? exactTokenCounter(model) : undefined;
    const deps = await buildDeps({ embedder: args.embedder, modelDir: args.modelDir ?? process.env.MEMEVAL_MODEL_DIR, tokenCount, log });
    const strategy = createStrategy(await loadStrategyDefinition(args.strategy), {}, deps);
    if (args.db !== ':memory:') mkdirSync(dirname(args.db), { recursive: true });
    const bot = new Chatbot({
      openStore: () => new ConversationStore(args.db, { clock: systemClock }),
      strategy,
      model,
      budgetTokens,
      clock: systemClock,
      warn: log,
      tokenCounter,
    });
    const label = model.provider === 'offline' ? 'offline reader (not Claude)' : model.id;
    process.stderr.write(`memeval chat — user ${args.user}, session ${args.session}, strategy ${strategy.name}, model ${label}, db ${args.db}\n${HELP}\n`);
    const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: Boolean(process.stdin.isTTY) });
    const interactive = Boolean(process.stdin.isTTY);
    const prompt = () => interactive && rl.prompt();
    rl.setPrompt('you> ');
    prompt();
    for await (const line of rl) {
      const text = line.trim();
      if (text === '/exit' || text === '/quit') break;
      if (text === '') {
        prompt();
        continue;
      }
      if (text.startsWith('/profile')) {
        handleProfile(text.slice('/profile'.length).trim(), args.db, args.user);
        prompt();
        continue;
      }
      try {
        const turn = await bot.send({ userId: args.user, sessionId: args.session, text });
        process.stdout.write(`${scrubSecrets(turn.reply.text)}\n`);
      } catch (err) {
        if (err instanceof MemevalError && err.code !== 'MODEL_CALL_FAILED') throw err;
        process.stderr.write(`memeval: ${scrubSecrets((err as Error).message)}\n`);
      }
      prompt();
    }
    rl.close();
    await bot.flush();
    if (bot.pendingTurns.length > 0) {
      process.stderr.write(`memeval: ${bot.pendingTurns.length} turn(s) could not be saved to ${args.db}\n`);
      args.exitCode = 1;
    }
    bot.close();
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
