import { loadStrategyFrom } from '../src/strategy/load.js';
import {
  resolveStrategySpecFrom,
  resolveStrategySpecsFrom,
  type ResolvedStrategy,
  type StrategyInput,
} from '../src/strategy/spec.js';
import type { StrategyDefinition } from '../src/strategy/types.js';
import { STRATEGIES } from './index.js';

/**
 * The SDK's strategy lookups with the built-ins filled in: the SDK (src/strategy/) takes the
 * registry as an argument and knows no strategy itself, so these live beside the registry.
 */

/** A built-in name or a path to a strategy file. */
export function loadStrategyDefinition(spec: string): Promise<StrategyDefinition> {
  return loadStrategyFrom(STRATEGIES, spec);
}

/** One spec (name, `name:key=value,…`, `{ name, options }` or a definition), options validated. */
export function resolveStrategySpec(input: StrategyInput): Promise<ResolvedStrategy> {
  return resolveStrategySpecFrom(STRATEGIES, input);
}

/** A list of specs; `all` is every built-in. */
export function resolveStrategySpecs(
  specs: readonly StrategyInput[],
  onRepeat?: (dropped: ResolvedStrategy, kept: ResolvedStrategy) => void,
): Promise<ResolvedStrategy[]> {
  return resolveStrategySpecsFrom(STRATEGIES, specs, onRepeat);
}
