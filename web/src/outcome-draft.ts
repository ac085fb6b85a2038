/**
 * The "record an outcome" form as plain data, checked with the API's own schema
 * (outcomeRequestSchema, which is `flashpoint outcome`'s minus `by`): the page shows exactly the
 * messages the CLI prints, in the CLI's "path: message" form, before anything is sent.
 */
import {
  OUTCOME_KINDS,
  type OutcomeKind,
  type OutcomeRequest,
  outcomeRequestSchema,
} from '../../functions/core/inbox/views.ts';

export { OUTCOME_KINDS };
export const ACTION_RESULTS = ['failed', 'worked', 'pending'] as const;
export type ActionResult = (typeof ACTION_RESULTS)[number];

export interface OutcomeDraft {
  readonly kind: OutcomeKind | '';
  /** '' or '1'…'5', as a select holds it. */
  readonly csat: string;
  readonly note: string;
  /** The new owner, for `reassigned`. */
  readonly owner: string;
  readonly actions: readonly { readonly what: string; readonly result: ActionResult }[];
  /** `due` as an <input type="datetime-local"> holds it: local time, no zone. */
  readonly promises: readonly { readonly text: string; readonly due: string }[];
}

export const EMPTY_DRAFT: OutcomeDraft = {
  kind: '',
  csat: '',
  note: '',
  owner: '',
  actions: [],
  promises: [],
};

export interface FieldError {
  /** The schema path, "kind", "actions.0.what", "owner": also names the input to point at. */
  readonly path: string;
  /** "path: message", as `flashpoint outcome` prints it. */
  readonly message: string;
}

export type DraftResult =
  | { readonly ok: true; readonly body: OutcomeRequest }
  | { readonly ok: false; readonly errors: readonly FieldError[] };

/** A local date-time from the form as ISO with offset; anything unreadable goes through as typed, for the schema to refuse. */
export function localToIso(local: string): string {
  const trimmed = local.trim();
  const date = new Date(trimmed);
  return trimmed === '' || Number.isNaN(date.getTime()) ? trimmed : date.toISOString();
}

/** Indexes of the rows that are filled in: a row left empty is one the person added and did not use. */
function used<T>(rows: readonly T[], filled: (row: T) => boolean): number[] {
  return rows.flatMap((row, i) => (filled(row) ? [i] : []));
}

export function toOutcomeRequest(draft: OutcomeDraft): DraftResult {
  const note = draft.note.trim();
  const owner = draft.owner.trim();
  const actionRows = used(draft.actions, (a) => a.what.trim() !== '');
  const promiseRows = used(draft.promises, (p) => p.text.trim() !== '' || p.due.trim() !== '');
  const candidate = {
    kind: draft.kind === '' ? undefined : draft.kind,
    ...(draft.csat !== '' ? { csat: Number(draft.csat) } : {}),
    ...(note ? { note } : {}),
    ...(owner ? { owner } : {}),
    actions: actionRows
      .map((i) => draft.actions[i])
      .map((a) => ({ what: a?.what.trim(), result: a?.result })),
    promises: promiseRows
      .map((i) => draft.promises[i])
      .map((p) => ({ text: p?.text.trim(), dueAt: localToIso(p?.due ?? '') })),
  };
  const parsed = outcomeRequestSchema.safeParse(candidate);
  if (parsed.success) return { ok: true, body: parsed.data };
  // Paths name the form's rows, counting the empty ones the schema never saw.
  const rowsOf: Record<string, number[]> = { actions: actionRows, promises: promiseRows };
  return {
    ok: false,
    errors: parsed.error.issues.map((issue) => {
      const [list, index, ...rest] = issue.path.map(String);
      const rows = list === undefined ? undefined : rowsOf[list];
      const row = rows && index !== undefined ? rows[Number(index)] : undefined;
      const segments = row === undefined ? issue.path.map(String) : [list, String(row), ...rest];
      const path = segments.join('.') || 'outcome';
      return { path, message: `${path}: ${issue.message}` };
    }),
  };
}

/** The id of the input a schema path points at: "actions.0.what" → "outcome-actions-0-what". */
export function fieldId(path: string): string {
  return `outcome-${path.replaceAll('.', '-')}`;
}
