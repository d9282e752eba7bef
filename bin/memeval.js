#!/usr/bin/env node
// memeval ships TypeScript sources and loads users' strategy files (.ts) at run time, so the
// CLI runs through tsx's loader rather than a separate build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
