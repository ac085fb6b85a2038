import { lexiconModel } from '../core/scoring/lexicon-model.ts';
import type { TextModel } from '../core/scoring/text-model.ts';

/** The text model every entry point uses unless told otherwise. */
export function defaultTextModel(): TextModel {
  return lexiconModel;
}
