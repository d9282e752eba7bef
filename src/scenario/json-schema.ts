import { z } from 'zod';
import { Scenario } from './schema.js';

/**
 * The scenario format as JSON Schema, for editors (YAML language servers read it through a
 * `# yaml-language-server: $schema=…` comment). Generated from the zod schema so the two cannot
 * drift; the input side is used because defaults make fields optional for authors.
 */
export function scenarioJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(Scenario, { io: 'input', target: 'draft-2020-12' }) as Record<string, unknown>;
  return {
    $schema: schema.$schema,
    $id: 'https://memeval.dev/schema/scenario.schema.json',
    title: 'memeval scenario',
    description: 'A scripted multi-session conversation with probes; see docs/scenarios.md.',
    ...schema,
  };
}

/** The exact text written to schema/scenario.schema.json. */
export function scenarioJsonSchemaText(): string {
  return `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`;
}
