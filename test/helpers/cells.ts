import { z } from 'zod';
import { OfflineModel } from '../../src/models/offline.js';
import type { ChatModel, ChatRequest, ModelReply } from '../../src/models/types.js';
import type { CellSpec } from '../../src/runner/cell.js';
import { buildTimeline } from '../../src/runner/timeline.js';
import { Scenario } from '../../src/scenario/schema.js';
import { buildDeps } from '../../src/strategy/deps.js';
import type { ResolvedStrategy } from '../../src/strategy/spec.js';
import { resolveStrategySpec } from '../../strategies/lookup.js';
import { defineStrategy, type StrategyDefinition } from '../../src/strategy/types.js';

/** A scenario from plain objects, users u and v, through the real schema. */
export function scenario(steps: unknown[], extra: object = {}): Scenario {
  return Scenario.parse({ id: 'fixture', description: 'test fixture', users: ['u', 'v'], steps, ...extra });
}

/** A cell of `steps` with a strategy spec (default recency) and a model (default offline). */
export async function cellOf(
  steps: unknown[],
  options: { strategy?: string | ResolvedStrategy; model?: ChatModel; budgetTokens?: number } = {},
): Promise<CellSpec> {
  const s = scenario(steps);
  const strategy =
    typeof options.strategy === 'object' ? options.strategy : await resolveStrategySpec(options.strategy ?? 'recency');
  return {
    index: 0,
    scenario: s,
    file: 'fixture.yaml',
    timeline: buildTimeline(s),
    strategy,
    model: options.model ?? new OfflineModel(),
    budgetTokens: options.budgetTokens ?? 4000,
  };
}

export const quietDeps = () => buildDeps({ log: () => {} });

/** A reader that throws whenever the question contains `trigger`, else answers like the offline reader. */
export class ThrowingModel implements ChatModel {
  readonly id = 'test-throwing';
  readonly provider = 'offline' as const;
  private readonly inner = new OfflineModel();
  constructor(private readonly trigger: string) {}
  async complete(request: ChatRequest): Promise<ModelReply> {
    if (request.messages.at(-1)?.content.includes(this.trigger)) throw new Error('model exploded');
    return this.inner.complete(request);
  }
}

/** Recency wrapped so a test can count how many strategy instances a cell built. */
export async function countingRecency(): Promise<{ strategy: ResolvedStrategy; created: () => number }> {
  const base = await resolveStrategySpec('recency');
  let created = 0;
  const definition: StrategyDefinition = defineStrategy({
    name: 'counting',
    description: 'recency, counting instances',
    options: z.object({}).strict(),
    create: (_options, deps) => {
      created++;
      return base.definition.create(base.resolvedOptions, deps);
    },
  });
  return {
    strategy: { spec: 'counting', name: 'counting', options: {}, definition, resolvedOptions: {}, label: 'counting' },
    created: () => created,
  };
}
