import { Chatbot, type ChatbotOptions } from '../../src/chat/chatbot.js';
import { ManualClock } from '../../src/clock.js';
import { OfflineModel } from '../../src/models/offline.js';
import { buildDeps } from '../../src/strategy/deps.js';
import { createStrategy } from '../../src/strategy/load.js';
import { loadStrategyDefinition } from '../../strategies/lookup.js';
import { ConversationStore } from '../../src/store/sqlite.js';

/** A chatbot on the offline model over `file`, with warnings collected for assertions. */
export async function makeBot(
  file: string,
  overrides: Partial<Omit<ChatbotOptions, 'strategy'>> & { strategy?: string; strategyOptions?: unknown } = {},
) {
  const clock = (overrides.clock as ManualClock | undefined) ?? new ManualClock(Date.UTC(2024, 0, 1, 9));
  const warnings: string[] = [];
  const deps = await buildDeps({ log: () => {} });
  const { strategy: strategyName, strategyOptions, ...rest } = overrides;
  const strategy = createStrategy(await loadStrategyDefinition(strategyName ?? 'recency'), strategyOptions ?? {}, deps);
  const bot = new Chatbot({
    openStore: () => new ConversationStore(file, { clock }),
    strategy,
    model: new OfflineModel(),
    budgetTokens: 4000,
    clock,
    warn: (m) => warnings.push(m),
    ...rest,
  } as ChatbotOptions);
  return { bot, clock, warnings };
}
