import type { Scenario } from '../scenario/schema.js';

export const DATASET_NAMES = ['locomo', 'longmemeval'] as const;
export type DatasetName = (typeof DATASET_NAMES)[number];

/** A turn of the benchmark's haystack as memeval stores it; the corpus retrieval metrics rank. */
export interface CorpusTurn {
  /** The scenario turn id (LoCoMo dia_id; LongMemEval `<session_id>:<1-based index>`). */
  id: string;
  sessionId: string;
  role: 'user' | 'assistant';
}

/** What a probe needs for benchmark scoring beyond the Scenario probe itself. */
export interface DatasetProbe {
  probeId: string;
  /** LoCoMo category integer (1 multi-hop, 2 temporal, 3 open-domain, 4 single-hop, 5 adversarial) or LongMemEval question_type. */
  category: number | string;
  /** LongMemEval `_abs` question, or LoCoMo category 5. */
  abstention: boolean;
  /** The gold answer as the dataset gives it (integers converted with String). */
  answer: string;
  /** Evidence turn ids that exist in the scenario (after repair). */
  evidenceTurnIds: string[];
  /** Evidence strings that name no turn even after repair; they stay in recall denominators. */
  unresolvedEvidence: string[];
  /** Evidence session ids (LongMemEval answer_session_ids; LoCoMo: sessions of the evidence turns). */
  evidenceSessionIds: string[];
}

/** One benchmark unit (a LoCoMo conversation, a LongMemEval question) mapped to a memeval scenario. */
export interface DatasetItem {
  dataset: DatasetName;
  scenario: Scenario;
  probes: DatasetProbe[];
  /** Every haystack turn in the order it is replayed. */
  corpus: CorpusTurn[];
}

/** Counts of what an import skipped or repaired, keyed by reason, plus the items left unresolved. */
export interface ImportReport {
  dataset: DatasetName;
  file: string;
  items: number;
  sessions: number;
  turns: number;
  probes: number;
  repaired: Record<string, number>;
  skipped: Record<string, number>;
  /** Evidence strings that could not be resolved, with where they came from. */
  unresolved: { scenarioId: string; probeId: string; evidence: string }[];
}

export function newReport(dataset: DatasetName, file: string): ImportReport {
  return { dataset, file, items: 0, sessions: 0, turns: 0, probes: 0, repaired: {}, skipped: {}, unresolved: [] };
}

export function count(bucket: Record<string, number>, reason: string, n = 1): void {
  if (n > 0) bucket[reason] = (bucket[reason] ?? 0) + n;
}
