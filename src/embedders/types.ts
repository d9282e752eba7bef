/** Turns texts into L2-normalised vectors. `id` is recorded with every stored vector and report row. */
export interface Embedder {
  readonly id: string;
  readonly dims: number;
  /** Whether the vectors are lexical (hashed features) or from a neural model: reports say which. */
  readonly kind: 'lexical' | 'neural';
  embed(texts: readonly string[]): Promise<Float32Array[]>;
}
