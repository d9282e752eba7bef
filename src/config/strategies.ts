import { MemevalError } from '../errors.js';
import { strategyOptionProblems } from '../strategy/load.js';
import { loadStrategyDefinition } from '../../strategies/lookup.js';
import { toStrategySpec, type StrategyInput } from '../strategy/spec.js';

/**
 * Loads each strategy a config names and checks its options against the strategy's own schema,
 * so a bad option is reported at its key in the file (`memeval.config.yaml:
 * strategies.1.options.topK: …`) rather than as a `--strategy` flag the user never typed.
 * @throws MemevalError CONFIG
 */
export async function checkConfigStrategies(entries: readonly StrategyInput[], where: string): Promise<void> {
  for (const [i, entry] of entries.entries()) {
    const at = `${where}: strategies.${i}`;
    const fail = (err: unknown): never => {
      throw new MemevalError('CONFIG', `${at}: ${(err as Error).message.replace(/^--strategy "[^"]*": /, '')}`, {
        cause: err,
      });
    };
    let spec: ReturnType<typeof toStrategySpec> | undefined;
    try {
      spec = toStrategySpec(entry);
    } catch (err) {
      fail(err);
    }
    if (!spec || spec.name === 'all') continue;
    const definition = spec.definition ?? (await loadStrategyDefinition(spec.name).catch(fail));
    const problems = strategyOptionProblems(definition, spec.options);
    if (problems.length > 0) {
      throw new MemevalError(
        'CONFIG',
        problems.map((p) => `${at}.options${p.path ? `.${p.path}` : ''}: ${p.message}`).join('\n'),
      );
    }
  }
}
