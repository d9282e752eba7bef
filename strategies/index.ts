import type { StrategyDefinition } from '../src/strategy/types.js';
import recency from './recency.js';

/** Built-in strategies by name; adding one is one file in this folder plus one line here. */
export const STRATEGIES = {
  recency,
} satisfies Record<string, StrategyDefinition>;

export type StrategyName = keyof typeof STRATEGIES;
