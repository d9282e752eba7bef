// Regenerates schema/scenario.schema.json from the zod schema (npm run schema). A test checks
// that the committed file matches, so run this after changing src/scenario/schema.ts.
import { renameSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { scenarioJsonSchemaText } from '../src/scenario/json-schema.js';

const target = fileURLToPath(new URL('../schema/scenario.schema.json', import.meta.url));
writeFileSync(`${target}.tmp`, scenarioJsonSchemaText());
renameSync(`${target}.tmp`, target);
process.stdout.write(`wrote ${target}\n`);
