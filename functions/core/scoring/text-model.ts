/** How negative / complaint-like a text reads, from one text model. */
export interface TextScore {
  /** Probability (0–1) that the text is negative or a complaint. */
  readonly negative: number;
  /** Which model produced the figure; the cascade may mix models within a batch. */
  readonly model: string;
  /** Set when a fallback was used, e.g. "comprehend throttled; embedded model used". */
  readonly note?: string;
}

/**
 * Port for the text model. Batch-shaped because the cloud option (Comprehend) is billed and
 * throttled per request; the embedded model just maps over the batch.
 */
export interface TextModel {
  readonly name: string;
  scoreBatch(texts: readonly string[], language: string): Promise<TextScore[]>;
}
