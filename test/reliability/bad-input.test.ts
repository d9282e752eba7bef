import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mapPool } from '../../src/util/pool.js';
import { runCli } from '../helpers/cli.js';
import { useTempDir } from '../helpers/store.js';

const tempDir = useTempDir();
const FIXTURES = join(import.meta.dirname, '../fixtures/bad-input');

/**
 * One bad input: the CLI arguments (`{f}` is the fixture copied into the case's own folder, which
 * is also the working directory), optional stdin, and what the one error message must contain:
 * the file (or flag) and the field.
 */
interface Case {
  name: string;
  args: string[];
  /** Fixture file from test/fixtures/bad-input, copied in as `{f}`. */
  fixture?: string;
  /** Writes a generated fixture (too big to commit) into the case folder and returns its name. */
  generate?: (dir: string) => string;
  stdin?: string;
  /** Extra environment of the CLI. */
  env?: Record<string, string>;
  message: string[];
}

const run = (fixture: string, ...message: string[]): Case => ({
  name: fixture,
  fixture,
  args: ['run', '--scenario', '{f}', '--strategy', 'recency'],
  message: [fixture, ...message],
});
const flag = (name: string, args: string[], ...message: string[]): Case => ({
  name,
  args: ['run', '--scenario', 'profile-fact', ...args],
  message,
});
const dataset = (name: string, fixture: string, ...message: string[]): Case => ({
  name: fixture,
  fixture,
  args: ['run', '--dataset', `${name}:{f}`, '--strategy', 'recency'],
  message: [fixture, ...message],
});
const chat = (name: string, args: string[], ...message: string[]): Case => ({
  name,
  args: ['chat', '--user', 'u', '--session', 's', '--db', 'mem.db', ...args],
  stdin: 'hello\n',
  message,
});

const CASES: Case[] = [
  // YAML that does not parse, or parses to nothing
  run('yaml-unclosed-bracket.yaml', ':4:', 'YAML syntax error'),
  run('yaml-bad-indent.yaml', 'steps.0', 'turns'),
  run('yaml-duplicate-key.yaml', ':3:', 'Map keys must be unique'),
  run('yaml-tab.yaml', ':6:', 'Tabs are not allowed'),
  run('truncated.yaml', ':9:', 'Missing closing'),
  run('empty.yaml', 'the file is empty'),
  run('only-comment.yaml', 'the file is empty'),
  run('top-level-list.yaml', 'expected object, received array'),
  run('not-utf8.yaml', ':9:', 'not valid UTF-8'),
  run('binary.yaml', ':1:', 'not valid UTF-8'),
  // wrong types
  run('users-not-a-list.yaml', 'users:', 'expected array'),
  run('turns-not-a-list.yaml', 'steps.0.session.turns:', 'expected array'),
  run('budgets-not-numbers.yaml', 'budgets.0:', 'expected number'),
  run('question-a-number.yaml', 'steps.1.probe.question:', 'expected string'),
  // unknown keys
  run('unknown-top-key.yaml', 'unknown key "colour"'),
  run('unknown-probe-key.yaml', 'steps.1.probe:', 'unknown key "answer"'),
  run('unknown-step-kind.yaml', 'steps.2:', 'got chat'),
  // missing and duplicate ids, dangling references
  run('missing-id.yaml', 'id:', 'expected string'),
  run('missing-question.yaml', 'steps.1.probe.question:'),
  run('duplicate-turn-id.yaml', 'steps.0.session.turns.1.id:', '"t1" is already used'),
  run('duplicate-probe-id.yaml', 'steps.2.probe.id:', '"p1" is already used'),
  run('evidence-unknown.yaml', 'steps.1.probe.evidence.0:', 'no turn has id "t9"'),
  run('probe-unknown-user.yaml', 'steps.1.probe.user:', '"carol" is not listed'),
  // budgets, expectations, judges, times, text
  run('budget-zero.yaml', 'budgets.0:', '>0'),
  run('budget-negative.yaml', 'budgets.0:', '>0'),
  run('expect-two-kinds.yaml', 'steps.1.probe.expect:', 'exactly one of any, regex, abstain'),
  run('probe-unknown-judge.yaml', 'steps.1.probe.judge:', '"contains"'),
  run('bad-gap.yaml', 'steps.1.probe.after:', 'expected a gap'),
  run('bad-date.yaml', 'steps.0.session.at:', 'expected an ISO date'),
  run('empty-message.yaml', 'steps.0.session.turns.0.user:', 'must not be empty'),
  {
    // Decision: a message over MAX_MESSAGE_CHARS is refused, not truncated (see docs/reliability.md).
    name: '50 MB message',
    generate: (dir) => {
      const text = readFileSync(join(FIXTURES, 'empty-message.yaml'), 'utf8').replace(
        '"   "',
        `"${'x'.repeat(50 * 1024 * 1024)}"`,
      );
      writeFileSync(join(dir, 'huge-message.yaml'), text);
      return 'huge-message.yaml';
    },
    args: ['run', '--scenario', '{f}'],
    message: ['huge-message.yaml:9: user: a line of', 'at most 1000000'],
  },
  // names that do not exist, bad flag values
  flag('unknown strategy', ['--strategy', 'nosuch'], 'unknown strategy "nosuch"'),
  flag('unknown strategy option', ['--strategy', 'recency:nosuch=1'], '--strategy recency:nosuch=1', '"nosuch"'),
  flag('bad strategy option value', ['--strategy', 'recency:scope=galaxy'], '--strategy recency:scope=galaxy', 'scope'),
  {
    name: 'strategy file without a strategy',
    fixture: 'not-a-strategy.ts',
    args: ['run', '--scenario', 'profile-fact', '--strategy', './{f}'],
    message: ['not-a-strategy.ts'],
  },
  flag('unknown model', ['--model', 'gpt-4'], 'unknown model "gpt-4"'),
  flag('unknown embedder', ['--embedder', 'nosuch'], 'unknown embedder "nosuch"'),
  flag('unknown judge', ['--judge', 'nosuch'], 'unknown judge "nosuch"'),
  flag('unknown price-as model', ['--price-as', 'nosuch'], '--price-as nosuch'),
  flag('zero budget flag', ['--budget', '0'], '--budget', '0'),
  flag('negative budget flag', ['--budget', '-5'], '--budget', '-5'),
  flag('missing scenario file', ['--scenario', 'nope.yaml'], 'nope.yaml'),
  {
    name: 'resume of a folder with a broken run-plan.json',
    generate: (dir) => (writeFileSync(join(dir, 'run-plan.json'), '{"runId": 12'), '.'),
    args: ['run', '--resume', '{f}'],
    message: ['run-plan.json', 'cannot read'],
  },
  // benchmark dataset files (--dataset)
  dataset('locomo', 'locomo-truncated.json', 'truncated'),
  dataset('locomo', 'locomo-not-utf8.json', 'not valid UTF-8'),
  dataset('longmemeval', 'longmemeval-truncated.json', 'truncated'),
  dataset('longmemeval', 'longmemeval-wrong-shape.json', 'expected a JSON array'),
  dataset('locomo', 'dataset-empty.json', 'empty file'),
  flag('unknown dataset name', ['--dataset', 'nosuch:x.json'], '--dataset', 'nosuch:x.json'),
  // chat
  {
    name: 'chat --db on a file that is not SQLite',
    fixture: 'not-sqlite.db',
    args: ['chat', '--user', 'u', '--session', 's', '--db', '{f}'],
    stdin: 'hello\n',
    message: ['not-sqlite.db', 'not an SQLite database'],
  },
  chat('chat unknown strategy', ['--strategy', 'nosuch'], 'unknown strategy "nosuch"'),
  chat('chat zero budget', ['--budget', '0'], '--budget', '0'),
  chat('chat unknown model', ['--model', 'gpt-4'], 'unknown model "gpt-4"'),
  // numbers past their bound: a usage error naming the flag, never an overflowed timer or a run that cannot end
  flag('timeout past a Node timer', ['--timeout-ms', '3000000000'], '--timeout-ms', 'from 1 to 600000', '3000000000'),
  flag('timeout not a number', ['--timeout-ms', 'soon'], '--timeout-ms'),
  flag('retries past the bound', ['--max-retries', '1000'], '--max-retries', 'from 0 to 10'),
  flag('budget past any context window', ['--budget', '100000000000'], '--budget', 'from 1 to 10000000'),
  flag('cells in flight past the bound', ['-j', '100000'], '-j', 'from 1 to 256'),
  flag('Claude concurrency zero', ['--concurrency', '0'], '--concurrency', 'from 1 to 256'),
  flag('spend cap past the bound', ['--max-cost-usd', '1e300'], '--max-cost-usd', 'from 0 to 1000000'),
  flag('top-k past the bound', ['--top-k', '99999999'], '--top-k', 'from 1 to 10000'),
  {
    name: 'timeout past a Node timer in the environment',
    args: ['run', '--scenario', 'profile-fact'],
    env: { MEMEVAL_TIMEOUT_MS: '3000000000' },
    message: ['MEMEVAL_TIMEOUT_MS', 'from 1 to 600000'],
  },
  chat('chat timeout past a Node timer', ['--timeout-ms', '3000000000'], '--timeout-ms', 'from 1 to 600000'),
  chat('chat retries past the bound', ['--max-retries', '99'], '--max-retries', 'from 0 to 10'),
  chat('chat budget past any context window', ['--budget', '1e12'], '--budget', 'from 1 to 10000000'),
  { name: 'bench time past the bound', args: ['bench', '--time', '1e12'], message: ['--time', 'from 1 to 600000'] },
  { name: 'bench size past the bound', args: ['bench', '--n', '1e9'], message: ['-n: ', 'from 2 to 1000000'] },
  // resource bombs: refused at validation, in bounded time and memory
  run('yaml-alias-bomb.yaml', ':3:', 'YAML aliases expand too far'),
  {
    name: 'scenarios validate on an alias bomb',
    fixture: 'yaml-alias-bomb.yaml',
    args: ['scenarios', 'validate', '{f}'],
    message: ['yaml-alias-bomb.yaml:3:', 'YAML aliases expand too far'],
  },
  {
    name: 'config file alias bomb',
    fixture: 'config-alias-bomb.yaml',
    args: ['run', '-c', '{f}'],
    message: ['config-alias-bomb.yaml', 'YAML aliases expand too far'],
  },
  run('filler-too-big.yaml', 'steps.0.filler', '10000000 turns', 'at most 100000'),
  run('filler-total-too-big.yaml', 'steps.1.filler', '120000 turns', 'at most 100000'),
  run('regex-nested-quantifier.yaml', 'steps.1.probe.expect.regex', 'nested quantifiers'),
  run('regex-repeated-alternation.yaml', 'steps.1.probe.expect.regex', 'holds alternatives'),
  run('regex-too-many-repeats.yaml', 'steps.1.probe.expect.regex', 'at most 2 unbounded repeats'),
  {
    name: 'scenarios validate on a catastrophic regex',
    fixture: 'regex-nested-quantifier.yaml',
    args: ['scenarios', 'validate', '{f}'],
    message: ['regex-nested-quantifier.yaml', 'expect.regex', 'nested quantifiers'],
  },
  // output paths that cannot be written: one line naming the flag, never a raw ENOTDIR/EEXIST/EISDIR
  {
    name: '--out is a file',
    generate: file('taken'),
    args: ['run', '--scenario', 'profile-fact', '--out', 'taken'],
    message: ['--out taken', 'a part of the path is a file, not a folder (ENOTDIR)'],
  },
  {
    name: '--out under a file',
    generate: file('taken'),
    args: ['run', '--scenario', 'profile-fact', '--out', 'taken/deeper/still'],
    message: ['--out taken/deeper/still', '(ENOTDIR)'],
  },
  {
    name: 'import --out is a file',
    fixture: 'locomo-truncated.json',
    generate: file('taken'),
    args: ['import', 'locomo', 'locomo-truncated.json', '--out', 'taken'],
    message: ['--out taken', '(EEXIST)'],
  },
  {
    name: 'import --out under a file',
    fixture: 'locomo-truncated.json',
    generate: file('taken'),
    args: ['import', 'locomo', 'locomo-truncated.json', '--out', 'taken/conv'],
    message: ['--out taken/conv', 'a file is in the way where a folder is needed (EEXIST)'],
  },
  // A dataset bad halfway: nothing of the import is left behind (no --out folder, no staging folder).
  {
    name: 'import of a truncated dataset leaves nothing',
    fixture: 'locomo-truncated.json',
    args: ['import', 'locomo', '{f}', '--out', 'new/conv'],
    message: ['locomo-truncated.json', 'truncated'],
  },
  {
    name: 'import of a dataset of the wrong shape leaves nothing',
    fixture: 'longmemeval-wrong-shape.json',
    args: ['import', 'longmemeval', '{f}', '--out', 'conv'],
    message: ['longmemeval-wrong-shape.json', 'expected a JSON array'],
  },
  {
    name: 'merge --out under a file',
    generate: file('taken'),
    args: ['merge', 'nowhere', '--out', 'taken/merged'],
    message: ['nowhere'],
  },
  {
    name: 'bench --out under a file',
    generate: file('taken'),
    args: ['bench', '--only', 'save-chat', '--n', '2', '--time', '1', '--out', 'taken/bench'],
    message: ['--out taken/bench', '(ENOTDIR)'],
  },
  {
    name: 'config path is a folder',
    generate: (dir) => (mkdirSync(join(dir, 'conf.yaml')), 'conf.yaml'),
    args: ['run', '-c', '{f}'],
    message: ['conf.yaml', 'is a folder, not a config file'],
  },
  {
    name: 'config path is a folder without an extension',
    generate: (dir) => (mkdirSync(join(dir, 'conf')), 'conf'),
    args: ['check', '-c', '{f}'],
    message: ['conf', 'is a folder, not a config file'],
  },
  // SQLite files memeval did not create: refused before anything is written to them (WAL mode included)
  {
    name: "chat --db on another application's SQLite database",
    generate: sqlite('theirs.db', (db) =>
      db.exec("CREATE TABLE accounts (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO accounts (name) VALUES ('x')"),
    ),
    args: ['chat', '--user', 'u', '--session', 's', '--db', '{f}'],
    stdin: 'hello\n',
    message: ['theirs.db', 'memeval did not create'],
  },
  {
    name: 'chat --db on an empty database with another application id',
    generate: sqlite('app.db', (db) => db.pragma('application_id = 1234')),
    args: ['chat', '--user', 'u', '--session', 's', '--db', '{f}'],
    stdin: 'hello\n',
    message: ['app.db', 'application_id 1234'],
  },
  {
    name: 'chat --db on a database of a newer memeval',
    generate: sqlite('newer.db', (db) => db.pragma('user_version = 99')),
    args: ['chat', '--user', 'u', '--session', 's', '--db', '{f}'],
    stdin: 'hello\n',
    message: ['newer.db', 'schema version 99'],
  },
];

/** A plain file named `name` where a folder is expected. */
function file(name: string): (dir: string) => string {
  return (dir) => (writeFileSync(join(dir, name), 'not a folder\n'), name);
}

/** A SQLite database another program made (rollback journal, not WAL). */
function sqlite(name: string, setup: (db: Database.Database) => void): (dir: string) => string {
  return (dir) => {
    const db = new Database(join(dir, name));
    setup(db);
    db.close();
    return name;
  };
}

/** Every file under `dir` with its bytes, to prove a failed command wrote nothing. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = join(entry.parentPath, entry.name);
    // Content hashes would do; sizes and heads are enough here and keep the 50 MB case cheap.
    const bytes = readFileSync(file);
    out[relative(dir, file)] = `${bytes.length}:${bytes.subarray(0, 64).toString('hex')}`;
  }
  return out;
}

describe('bad-input corpus (real CLI)', () => {
  it(`each of ${CASES.length} bad inputs exits 2 with one message naming the file and field, and writes nothing`, async () => {
    expect(CASES.length).toBeGreaterThanOrEqual(30);
    const results = await mapPool(CASES, 4, async (c) => {
      const dir = tempDir();
      let f = '';
      if (c.fixture) copyFileSync(join(FIXTURES, c.fixture), join(dir, (f = c.fixture)));
      if (c.generate) f = c.generate(dir);
      const before = snapshot(dir);
      const r = await runCli(
        c.args.map((a) => a.replace('{f}', f)),
        { cwd: dir, stdin: c.stdin, env: { ...process.env, ANTHROPIC_API_KEY: '', ...c.env } },
      );
      const lines = r.stderr.split('\n').filter((l) => l.startsWith('memeval: '));
      return {
        name: c.name,
        status: r.status,
        errorLines: lines.length,
        message: lines.join('\n'),
        missing: c.message.filter((m) => !r.stderr.includes(m)),
        written: JSON.stringify(snapshot(dir)) !== JSON.stringify(before),
        stdout: r.stdout.includes('rows ·'),
      };
    });
    const problems = results.filter(
      (r) => r.status !== 2 || r.errorLines !== 1 || r.missing.length > 0 || r.written || r.stdout,
    );
    expect(problems).toEqual([]);
    // ~1 s of CPU per spawned CLI; generous for a loaded 2-core machine.
  });
});
