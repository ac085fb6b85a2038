import { type FormEvent, useEffect, useState } from 'react';
import type { CaseDetail, OutcomeResponse, PromiseView } from '../../../functions/core/inbox/views.ts';
import { useApp } from '../app-context.ts';
import { CopyButton } from '../components/copy-button.tsx';
import { ErrorNotice } from '../components/error-notice.tsx';
import { OutcomeForm } from '../components/outcome-form.tsx';
import { Reasons, Scores } from '../components/scores.tsx';
import { TierBadge } from '../components/tier-badge.tsx';
import { TimeLeft } from '../components/time-left.tsx';
import { ago, clockOffset, signalLabel, when } from '../format.ts';
import { useNow, usePoll } from '../hooks.ts';
import { ownerChoices } from '../owner-choices.ts';
import { hrefFor, incidentHref } from '../router.ts';

/** A case changes less often than the list; its page still picks up new messages on its own. */
const CASE_POLL_MS = 8000;

export function CasePage({ caseId }: { caseId: string }) {
  const { api } = useApp();
  const detail = usePoll(`case:${caseId}`, (signal) => api.getCase(caseId, signal), CASE_POLL_MS);
  const c = detail.data;

  useEffect(() => {
    document.title = c ? `${c.customer} (${c.tier}) · Flashpoint inbox` : 'Case · Flashpoint inbox';
  }, [c]);

  return (
    <>
      <p className="back">
        <a href={hrefFor({ page: 'inbox', filter: {} })}>← All open cases</a>
      </p>
      <h1 tabIndex={-1}>
        {c ? (
          <>
            {c.customer} <TierBadge tier={c.tier} />
          </>
        ) : (
          'Case'
        )}
      </h1>
      <ErrorNotice error={detail.error} action="Loading the case" />
      {c ? <CaseBody c={c} loadedAt={detail.loadedAt ?? Date.now()} refresh={detail.refresh} /> : null}
      {!c && !detail.error ? <p aria-busy="true">Loading the case…</p> : null}
    </>
  );
}

function CaseBody({ c, loadedAt, refresh }: { c: CaseDetail; loadedAt: number; refresh: () => void }) {
  const now = useNow(15_000);
  const offsetMs = clockOffset(c.generatedAt, loadedAt);
  const [recorded, setRecorded] = useState<OutcomeResponse>();
  const serverNow = now + offsetMs;

  return (
    <>
      <div className="case-summary">
        <Scores frustration={c.frustration} viralRisk={c.viralRisk} />
        <p>
          {c.status === 'open' ? 'Open' : `Closed${c.closedAs ? ` as ${c.closedAs}` : ''}`}
          {c.closedAt ? ` ${ago(c.closedAt, serverNow)}` : ''} · contact #{c.contactsSoFar} from this customer
          · opened {ago(c.openedAt, serverNow)}
          {c.incidentId ? (
            <>
              {' · '}
              <a href={incidentHref(c.incidentId)}>part of a spike incident</a>
            </>
          ) : null}
          {c.wentPublic ? ' · went public' : ''}
        </p>
        <p>
          Owner <strong>{c.owner ?? 'unassigned'}</strong> · deadline:{' '}
          <TimeLeft deadline={c.deadline} now={now} offsetMs={offsetMs} />
          {c.acknowledged ? ' · acknowledged' : ''}
        </p>
      </div>
      {recorded ? (
        <div className="notice success" role="status">
          Outcome recorded.{' '}
          {recorded.closed ? 'The case is closed and has left the open list.' : 'The case stays open.'}
        </div>
      ) : null}

      <div className="case-grid">
        <div className="brief">
          <section aria-labelledby="latest-title">
            <h2 id="latest-title">Latest message</h2>
            <p className="muted">
              {c.latestMessage.channel} ·{' '}
              <time dateTime={c.latestMessage.receivedAt}>{when(c.latestMessage.receivedAt)}</time>
              {c.latestMessage.subject ? ` · “${c.latestMessage.subject}”` : ''}
            </p>
            <blockquote className="message">{c.latestMessage.text}</blockquote>
          </section>

          <section aria-labelledby="why-title">
            <h2 id="why-title">Why it is heated</h2>
            <Reasons reasons={c.whyHeated} label="Reasons, largest first" />
          </section>

          <section aria-labelledby="opening-title">
            <h2 id="opening-title">Suggested opening</h2>
            <p className="opening" id="suggested-opening">
              {c.suggestedOpening}
            </p>
            <CopyButton text={c.suggestedOpening} label="Copy the opening" />
          </section>

          <section aria-labelledby="promises-title">
            <h2 id="promises-title">Promises</h2>
            <PromiseList
              title="Broken (past due, not kept)"
              promises={c.promises.broken}
              serverNow={serverNow}
            />
            <PromiseList title="Open" promises={c.promises.open} serverNow={serverNow} />
          </section>

          <section aria-labelledby="tried-title">
            <h2 id="tried-title">What was tried</h2>
            {c.alreadyTried.length === 0 ? (
              <p className="muted">Nothing recorded yet.</p>
            ) : (
              <ul className="tried">
                {c.alreadyTried.map((t) => (
                  <li key={`${t.at}:${t.what}`}>
                    <time dateTime={t.at}>{when(t.at)}</time> {t.what}
                    {t.result ? <span className={`result result-${t.result}`}> — {t.result}</span> : null}
                    {t.by ? <span className="muted"> (recorded by {t.by})</span> : null}
                  </li>
                ))}
              </ul>
            )}
          </section>

          <section aria-labelledby="timeline-title">
            <h2 id="timeline-title">Timeline across channels</h2>
            <ol className="timeline" aria-label="Contacts, newest first">
              {c.timeline.map((t) => (
                <li key={`${t.at}:${t.channel}:${t.excerpt}`}>
                  <p className="timeline-meta">
                    <time dateTime={t.at}>{when(t.at)}</time> · {t.channel} · <TierBadge tier={t.tier} /> ·
                    frustration {t.frustration}
                    {t.latest ? ' · latest' : ''}
                  </p>
                  <p className="excerpt">{t.excerpt}</p>
                </li>
              ))}
            </ol>
          </section>

          <section aria-labelledby="outcomes-title">
            <h2 id="outcomes-title">Outcomes recorded</h2>
            {c.outcomes.length === 0 ? (
              <p className="muted">None yet.</p>
            ) : (
              <ul className="outcomes">
                {c.outcomes.map((o) => (
                  <li key={o.outcomeId}>
                    <time dateTime={o.recordedAt}>{when(o.recordedAt)}</time>{' '}
                    <strong>{signalLabel(o.kind)}</strong> by {o.by}
                    {o.owner ? ` → ${o.owner}` : ''}
                    {o.csat !== undefined ? ` · CSAT ${o.csat}` : ''}
                    {o.note ? <span className="note"> · {o.note}</span> : null}
                  </li>
                ))}
              </ul>
            )}
          </section>
        </div>

        <section className="actions" aria-labelledby="owner-title">
          <h2 id="owner-title">Owner and deadline</h2>
          <dl className="facts">
            <div>
              <dt>Owner</dt>
              <dd>{c.owner ?? 'unassigned'}</dd>
            </div>
            <div>
              <dt>Reply by</dt>
              <dd>
                <time dateTime={c.deadline}>{when(c.deadline)}</time> (
                <TimeLeft deadline={c.deadline} now={now} offsetMs={offsetMs} />)
              </dd>
            </div>
            <div>
              <dt>Escalations</dt>
              <dd>{c.escalationLevel}</dd>
            </div>
          </dl>
          {c.status === 'open' ? (
            <CaseActions
              c={c}
              serverNow={serverNow}
              onChanged={refresh}
              onRecorded={(r) => {
                setRecorded(r);
                refresh();
              }}
            />
          ) : (
            <p>This case is closed; the customer’s next message opens a new one.</p>
          )}
        </section>
      </div>
    </>
  );
}

function PromiseList(props: { title: string; promises: readonly PromiseView[]; serverNow: number }) {
  return (
    <>
      <h3>{props.title}</h3>
      {props.promises.length === 0 ? (
        <p className="muted">None.</p>
      ) : (
        <ul className="promises">
          {props.promises.map((p) => (
            <li key={p.promiseId}>
              {p.text} — due <time dateTime={p.dueAt}>{when(p.dueAt)}</time>{' '}
              <span className="muted">
                (
                {p.source === 'customer_report'
                  ? 'as the customer reports it'
                  : `made by ${p.source === 'staff' ? 'staff' : 'an agent'}`}{' '}
                {ago(p.madeAt, props.serverNow)})
              </span>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

interface ActionsProps {
  readonly c: CaseDetail;
  readonly serverNow: number;
  readonly onChanged: () => void;
  readonly onRecorded: (r: OutcomeResponse) => void;
}

function CaseActions({ c, serverNow, onChanged, onRecorded }: ActionsProps) {
  const { api, owners, staff, staffError } = useApp();
  const [ackError, setAckError] = useState<unknown>();
  const [acking, setAcking] = useState(false);
  const [newOwner, setNewOwner] = useState('');
  const [reassign, setReassign] = useState<{ error?: unknown; done?: string; invalid?: string }>({});
  const choices = ownerChoices(staff, owners, c.owner);

  async function acknowledge() {
    setAcking(true);
    setAckError(undefined);
    try {
      await api.acknowledge(c.caseId);
      onChanged();
    } catch (error) {
      setAckError(error);
    } finally {
      setAcking(false);
    }
  }

  async function submitReassign(event: FormEvent) {
    event.preventDefault();
    if (newOwner === '') {
      setReassign({ invalid: 'owner: choose the new owner' });
      return;
    }
    try {
      const r = await api.reassign(c.caseId, newOwner);
      setReassign({ done: r.changed ? `Reassigned to ${r.owner}.` : `${r.owner} already owns this case.` });
      setNewOwner('');
      onChanged();
    } catch (error) {
      setReassign({ error });
    }
  }

  return (
    <>
      <h3>Acknowledge</h3>
      {c.acknowledged && c.acknowledgedAt ? (
        <p>
          Acknowledged <time dateTime={c.acknowledgedAt}>{ago(c.acknowledgedAt, serverNow)}</time>: the
          sweeper will not escalate it.
        </p>
      ) : (
        <p>
          <button type="button" onClick={acknowledge} disabled={acking}>
            {acking ? 'Acknowledging…' : 'Acknowledge'}
          </button>{' '}
          <span className="muted">Tells the team you have it; stops escalation past the deadline.</span>
        </p>
      )}
      <ErrorNotice error={ackError} action="Acknowledging" />

      <form className="reassign" onSubmit={submitReassign} noValidate aria-labelledby="reassign-title">
        <h3 id="reassign-title">Reassign</h3>
        <div className="field">
          <label htmlFor="reassign-owner">New owner</label>
          <select
            id="reassign-owner"
            value={newOwner}
            aria-invalid={reassign.invalid ? true : undefined}
            aria-describedby={reassign.invalid ? 'reassign-owner-error' : undefined}
            onChange={(e) => setNewOwner(e.target.value)}
          >
            <option value="">Choose…</option>
            {choices.map((o) => (
              <option key={o.id} value={o.id} disabled={o.current}>
                {o.label}
              </option>
            ))}
          </select>
          {reassign.invalid ? (
            <p className="field-error" id="reassign-owner-error">
              {reassign.invalid}
            </p>
          ) : null}
        </div>
        {/* The owners seen on open cases stand in for the roster; say so rather than look complete. */}
        <ErrorNotice error={staff ? undefined : staffError} action="Loading the staff list" />
        <button type="submit">Reassign</button>
        {reassign.done ? (
          <p role="status" className="notice success">
            {reassign.done}
          </p>
        ) : null}
        <ErrorNotice error={reassign.error} action="Reassigning" />
      </form>

      <OutcomeForm api={api} caseId={c.caseId} owners={choices} onRecorded={onRecorded} />
    </>
  );
}
