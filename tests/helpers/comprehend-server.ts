import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local HTTP server that speaks Amazon Comprehend's JSON protocol (awsJson1_1), so tests run the
 * real `@aws-sdk/client-comprehend` against it: `POST /`, `Content-Type: application/x-amz-json-1.1`,
 * `X-Amz-Target: Comprehend_20171127.BatchDetectSentiment` (or `DetectSentiment`); errors as HTTP 400
 * with `{"__type":"com.amazonaws.comprehend#ThrottlingException","Message":"..."}`. Like the real
 * service it refuses more than 25 texts per batch, texts over 5,000 UTF-8 bytes and unsupported
 * languages, and it records every request so tests can assert what was sent.
 */

export interface SentimentScores {
  readonly Positive: number;
  readonly Negative: number;
  readonly Neutral: number;
  readonly Mixed: number;
}

/** How the server answers the next request. */
export type ComprehendBehaviour =
  | { readonly kind: 'answer' }
  | { readonly kind: 'throttle' }
  /** Any Comprehend error, e.g. `InternalServerException` with status 500. */
  | { readonly kind: 'error'; readonly type: string; readonly status?: number }
  /** Answer normally, but only after `ms` (past the client's timeout to test it). */
  | { readonly kind: 'delay'; readonly ms: number };

export interface RecordedRequest {
  readonly target: string;
  readonly contentType: string;
  readonly authorization: string;
  readonly languageCode: string;
  readonly texts: readonly string[];
  /** HTTP status the server answered (or was about to answer, for a delayed request). */
  readonly status: number;
  /** `__type` short name of the error answered, if any. */
  readonly error?: string;
}

export interface ComprehendServerOptions {
  /** Scores for one text; default: a fixed, clearly negative answer. */
  readonly score?: (text: string) => SentimentScores;
  /** A per-item ErrorCode for texts the service should refuse inside an otherwise good batch. */
  readonly itemError?: (text: string) => string | undefined;
  /** Byte limit per text the server enforces; 5,000 like Comprehend unless a test lowers it. */
  readonly maxTextBytes?: number;
}

export interface ComprehendServer {
  readonly endpoint: string;
  readonly requests: RecordedRequest[];
  /** Behaviour for every request from now on (default `answer`). */
  setBehaviour(behaviour: ComprehendBehaviour): void;
  /** Behaviours used once each, in order, before the standing one (e.g. one throttle, then answers). */
  queue(...behaviours: ComprehendBehaviour[]): void;
  /** Texts of the requests Comprehend answered with 200, flattened. */
  sentTexts(): string[];
  stop(): Promise<void>;
}

/** Binary-exact numbers, so Negative + ½ Mixed is exactly 0.625. */
export const DEFAULT_SCORES: SentimentScores = {
  Positive: 0.125,
  Negative: 0.5,
  Neutral: 0.125,
  Mixed: 0.25,
};

const PREFIX = 'Comprehend_20171127.';
const JSON_1_1 = 'application/x-amz-json-1.1';
const LANGUAGES = new Set(['en', 'es', 'fr', 'de', 'it', 'pt', 'ar', 'hi', 'ja', 'ko', 'zh', 'zh-TW']);
const MAX_BATCH = 25;

export async function startComprehendServer(
  options: ComprehendServerOptions = {},
): Promise<ComprehendServer> {
  const score = options.score ?? (() => DEFAULT_SCORES);
  const maxTextBytes = options.maxTextBytes ?? 5_000;
  const requests: RecordedRequest[] = [];
  const pending: ComprehendBehaviour[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let standing: ComprehendBehaviour = { kind: 'answer' };

  const server = createServer((req, res) => {
    readBody(req)
      .then((body) => handle(req, res, body))
      .catch(() => send(res, 400, { __type: 'com.amazonaws.comprehend#SerializationException' }));
  });

  function handle(req: IncomingMessage, res: ServerResponse, body: string): void {
    const target = header(req, 'x-amz-target');
    const contentType = header(req, 'content-type');
    const authorization = header(req, 'authorization');
    let input: { TextList?: unknown; Text?: unknown; LanguageCode?: unknown } = {};
    try {
      input = JSON.parse(body) as typeof input;
    } catch {
      // recorded with no texts below; answered as a serialization error
    }
    const operation = target.startsWith(PREFIX) ? target.slice(PREFIX.length) : '';
    const texts = Array.isArray(input.TextList)
      ? input.TextList.filter((t): t is string => typeof t === 'string')
      : typeof input.Text === 'string'
        ? [input.Text]
        : [];
    const languageCode = typeof input.LanguageCode === 'string' ? input.LanguageCode : '';
    const record = (status: number, error?: string) =>
      requests.push({
        target,
        contentType,
        authorization,
        languageCode,
        texts,
        status,
        ...(error ? { error } : {}),
      });
    const behaviour = pending.shift() ?? standing;
    const refusal = refusalFor(req, contentType, operation, behaviour, languageCode, texts, maxTextBytes);
    if (refusal) {
      const [status, type, message] = refusal;
      record(status, type);
      send(res, status, { __type: `com.amazonaws.comprehend#${type}`, Message: message });
      return;
    }
    record(200);
    const answer = () => {
      if (operation === 'DetectSentiment') {
        const scores = score(texts[0] ?? '');
        send(res, 200, { Sentiment: label(scores), SentimentScore: scores });
        return;
      }
      const ResultList: unknown[] = [];
      const ErrorList: unknown[] = [];
      texts.forEach((text, Index) => {
        const ErrorCode = options.itemError?.(text);
        if (ErrorCode) ErrorList.push({ Index, ErrorCode, ErrorMessage: 'refused by the test server' });
        else ResultList.push({ Index, Sentiment: label(score(text)), SentimentScore: score(text) });
      });
      send(res, 200, { ResultList, ErrorList });
    };
    if (behaviour.kind === 'delay') {
      const timer = setTimeout(() => {
        timers.delete(timer);
        if (!res.destroyed) answer();
      }, behaviour.ms);
      timers.add(timer);
      return;
    }
    answer();
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    setBehaviour(behaviour) {
      standing = behaviour;
    },
    queue(...behaviours) {
      pending.push(...behaviours);
    },
    sentTexts: () => requests.filter((r) => r.status === 200).flatMap((r) => r.texts),
    async stop() {
      for (const timer of timers) clearTimeout(timer);
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())));
    },
  };
}

type Refusal = readonly [status: number, type: string, message: string];

/** The error the server answers instead of a result, checked in the order Comprehend would. */
function refusalFor(
  req: IncomingMessage,
  contentType: string,
  operation: string,
  behaviour: ComprehendBehaviour,
  languageCode: string,
  texts: readonly string[],
  maxTextBytes: number,
): Refusal | undefined {
  if (req.method !== 'POST' || req.url !== '/' || !contentType.startsWith(JSON_1_1)) {
    return [400, 'SerializationException', 'expected POST / with application/x-amz-json-1.1'];
  }
  if (operation !== 'BatchDetectSentiment' && operation !== 'DetectSentiment') {
    return [400, 'UnknownOperationException', `unknown operation ${operation}`];
  }
  if (behaviour.kind === 'throttle') return [400, 'ThrottlingException', 'Rate exceeded'];
  if (behaviour.kind === 'error') return [behaviour.status ?? 400, behaviour.type, 'injected error'];
  if (!LANGUAGES.has(languageCode)) {
    return [400, 'UnsupportedLanguageException', `language ${languageCode} is not supported`];
  }
  if (texts.length === 0 || (operation === 'BatchDetectSentiment' && texts.length > MAX_BATCH)) {
    return [400, 'BatchSizeLimitExceededException', `batch of ${texts.length} documents`];
  }
  if (texts.some((t) => t === '' || Buffer.byteLength(t, 'utf8') > maxTextBytes)) {
    return [400, 'TextSizeLimitExceededException', 'Input text size exceeds limit'];
  }
  return undefined;
}

function header(req: IncomingMessage, name: string): string {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(',') : (value ?? '');
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': JSON_1_1, 'Content-Length': Buffer.byteLength(payload) });
  res.end(payload);
}

function label(s: SentimentScores): 'POSITIVE' | 'NEGATIVE' | 'NEUTRAL' | 'MIXED' {
  const ranked = (
    [
      ['POSITIVE', s.Positive],
      ['NEGATIVE', s.Negative],
      ['NEUTRAL', s.Neutral],
      ['MIXED', s.Mixed],
    ] as const
  ).toSorted((a, b) => b[1] - a[1]);
  return ranked[0]?.[0] ?? 'NEUTRAL';
}
