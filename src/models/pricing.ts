import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { MemevalError } from '../errors.js';
import type { ModelUsage } from './types.js';

const PriceRow = z
  .object({
    id: z.string().min(1),
    aliases: z.array(z.string()).default([]),
    name: z.string(),
    inputUsdPerMTok: z.number().nonnegative(),
    outputUsdPerMTok: z.number().nonnegative(),
    cacheWriteUsdPerMTok: z.number().nonnegative(),
    cacheReadUsdPerMTok: z.number().nonnegative(),
    source: z.string().url(),
    readOn: z.string().min(4),
  })
  .strict();
export type PriceRow = z.infer<typeof PriceRow>;

const PricingFile = z.object({ $comment: z.string().optional(), models: z.array(PriceRow).min(1) }).strict();

export const DEFAULT_PRICING_FILE = new URL('./pricing.json', import.meta.url);

/** Loads and validates a pricing file; errors name the file and the field. */
export function loadPricing(file: string | URL = DEFAULT_PRICING_FILE): PriceRow[] {
  const label = file instanceof URL ? file.pathname : file;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new MemevalError('BAD_INPUT', `${label}: cannot read pricing file: ${(err as Error).message}`);
  }
  const parsed = PricingFile.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new MemevalError('BAD_INPUT', `${label}: ${issue.path.join('.')}: ${issue.message}`);
  }
  return parsed.data.models;
}

let defaultRows: PriceRow[] | undefined;

/** The price row for a model id or alias, or undefined when the pricing file does not list it. */
export function findPrice(modelId: string, rows: PriceRow[] = (defaultRows ??= loadPricing())): PriceRow | undefined {
  return rows.find((r) => r.id === modelId || r.aliases.includes(modelId));
}

/**
 * Dollars for one call: each token class at its own rate (total input = input + cache
 * writes + cache reads). Null when the model is not priced, so a report shows an empty
 * cell instead of a silent $0.
 */
export function costUsd(usage: ModelUsage, price: PriceRow | undefined): number | null {
  if (!price) return null;
  return (
    (usage.inputTokens * price.inputUsdPerMTok +
      usage.outputTokens * price.outputUsdPerMTok +
      usage.cacheWriteTokens * price.cacheWriteUsdPerMTok +
      usage.cacheReadTokens * price.cacheReadUsdPerMTok) /
    1_000_000
  );
}
