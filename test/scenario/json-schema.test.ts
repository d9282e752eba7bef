import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { scenarioJsonSchemaText } from '../../src/scenario/json-schema.js';

describe('schema/scenario.schema.json', () => {
  const committed = readFileSync(new URL('../../schema/scenario.schema.json', import.meta.url), 'utf8');

  it('equals a fresh generation from the zod schema (run npm run schema after changing it)', () => {
    expect(committed).toBe(scenarioJsonSchemaText());
  });

  it('rejects unknown keys and lists every step kind', () => {
    const schema = JSON.parse(committed);
    expect(schema.additionalProperties).toBe(false);
    const kinds = schema.properties.steps.items.anyOf.map((o: { properties: object }) => Object.keys(o.properties)[0]);
    expect(kinds).toEqual(['session', 'probe', 'filler', 'restart', 'fault', 'profile']);
  });
});
