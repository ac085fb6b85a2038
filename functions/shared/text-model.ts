import type { TextModel } from '../core/scoring/text-model.ts';
import { loadEmbeddedModel } from '../core/text-model/embedded-model.ts';

/** The text model every entry point uses unless told otherwise: the embedded one, no network. */
export function defaultTextModel(): TextModel {
  return loadEmbeddedModel();
}
