export const ROLES = ['user', 'assistant', 'summary'] as const;
export type Role = (typeof ROLES)[number];

/** A message as it is stored. Every read of one is scoped by `userId`. */
export interface StoredMessage {
  id: number;
  userId: string;
  sessionId: string;
  role: Role;
  content: string;
  tokenCount: number;
  createdAtMs: number;
  /** Caller's own id for the turn (a scenario turn id, a LoCoMo dia_id); used for evidence. */
  extId: string | null;
  embedderId: string | null;
}

export interface NewMessage {
  userId: string;
  sessionId: string;
  role: Role;
  content: string;
  /** Defaults to the store's token counter at save time. */
  tokenCount?: number;
  /** Defaults to the store's clock. */
  createdAtMs?: number;
  extId?: string | null;
}

export interface ReadScope {
  /** Restrict to one session; omitted means all of the user's sessions. */
  sessionId?: string;
  /** Only messages with id greater than this. */
  afterId?: number;
  /** Only these roles; default user and assistant. */
  roles?: readonly Role[];
}

export interface EmbeddingRow {
  id: number;
  vector: Float32Array;
}
