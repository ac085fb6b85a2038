/**
 * Port for a cloud sentiment service (Amazon Comprehend's BatchDetectSentiment): one request scores
 * a batch of texts in one language. The adapter lives in functions/adapters/comprehend/.
 */

/** The service's answer for one text of a batch. */
export type RemoteSentiment =
  /** `negative`: probability 0–1 that the text is negative; `units`: billing units it cost. */
  | { readonly ok: true; readonly negative: number; readonly units: number }
  /** The service refused this one text (e.g. `TEXT_SIZE_LIMIT_EXCEEDED`); the rest of the batch stands. */
  | { readonly ok: false; readonly code: string };

export interface SentimentService {
  /** Short name used in `TextScore.model` and in notes, e.g. `comprehend`. */
  readonly name: string;
  /** Most texts one request may carry. */
  readonly maxBatch: number;
  /** Most UTF-8 bytes one text may have. */
  readonly maxTextBytes: number;
  /** The service's code for a language (`en`, `zh-TW`, …), or undefined when it does not support it. */
  languageCode(language: string): string | undefined;
  /**
   * One answer per text, in order. Throws (preferably a SentimentServiceError) when the request
   * as a whole fails: throttled, timed out, refused or unreachable.
   */
  detectBatch(texts: readonly string[], languageCode: string): Promise<RemoteSentiment[]>;
}

export type SentimentFailureKind = 'throttled' | 'timed out' | 'failed';

/** A whole request to the sentiment service failed; `kind` decides the note, `code` names the cause. */
export class SentimentServiceError extends Error {
  override readonly name = 'SentimentServiceError';
  constructor(
    readonly kind: SentimentFailureKind,
    /** The service's or SDK's error name, e.g. `ThrottlingException`; never contains customer text. */
    readonly code: string,
  ) {
    super(`sentiment service ${kind} (${code})`);
  }
}
