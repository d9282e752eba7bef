#!/usr/bin/env bash
# The package as a user gets it: `npm pack`, installed into an empty folder, then the CLI, the
# starter files of `memeval init`, the library API, and the clear error for the optional MiniLM
# dependency. Run by .ci/run (`npm run test:pack`); needs the npm registry for the dependencies.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/memeval-pack-XXXXXX")"
trap 'rm -rf "$work"' EXIT
step() { printf '\npack-smoke: %s\n' "$*"; }
fail() { printf 'pack-smoke: FAILED: %s\n' "$*" >&2; exit 1; }

step "npm pack"
tarball="$(cd "$repo" && npm pack --silent --pack-destination "$work" | tail -n 1)"
contents="$(tar -tzf "$work/$tarball")"
grep -qx 'package/dist/src/cli/main.js' <<<"$contents" || fail "the tarball has no dist/src/cli/main.js"
if grep -qE '^package/(test/|src/)' <<<"$contents"; then fail "the tarball ships tests or sources"; fi

step "npm install ./$tarball into an empty folder"
mkdir "$work/app" && cd "$work/app"
npm init -y >/dev/null
npm install --no-audit --no-fund "../$tarball"
[ ! -e node_modules/@huggingface/transformers ] || fail "the optional @huggingface/transformers was installed"

step "npx memeval --version / run"
[ "$(npx memeval --version)" = "$(node -p "require('$repo/package.json').version")" ] || fail "--version"
npx memeval run --scenario profile-fact --out reports > run.out
grep -q '^report: .*report.html$' run.out || fail "run did not name its report.html"
ls reports/*/results.csv reports/*/summary.csv reports/*/run.json reports/*/report.html >/dev/null
# This folder's git state (if any) is the user's project, not memeval's: run.json must not claim it.
git init -q . && git -c user.email=t@t -c user.name=t commit -q --allow-empty -m init
npx memeval run --scenario profile-fact --out reports-git > /dev/null
[ "$(node -p "JSON.stringify(require(require('path').resolve(process.argv[1])).git)" reports-git/*/run.json)" = "null" ] || fail "run.json records the user's git commit as memeval's"

step "memeval init, then run with its config and strategy"
npx memeval init
npx memeval run -c memeval.config.yaml --strategy ./my-strategy.ts --scenario profile-fact --out reports-init > init.out
grep -q '^keyword ' init.out || fail "the starter strategy did not run: $(cat init.out)"

step "import { runEval, defineStrategy } from 'memeval'"
cat > library.mjs <<'JS'
import { defineStrategy, runEval, STRATEGIES } from 'memeval';
if (typeof defineStrategy !== 'function' || !STRATEGIES.recency) throw new Error('exports missing');
const result = await runEval({ scenarios: ['profile-fact'], strategies: ['recency'], outDir: null }, { log: () => {} });
if (result.rows.length === 0) throw new Error('no rows');
console.log(`library: ${result.rows.length} rows`);
JS
node library.mjs

step "--embedder minilm without the optional package: exit 2, one line saying what to install"
set +e
npx memeval run --scenario profile-fact --strategy semantic --embedder minilm --out reports-minilm 2> minilm.err
status=$?
set -e
[ "$status" -eq 2 ] || fail "--embedder minilm exited $status: $(cat minilm.err)"
grep -q '@huggingface/transformers' minilm.err || fail "the error does not name the package: $(cat minilm.err)"
[ ! -e reports-minilm ] || fail "a run folder was left behind"

printf '\npack-smoke: ok\n'
