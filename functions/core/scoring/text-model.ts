/** How negative / complaint-like a text reads, from one text model. */
export interface TextScore {
  /** Probability (0–1) that the text is negative or a complaint. */
  readonly negative: number;
  /** Which model produced the figure; the cascade may mix models within a batch. */
  readonly model: string;
  /** Set when a fallback was used, e.g. "comprehend throttled; embedded model used". */
  readonly note?: string;
  /** Billing units a paid model (Comprehend) charged for this text; absent when none was used. */
  readonly units?: number;
  /** True when a paid model was asked, failed (throttled, timed out, error), and the embedded model answered. */
  readonly fallback?: boolean;
}

/**
 * Port for the text model. Batch-shaped because the cloud option (Comprehend) is billed and
 * throttled per request; the embedded model just maps over the batch.
 */
export interface TextModel {
  readonly name: string;
  scoreBatch(texts: readonly string[], language: string): Promise<TextScore[]>;
}

/** What a text model spent on a paid service since the last `takeUsage()`; all zero for the embedded one. */
export interface TextModelUsage {
  /** Requests made to the paid service (the SDK's own retries not counted). */
  readonly requests: number;
  /** Texts sent to it. */
  readonly textsSent: number;
  /** Billing units of the texts it answered. */
  readonly units: number;
  /** Texts that wanted the paid model but got the embedded one because it failed. */
  readonly fallbacks: number;
}

/** A text model that reports its paid usage, so the handler can emit metrics once per batch. */
export interface MeteredTextModel extends TextModel {
  /** Usage since the previous call (or since creation); resets the counters. */
  takeUsage(): TextModelUsage;
}
