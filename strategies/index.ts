import type { StrategyDefinition } from '../src/strategy/types.js';
import hybrid from './hybrid.js';
import recency from './recency.js';
import semantic from './semantic.js';
import summary from './summary.js';

/** Built-in strategies by name; adding one is one file in this folder plus one line here. */
export const STRATEGIES = {
  recency,
  semantic,
  summary,
  hybrid,
} satisfies Record<string, StrategyDefinition>;

export type StrategyName = keyof typeof STRATEGIES;
