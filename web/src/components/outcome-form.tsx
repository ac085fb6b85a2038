import { type FormEvent, useId, useRef, useState } from 'react';
import type { OutcomeResponse } from '../../../functions/core/inbox/views.ts';
import type { Api } from '../api.ts';
import {
  ACTION_RESULTS,
  type ActionResult,
  EMPTY_DRAFT,
  type FieldError,
  fieldId,
  OUTCOME_KINDS,
  type OutcomeDraft,
  toOutcomeRequest,
} from '../outcome-draft.ts';
import type { OwnerChoice } from '../owner-choices.ts';
import { ErrorNotice } from './error-notice.tsx';

const KIND_HELP: Record<string, string> = {
  acknowledged: 'acknowledged',
  note: 'note',
  reassigned: 'reassigned (needs the new owner)',
  resolved: 'resolved (closes the case)',
  refunded: 'refunded (closes the case)',
  churned: 'churned (closes the case)',
  went_public: 'went public',
};

interface Props {
  readonly api: Api;
  readonly caseId: string;
  /** Who a `reassigned` outcome can name (the current owner shown, not choosable). */
  readonly owners: readonly OwnerChoice[];
  readonly onRecorded: (result: OutcomeResponse) => void;
}

/** `flashpoint outcome` as a form: the same fields, checked with the same schema before it is sent. */
export function OutcomeForm({ api, caseId, owners, onRecorded }: Props) {
  const [draft, setDraft] = useState<OutcomeDraft>(EMPTY_DRAFT);
  const [errors, setErrors] = useState<readonly FieldError[]>([]);
  const [failure, setFailure] = useState<unknown>();
  const [sending, setSending] = useState(false);
  const summaryRef = useRef<HTMLDivElement>(null);
  const formId = useId();

  const errorFor = (path: string) => errors.find((e) => e.path === path);
  const describedBy = (path: string) => (errorFor(path) ? `${fieldId(path)}-error` : undefined);
  const invalid = (path: string) => (errorFor(path) ? true : undefined);
  const fieldError = (path: string) => {
    const e = errorFor(path);
    return e ? (
      <p className="field-error" id={`${fieldId(path)}-error`}>
        {e.message}
      </p>
    ) : null;
  };
  const update = (patch: Partial<OutcomeDraft>) => setDraft((d) => ({ ...d, ...patch }));

  async function submit(event: FormEvent) {
    event.preventDefault();
    setFailure(undefined);
    const checked = toOutcomeRequest(draft);
    if (!checked.ok) {
      setErrors(checked.errors);
      // Move focus to the summary so keyboard and screen-reader users hear what to fix.
      requestAnimationFrame(() => summaryRef.current?.focus());
      return;
    }
    setErrors([]);
    setSending(true);
    try {
      const result = await api.recordOutcome(caseId, checked.body);
      setDraft(EMPTY_DRAFT);
      onRecorded(result);
    } catch (error) {
      setFailure(error);
    } finally {
      setSending(false);
    }
  }

  return (
    <form className="outcome-form" onSubmit={submit} noValidate aria-labelledby={`${formId}-title`}>
      <h3 id={`${formId}-title`}>Record an outcome</h3>
      {errors.length > 0 ? (
        <div className="notice error" role="alert" tabIndex={-1} ref={summaryRef}>
          <p>
            <strong>Fix {errors.length === 1 ? 'this' : `these ${errors.length}`} before recording:</strong>
          </p>
          <ul>
            {errors.map((e) => (
              <li key={e.path}>
                <button type="button" className="link" onClick={() => focusField(e.path)}>
                  {e.message}
                </button>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <ErrorNotice error={failure} action="Recording the outcome" />

      <div className="field">
        <label htmlFor={fieldId('kind')}>What happened</label>
        <select
          id={fieldId('kind')}
          value={draft.kind}
          aria-invalid={invalid('kind')}
          aria-describedby={describedBy('kind')}
          onChange={(e) => update({ kind: e.target.value as OutcomeDraft['kind'] })}
        >
          <option value="">Choose…</option>
          {OUTCOME_KINDS.map((k) => (
            <option key={k} value={k}>
              {KIND_HELP[k] ?? k}
            </option>
          ))}
        </select>
        {fieldError('kind')}
      </div>

      <div className="field">
        <label htmlFor={fieldId('owner')}>New owner (for “reassigned”)</label>
        <select
          id={fieldId('owner')}
          value={draft.owner}
          aria-invalid={invalid('owner')}
          aria-describedby={describedBy('owner')}
          onChange={(e) => update({ owner: e.target.value })}
        >
          <option value="">None</option>
          {owners.map((o) => (
            <option key={o.id} value={o.id} disabled={o.current}>
              {o.label}
            </option>
          ))}
        </select>
        {fieldError('owner')}
      </div>

      <div className="field">
        <label htmlFor={fieldId('csat')}>Customer satisfaction (CSAT, optional)</label>
        <select
          id={fieldId('csat')}
          value={draft.csat}
          aria-invalid={invalid('csat')}
          aria-describedby={describedBy('csat')}
          onChange={(e) => update({ csat: e.target.value })}
        >
          <option value="">Not asked</option>
          {['1', '2', '3', '4', '5'].map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
        {fieldError('csat')}
      </div>

      <fieldset>
        <legend>Actions tried</legend>
        {draft.actions.map((a, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity but their position
          <div className="row" key={i}>
            <div className="field grow">
              <label htmlFor={fieldId(`actions.${i}.what`)}>Action {i + 1}: what was tried</label>
              <input
                id={fieldId(`actions.${i}.what`)}
                value={a.what}
                aria-invalid={invalid(`actions.${i}.what`)}
                aria-describedby={describedBy(`actions.${i}.what`)}
                onChange={(e) =>
                  update({ actions: replace(draft.actions, i, { ...a, what: e.target.value }) })
                }
              />
              {fieldError(`actions.${i}.what`)}
            </div>
            <div className="field">
              <label htmlFor={fieldId(`actions.${i}.result`)}>Action {i + 1}: result</label>
              <select
                id={fieldId(`actions.${i}.result`)}
                value={a.result}
                onChange={(e) =>
                  update({
                    actions: replace(draft.actions, i, { ...a, result: e.target.value as ActionResult }),
                  })
                }
              >
                {ACTION_RESULTS.map((r) => (
                  <option key={r} value={r}>
                    {r}
                  </option>
                ))}
              </select>
            </div>
            <button
              type="button"
              className="secondary"
              onClick={() => update({ actions: draft.actions.filter((_, k) => k !== i) })}
            >
              Remove action {i + 1}
            </button>
          </div>
        ))}
        <button
          type="button"
          className="secondary"
          onClick={() => update({ actions: [...draft.actions, { what: '', result: 'failed' }] })}
        >
          Add an action
        </button>
      </fieldset>

      <fieldset>
        <legend>Promises made to the customer</legend>
        {draft.promises.map((p, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity but their position
          <div className="row" key={i}>
            <div className="field grow">
              <label htmlFor={fieldId(`promises.${i}.text`)}>Promise {i + 1}: what was promised</label>
              <input
                id={fieldId(`promises.${i}.text`)}
                value={p.text}
                aria-invalid={invalid(`promises.${i}.text`)}
                aria-describedby={describedBy(`promises.${i}.text`)}
                onChange={(e) =>
                  update({ promises: replace(draft.promises, i, { ...p, text: e.target.value }) })
                }
              />
              {fieldError(`promises.${i}.text`)}
            </div>
            <div className="field">
              <label htmlFor={fieldId(`promises.${i}.dueAt`)}>Promise {i + 1}: due (your time)</label>
              <input
                id={fieldId(`promises.${i}.dueAt`)}
                type="datetime-local"
                value={p.due}
                aria-invalid={invalid(`promises.${i}.dueAt`)}
                aria-describedby={describedBy(`promises.${i}.dueAt`)}
                onChange={(e) =>
                  update({ promises: replace(draft.promises, i, { ...p, due: e.target.value }) })
                }
              />
              {fieldError(`promises.${i}.dueAt`)}
            </div>
            <button
              type="button"
              className="secondary"
              onClick={() => update({ promises: draft.promises.filter((_, k) => k !== i) })}
            >
              Remove promise {i + 1}
            </button>
          </div>
        ))}
        <button
          type="button"
          className="secondary"
          onClick={() => update({ promises: [...draft.promises, { text: '', due: '' }] })}
        >
          Add a promise
        </button>
      </fieldset>

      <div className="field">
        <label htmlFor={fieldId('note')}>Note (optional)</label>
        <textarea
          id={fieldId('note')}
          rows={3}
          value={draft.note}
          aria-invalid={invalid('note')}
          aria-describedby={describedBy('note')}
          onChange={(e) => update({ note: e.target.value })}
        />
        {fieldError('note')}
      </div>

      <button type="submit" disabled={sending}>
        {sending ? 'Recording…' : 'Record outcome'}
      </button>
    </form>
  );
}

function replace<T>(rows: readonly T[], index: number, row: T): T[] {
  return rows.map((r, i) => (i === index ? row : r));
}

/** Error links are buttons: a real #fragment link would change the hash route. */
function focusField(path: string) {
  document.getElementById(fieldId(path))?.focus();
}
