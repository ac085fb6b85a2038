import {
  type ComprehendSdkLoader,
  ComprehendSentiment,
  lazyComprehendClient,
} from '../adapters/comprehend/comprehend-sentiment.ts';
import { CascadeTextModel } from '../core/scoring/cascade.ts';
import type { MeteredTextModel, TextModel, TextModelUsage } from '../core/scoring/text-model.ts';
import { loadEmbeddedModel } from '../core/text-model/embedded-model.ts';

/** The text model every entry point uses unless told otherwise: the embedded one, no network. */
export function defaultTextModel(): TextModel {
  return loadEmbeddedModel();
}

export const TEXT_MODEL_MODES = ['embedded', 'cascade', 'comprehend'] as const;
export type TextModelMode = (typeof TEXT_MODEL_MODES)[number];

/**
 * Embedded probabilities sent to Comprehend in `cascade` mode, about ±0.7 log-odds around the operating
 * threshold. Picked on 2026-12-04 for the committed model (threshold 0.187) on the validation rows of the
 * customer sets, scored by the phase-1 model that never trained on them: 24.5 % of inbound support tweets
 * (twcs random sample; the previous band [0.08, 0.25]: 22.1 %) for 44 % of the errors, nearly half of the
 * missed complaints among them (error rate 39 % inside, 12 % outside). Held-out rows: 35 % inside, 11 %
 * outside (docs/comprehend.md, "The band").
 */
export const DEFAULT_TEXT_MODEL_BAND: readonly [number, number] = [0.1, 0.3];
/** Per Comprehend request, SDK retries included; a triage message waits at most this long for it. */
export const DEFAULT_COMPREHEND_TIMEOUT_MS = 1_500;

export interface TextModelSettings {
  /** `embedded` (default, no network) | `cascade` (unsure texts to Comprehend) | `comprehend` (all texts). */
  readonly mode: TextModelMode;
  /** `cascade` only: [low, high] of embedded probability sent to Comprehend. */
  readonly band?: readonly [number, number] | undefined;
  readonly region: string;
  /** Local test server only (FLASHPOINT_COMPREHEND_ENDPOINT); unset in AWS. */
  readonly comprehendEndpoint?: string | undefined;
  readonly timeoutMs?: number | undefined;
  /** SDK attempts per request; default 2. */
  readonly maxAttempts?: number | undefined;
  /** Optional cut in characters before sending (Comprehend analyses only the first 500). */
  readonly maxChars?: number | undefined;
  /** Default: imported on first use. The Lambda entry binds it statically so that the bundle tree-shakes it. */
  readonly comprehendSdk?: ComprehendSdkLoader | undefined;
}

const NO_USAGE: TextModelUsage = { requests: 0, textsSent: 0, units: 0, fallbacks: 0 };

/** Builds the configured text model once (cold start); every mode reports usage, zero for `embedded`. */
export function textModelFor(settings: TextModelSettings): MeteredTextModel {
  const embedded = loadEmbeddedModel();
  if (settings.mode === 'embedded') {
    return {
      name: embedded.name,
      scoreBatch: (texts, language) => embedded.scoreBatch(texts, language),
      takeUsage: () => NO_USAGE,
    };
  }
  const timeoutMs = settings.timeoutMs ?? DEFAULT_COMPREHEND_TIMEOUT_MS;
  const client = lazyComprehendClient({
    region: settings.region,
    endpoint: settings.comprehendEndpoint,
    timeoutMs,
    sdk: settings.comprehendSdk,
    ...(settings.maxAttempts !== undefined ? { maxAttempts: settings.maxAttempts } : {}),
  });
  const comprehend = new ComprehendSentiment(client, { timeoutMs, sdk: settings.comprehendSdk });
  return new CascadeTextModel(embedded, comprehend, {
    name: settings.mode,
    band: settings.mode === 'comprehend' ? [0, 1] : (settings.band ?? DEFAULT_TEXT_MODEL_BAND),
    ...(settings.maxChars !== undefined ? { maxChars: settings.maxChars } : {}),
  });
}

/** Maps validated config (see docs/comprehend.md for the variables) to settings. */
export function textModelSettingsFrom(config: {
  AWS_REGION: string;
  TEXT_MODEL_MODE?: TextModelMode | undefined;
  TEXT_MODEL_BAND_LOW?: number | undefined;
  TEXT_MODEL_BAND_HIGH?: number | undefined;
  COMPREHEND_TIMEOUT_MS?: number | undefined;
  COMPREHEND_MAX_CHARS?: number | undefined;
  FLASHPOINT_COMPREHEND_ENDPOINT?: string | undefined;
}): TextModelSettings {
  return {
    mode: config.TEXT_MODEL_MODE ?? 'embedded',
    band: [
      config.TEXT_MODEL_BAND_LOW ?? DEFAULT_TEXT_MODEL_BAND[0],
      config.TEXT_MODEL_BAND_HIGH ?? DEFAULT_TEXT_MODEL_BAND[1],
    ],
    region: config.AWS_REGION,
    comprehendEndpoint: config.FLASHPOINT_COMPREHEND_ENDPOINT,
    timeoutMs: config.COMPREHEND_TIMEOUT_MS,
    maxChars: config.COMPREHEND_MAX_CHARS,
  };
}
