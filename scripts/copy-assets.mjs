// Copies what the compiled CLI reads beside its modules (report HTML assets, the pricing table,
// the starter strategy `memeval init` writes) from src/ into dist/src/, keeping the layout.
import { cpSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const src = join(root, 'src');
const isAsset = (file) => !file.endsWith('.ts') || file.includes('/templates/');

function* files(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else yield path;
  }
}

for (const file of files(src)) {
  if (isAsset(file)) cpSync(file, join(root, 'dist', relative(root, file)));
}
