import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { MemevalError } from '../errors.js';
import { importDefault } from '../util/import-user.js';
import type { MemoryStrategy, StrategyDefinition, StrategyDeps, StrategyRegistry } from './types.js';

/** A strategy argument that names a file rather than a built-in. */
export function isStrategyPath(spec: string): boolean {
  return /[\\/]/.test(spec) || /\.(ts|js|mjs|mts)$/.test(spec);
}

/**
 * Resolves `--strategy` values: a name in `builtins` (the SDK knows no strategy itself; the
 * built-ins come from strategies/index.ts), or a path to a user's file whose default export is a
 * `defineStrategy(...)` definition (TypeScript files load through tsx at run time).
 */
export async function loadStrategyFrom(builtins: StrategyRegistry, spec: string): Promise<StrategyDefinition> {
  if (!isStrategyPath(spec)) {
    const def = builtins[spec];
    if (!def)
      throw new MemevalError(
        'UNKNOWN_NAME',
        `unknown strategy "${spec}"; known: ${Object.keys(builtins).join(', ')}, or a path to a strategy file`,
      );
    return def;
  }
  const file = resolve(spec);
  if (!existsSync(file)) throw new MemevalError('BAD_INPUT', `${spec}: strategy file not found`);
  let def: Partial<StrategyDefinition> | undefined;
  try {
    def = (await importDefault(file)) as Partial<StrategyDefinition> | undefined;
  } catch (err) {
    throw new MemevalError('BAD_INPUT', `${spec}: cannot load strategy file: ${(err as Error).message}`, {
      cause: err,
    });
  }
  if (!def || typeof def.name !== 'string' || typeof def.create !== 'function' || !def.options) {
    throw new MemevalError(
      'BAD_INPUT',
      `${spec}: default export must be defineStrategy({ name, description, options, create })`,
    );
  }
  return def as StrategyDefinition;
}

/** Problems of options against the strategy's own schema, each with its path inside the options. */
export function strategyOptionProblems(def: StrategyDefinition, options: unknown): { path: string; message: string }[] {
  const parsed = def.options.safeParse(options ?? {});
  return parsed.success ? [] : parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
}

/** Validates options against the strategy's own schema. @throws MemevalError CONFIG naming the option. */
export function parseStrategyOptions(def: StrategyDefinition, options: unknown, source = def.name): unknown {
  const [problem] = strategyOptionProblems(def, options);
  if (problem)
    throw new MemevalError('CONFIG', `${source}: strategy option ${problem.path || '(root)'}: ${problem.message}`);
  return def.options.parse(options ?? {});
}

/** Validates options against the strategy's own schema and builds it. */
export function createStrategy(
  def: StrategyDefinition,
  options: unknown,
  deps: StrategyDeps,
  source = def.name,
): MemoryStrategy {
  return def.create(parseStrategyOptions(def, options, source), deps);
}
