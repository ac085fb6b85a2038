import type {
  BatchDetectSentimentCommandOutput,
  ComprehendClient,
  LanguageCode,
  SentimentScore,
} from '@aws-sdk/client-comprehend';
import {
  type RemoteSentiment,
  type SentimentService,
  SentimentServiceError,
} from '../../core/scoring/sentiment-service.ts';
import { codePointLength } from '../../core/scoring/utf8-cut.ts';

/** Languages BatchDetectSentiment accepts (Comprehend's "primary languages"). */
export const COMPREHEND_SENTIMENT_LANGUAGES: readonly LanguageCode[] = [
  'en',
  'es',
  'fr',
  'de',
  'it',
  'pt',
  'ar',
  'hi',
  'ja',
  'ko',
  'zh',
  'zh-TW',
];

/** BatchDetectSentiment takes at most 25 documents per request. */
export const COMPREHEND_MAX_BATCH = 25;
/** Older API docs say "fewer than 5,000 bytes of UTF-8", newer ones "5 KB": 4,999 satisfies both. */
export const COMPREHEND_MAX_TEXT_BYTES = 4_999;
/**
 * Share of SentimentScore.Mixed counted as negative. Complaints often read "Mixed" ("love the app,
 * but this is the third time it ate my order"): half of it, since the other half is the praise.
 */
export const MIXED_NEGATIVE_SHARE = 0.5;

/** Comprehend bills units of 100 characters, at least 3 units per document. */
export function comprehendUnits(text: string): number {
  return Math.max(3, Math.ceil(codePointLength(text) / 100));
}

/** Probability negative = Negative + ½ · Mixed (the four scores sum to 1, so this stays in [0, 1]). */
export function negativeFrom(score: SentimentScore | undefined): number | undefined {
  const negative = score?.Negative;
  if (negative === undefined || !Number.isFinite(negative)) return undefined;
  const mixed = score?.Mixed;
  const p = negative + MIXED_NEGATIVE_SHARE * (mixed !== undefined && Number.isFinite(mixed) ? mixed : 0);
  return Math.min(1, Math.max(0, p));
}

const SUPPORTED = new Map<string, LanguageCode>(
  COMPREHEND_SENTIMENT_LANGUAGES.map((code) => [code.toLowerCase(), code]),
);

/** `en`, `en-GB` → `en`; `zh-TW` (any case) → `zh-TW`; other Chinese variants are not guessed. */
export function comprehendLanguage(language: string): LanguageCode | undefined {
  const lower = language.trim().toLowerCase();
  const exact = SUPPORTED.get(lower);
  if (exact) return exact;
  const primary = lower.split(/[-_]/)[0] ?? '';
  return primary === 'zh' ? undefined : SUPPORTED.get(primary);
}

// Names the SDK gives throttling and timeout errors (cf. @smithy/service-error-classification).
const THROTTLING = new Set([
  'ThrottlingException',
  'TooManyRequestsException',
  'Throttling',
  'ThrottledException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
]);
const TIMEOUTS = new Set(['TimeoutError', 'AbortError', 'RequestTimeout', 'RequestTimeoutException']);
const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'ESOCKETTIMEDOUT', 'ECONNRESET']);

interface SdkErrorShape {
  name?: unknown;
  code?: unknown;
  $metadata?: { httpStatusCode?: unknown };
  $retryable?: { throttling?: unknown };
}

/** Maps whatever the SDK threw to the port's error, keeping only the error's name. */
export function toSentimentServiceError(error: unknown): SentimentServiceError {
  const e = (typeof error === 'object' && error !== null ? error : {}) as SdkErrorShape;
  const name = typeof e.name === 'string' ? e.name : 'UnknownError';
  if (THROTTLING.has(name) || e.$metadata?.httpStatusCode === 429 || e.$retryable?.throttling === true) {
    return new SentimentServiceError('throttled', name);
  }
  if (TIMEOUTS.has(name) || (typeof e.code === 'string' && TIMEOUT_CODES.has(e.code))) {
    return new SentimentServiceError('timed out', name);
  }
  return new SentimentServiceError('failed', name);
}

type ComprehendSdk = Pick<
  typeof import('@aws-sdk/client-comprehend'),
  'ComprehendClient' | 'BatchDetectSentimentCommand'
>;
/** Where the two SDK classes come from: by default a dynamic import on first use (`loadSdk`). */
export type ComprehendSdkLoader = () => Promise<ComprehendSdk>;
/**
 * A specifier esbuild does not follow. Bundled, a dynamically imported package cannot be tree-shaken:
 * a literal `import('@aws-sdk/client-comprehend')` would put all of Comprehend (~90 KB) in the triage
 * bundle, which brings its own loader instead (functions/triage/handler.ts: a static import of the two
 * classes, ~14 KB). Unbundled (the CLI, the local stack) this is a plain import from node_modules.
 */
const SDK_PACKAGE = '@aws-sdk/client-comprehend';
let sdk: Promise<ComprehendSdk> | undefined;
/**
 * The SDK is loaded on first use, not at import: unbundled it would add 0.3–0.5 s of module loading for
 * a client that is never called in the default `embedded` mode.
 */
function loadSdk(): Promise<ComprehendSdk> {
  sdk ??= import(SDK_PACKAGE) as Promise<ComprehendSdk>;
  return sdk;
}

export interface ComprehendSentimentOptions {
  /** Deadline for one request including the SDK's retries; past it the request is aborted. */
  readonly timeoutMs: number;
  readonly sdk?: ComprehendSdkLoader | undefined;
}

/** The SentimentService port on Amazon Comprehend's BatchDetectSentiment (IAM: comprehend:BatchDetectSentiment). */
export class ComprehendSentiment implements SentimentService {
  readonly name = 'comprehend';
  readonly maxBatch = COMPREHEND_MAX_BATCH;
  readonly maxTextBytes = COMPREHEND_MAX_TEXT_BYTES;

  constructor(
    /** Resolves the (one, shared) client; see `lazyComprehendClient`. */
    private readonly client: () => Promise<ComprehendClient>,
    private readonly options: ComprehendSentimentOptions,
  ) {}

  languageCode(language: string): string | undefined {
    return comprehendLanguage(language);
  }

  async detectBatch(texts: readonly string[], languageCode: string): Promise<RemoteSentiment[]> {
    if (texts.length === 0) return [];
    const code = comprehendLanguage(languageCode);
    if (!code) throw new SentimentServiceError('failed', 'UnsupportedLanguage');
    if (texts.length > COMPREHEND_MAX_BATCH) throw new SentimentServiceError('failed', 'BatchTooLarge');
    let output: BatchDetectSentimentCommandOutput;
    try {
      const [{ BatchDetectSentimentCommand }, client] = await Promise.all([
        (this.options.sdk ?? loadSdk)(),
        this.client(),
      ]);
      output = await client.send(
        new BatchDetectSentimentCommand({ TextList: [...texts], LanguageCode: code }),
        {
          abortSignal: AbortSignal.timeout(this.options.timeoutMs),
        },
      );
    } catch (error) {
      throw toSentimentServiceError(error);
    }
    const answers: RemoteSentiment[] = texts.map(() => ({ ok: false, code: 'NO_RESULT' }));
    const inRange = (index: number | undefined): index is number =>
      index !== undefined && Number.isInteger(index) && index >= 0 && index < texts.length;
    for (const item of output.ErrorList ?? []) {
      if (inRange(item.Index)) answers[item.Index] = { ok: false, code: item.ErrorCode ?? 'UNKNOWN' };
    }
    for (const item of output.ResultList ?? []) {
      const negative = negativeFrom(item.SentimentScore);
      if (!inRange(item.Index)) continue;
      answers[item.Index] =
        negative === undefined
          ? { ok: false, code: 'NO_SCORE' }
          : { ok: true, negative, units: comprehendUnits(texts[item.Index] ?? '') };
    }
    return answers;
  }
}

export interface ComprehendClientSettings {
  readonly region: string;
  /** Local test server only; with it the client signs with dummy credentials. Unset in AWS. */
  readonly endpoint?: string | undefined;
  /** Socket connect and response timeout per attempt. */
  readonly timeoutMs: number;
  /** SDK attempts per request (1 = no retry). Default 2: a throttled message falls back anyway. */
  readonly maxAttempts?: number;
  readonly sdk?: ComprehendSdkLoader | undefined;
}

/** Local servers accept any credentials; in AWS the default provider chain (the Lambda role) is used. */
const LOCAL_CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' };

/** The client, created once on first call (module loading deferred as for `loadSdk`). */
export function lazyComprehendClient(s: ComprehendClientSettings): () => Promise<ComprehendClient> {
  let client: Promise<ComprehendClient> | undefined;
  return () => {
    client ??= (s.sdk ?? loadSdk)().then(
      ({ ComprehendClient }) =>
        new ComprehendClient({
          region: s.region,
          maxAttempts: s.maxAttempts ?? 2,
          // An options object: the SDK builds its NodeHttpHandler from it (no direct @smithy dependency).
          requestHandler: { requestTimeout: s.timeoutMs, connectionTimeout: s.timeoutMs },
          ...(s.endpoint ? { endpoint: s.endpoint, credentials: LOCAL_CREDENTIALS } : {}),
        }),
    );
    return client;
  };
}
