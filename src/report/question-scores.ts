import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import { DATASET_NAMES } from '../datasets/types.js';
import { MemevalError } from '../errors.js';
import type { QuestionScores } from '../metrics/dataset-scores.js';

/**
 * Benchmark runs write every question's scores beside metrics.csv: metrics.csv holds means, and
 * means of shards cannot be combined into the mean of the whole, so `memeval merge` averages
 * these rows again instead.
 */
export const QUESTION_SCORES_FILE = 'question-scores.jsonl';

const QuestionScoresLine = z
  .object({
    cell: z.number().int().nonnegative(),
    dataset: z.enum(DATASET_NAMES),
    strategy: z.string().min(1),
    model: z.string().min(1),
    budgetTokens: z.number().int(),
    scenario: z.string().min(1),
    probe: z.string().min(1),
    category: z.union([z.number(), z.string()]),
    abstention: z.boolean(),
    values: z.record(z.string(), z.number()),
  })
  .strict();

/** One JSON object per line, in the order given (matrix order). */
export function questionScoresJsonl(rows: readonly QuestionScores[]): string {
  return rows.map((r) => `${JSON.stringify(r)}\n`).join('');
}

/** Reads question-scores.jsonl back; a line that is not a question's scores is an error naming file and line. */
export function readQuestionScores(file: string): QuestionScores[] {
  if (!existsSync(file))
    throw new MemevalError(
      'BAD_INPUT',
      `${file}: no such file (benchmark runs write it beside metrics.csv; a run from an older memeval has none)`,
    );
  return readFileSync(file, 'utf8')
    .split('\n')
    .map((line, i) => ({ line, where: `${file}:${i + 1}` }))
    .filter(({ line }) => line.trim() !== '')
    .map(({ line, where }) => {
      let json: unknown;
      try {
        json = JSON.parse(line);
      } catch {
        throw new MemevalError('BAD_INPUT', `${where}: not a JSON line`);
      }
      const parsed = QuestionScoresLine.safeParse(json);
      if (!parsed.success)
        throw new MemevalError(
          'BAD_INPUT',
          `${where}: ${parsed.error.issues[0].path.join('.') || 'line'}: ${parsed.error.issues[0].message}`,
        );
      return parsed.data;
    });
}
