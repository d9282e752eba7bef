import { closeSync, existsSync, fsyncSync, ftruncateSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { MemevalError } from '../errors.js';
import { scrubSecrets } from '../util/secrets.js';
import type { ResultRow } from '../report/columns.js';
import type { ManifestCell } from '../report/manifest.js';
import { cellSlug, type CellIdentity, type CellResult } from './cell.js';

/** The append-only log of finished cells in a run folder; what `--resume` reads. */
export const JOURNAL_FILE = 'results.jsonl';

/** One line of the journal: a finished cell with its scored rows and what run.json says about it. */
const JournalRecord = z
  .object({
    v: z.literal(1),
    runId: z.string(),
    cell: z.number().int().nonnegative(),
    /** The cell's slug, checked against the plan so a line never lands on the wrong cell. */
    slug: z.string(),
    rows: z.array(z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]))),
    strategyInfo: z.looseObject({ embedder: z.string() }),
    warnings: z.array(z.string()),
    /** Per probe what metrics.csv needs besides the row (benchmark rankings and the answer). */
    outcomes: z.array(
      z.discriminatedUnion('status', [
        z
          .object({
            status: z.literal('ok'),
            probeId: z.string(),
            answer: z.string(),
            rankedTurnIds: z.array(z.string()),
            contextTurnIds: z.array(z.string()),
          })
          .strict(),
        z.object({ status: z.literal('error'), probeId: z.string() }).strict(),
      ]),
    ),
    elapsedMs: z.number(),
    dbFile: z.string().nullable(),
  })
  .strict();
type JournalRecord = z.infer<typeof JournalRecord>;

/** A cell as the run needs it once finished: what run.json reports, its rows and its kept database. */
export interface FinishedCell {
  cell: ManifestCell;
  rows: ResultRow[];
  dbFile: string | null;
}

/**
 * The journal of one run folder. Each finished cell is one JSON line written with a single write
 * and fsync'd before the run moves on, so after a crash (SIGKILL, power loss) every line but
 * possibly a torn last one is whole. Cells finish out of order; lines carry their matrix index.
 */
export class Journal {
  private constructor(
    readonly file: string,
    private readonly runId: string,
    private fd: number | null,
    /** Cells already finished by an earlier, interrupted process, by matrix index. */
    readonly done: ReadonlyMap<number, FinishedCell>,
  ) {}

  /** A new, empty journal (an earlier one for the same inputs is discarded). */
  static start(runDir: string, runId: string): Journal {
    const file = join(runDir, JOURNAL_FILE);
    return new Journal(file, runId, openSync(file, 'w'), new Map());
  }

  /**
   * Opens the journal of an interrupted run and reads the cells it finished. A torn last line (the
   * process died mid-write) is cut off so the next line starts clean; any other unreadable line,
   * or one that does not match the plan, is an error rather than a silently repeated cell.
   * @throws MemevalError BAD_INPUT naming the file and line.
   */
  static resume(runDir: string, runId: string, cells: readonly CellIdentity[]): Journal {
    const file = join(runDir, JOURNAL_FILE);
    const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
    const whole = text.slice(0, text.lastIndexOf('\n') + 1);
    const done = new Map<number, FinishedCell>();
    // By matrix index, not position: under --shard the plan holds a slice of the matrix.
    const byIndex = new Map(cells.map((c) => [c.index, c]));
    whole
      .split('\n')
      .slice(0, -1)
      .forEach((line, i) => {
        const where = `${file}:${i + 1}`;
        let json: unknown;
        try {
          json = JSON.parse(line);
        } catch {
          throw new MemevalError(
            'BAD_INPUT',
            `${where}: not a JSON line; the journal is damaged (delete the run folder to start again)`,
          );
        }
        const parsed = JournalRecord.safeParse(json);
        if (!parsed.success)
          throw new MemevalError(
            'BAD_INPUT',
            `${where}: ${parsed.error.issues[0].path.join('.') || 'record'}: ${parsed.error.issues[0].message}`,
          );
        const record = parsed.data;
        const spec = byIndex.get(record.cell);
        if (record.runId !== runId)
          throw new MemevalError('BAD_INPUT', `${where}: runId: ${record.runId} is not this run (${runId})`);
        if (!spec || cellSlug(spec) !== record.slug)
          throw new MemevalError(
            'BAD_INPUT',
            `${where}: slug: cell ${record.cell} is ${spec ? cellSlug(spec) : 'not in the plan'}, not ${record.slug}`,
          );
        if (!done.has(record.cell)) done.set(record.cell, restore(spec, record));
      });
    const fd = openSync(file, existsSync(file) ? 'r+' : 'w');
    // Drop a torn tail so appended lines start on a line of their own.
    ftruncateSync(fd, Buffer.byteLength(whole));
    closeSync(fd);
    return new Journal(file, runId, openSync(file, 'a'), done);
  }

  /** Appends a finished cell and flushes it to disk before returning. */
  append(cell: CellResult, rows: readonly ResultRow[], dbFile: string | null): void {
    if (this.fd === null) throw new Error(`${this.file}: journal is closed`);
    const record: JournalRecord = {
      v: 1,
      runId: this.runId,
      cell: cell.spec.index,
      slug: cellSlug(cell.spec),
      rows: [...rows],
      strategyInfo: cell.strategyInfo,
      warnings: cell.warnings,
      outcomes: journalOutcomes(cell),
      elapsedMs: cell.elapsedMs,
      dbFile,
    };
    // Scrubbed like the report files it becomes (JSON escaping leaves a plain key as it was).
    writeFileSync(this.fd, scrubSecrets(`${JSON.stringify(record)}\n`));
    fsyncSync(this.fd);
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }
}

/** What the journal keeps of each probe: what metrics.csv needs besides the row. */
function journalOutcomes(cell: CellResult): JournalRecord['outcomes'] {
  return cell.outcomes.map((o) =>
    o.status === 'ok'
      ? {
          status: 'ok',
          probeId: o.probe.id,
          answer: o.turn.reply.text,
          rankedTurnIds: o.rankedTurnIds,
          contextTurnIds: o.contextTurnIds,
        }
      : { status: 'error', probeId: o.probe.id },
  );
}

/**
 * A just-run cell as the rest of the run keeps it: what the journal would restore. Its chatbot
 * turns (contexts, requests) and its scenario are let go, so finished cells cost memory by their
 * probes, not by the text they replayed.
 */
export function finishCell(
  spec: CellIdentity,
  cell: CellResult,
  rows: ResultRow[],
  dbFile: string | null,
): FinishedCell {
  return restore(spec, {
    strategyInfo: cell.strategyInfo,
    warnings: cell.warnings,
    outcomes: journalOutcomes(cell),
    elapsedMs: cell.elapsedMs,
    rows,
    dbFile,
  });
}

function restore(
  spec: CellIdentity,
  record: Pick<JournalRecord, 'strategyInfo' | 'warnings' | 'outcomes' | 'elapsedMs' | 'rows' | 'dbFile'>,
): FinishedCell {
  return {
    cell: {
      spec,
      strategyInfo: record.strategyInfo,
      warnings: record.warnings,
      outcomes: record.outcomes.map((o) =>
        o.status === 'ok'
          ? {
              status: 'ok',
              probe: { id: o.probeId },
              turn: { reply: { text: o.answer } },
              rankedTurnIds: o.rankedTurnIds,
              contextTurnIds: o.contextTurnIds,
            }
          : { status: 'error', probe: { id: o.probeId } },
      ),
      elapsedMs: record.elapsedMs,
    },
    rows: record.rows as ResultRow[],
    dbFile: record.dbFile,
  };
}
