import { useEffect } from 'react';
import { INCIDENT_CASES_SHOWN, type IncidentSummary } from '../../../functions/core/inbox/views.ts';
import { useApp } from '../app-context.ts';
import { CaseRow } from '../components/case-row.tsx';
import { ErrorNotice } from '../components/error-notice.tsx';
import { TierBadge } from '../components/tier-badge.tsx';
import { ago, clockOffset, plural, when } from '../format.ts';
import { useNow, usePoll } from '../hooks.ts';
import { hottestFirst } from '../inbox-state.ts';
import { caseHref, hrefFor, incidentHref } from '../router.ts';

export function IncidentsPage() {
  const { api } = useApp();
  const incidents = usePoll('incidents', (signal) => api.listIncidents(signal));
  const now = useNow(15_000);
  const data = incidents.data;
  const serverNow =
    now + (data && incidents.loadedAt ? clockOffset(data.generatedAt, incidents.loadedAt) : 0);
  return (
    <>
      <h1 tabIndex={-1}>Incidents</h1>
      <p className="muted">
        Brand-wide spikes: one topic mentioned far more than usual within minutes. Each alerts once; its cases
        are listed with it. Refreshes by itself.
      </p>
      <ErrorNotice error={incidents.error} action="Loading incidents" />
      {data === undefined ? (
        incidents.error ? null : (
          <p aria-busy="true">Loading incidents…</p>
        )
      ) : data.incidents.length === 0 ? (
        <p className="empty">No incident with open cases. Nothing is spiking.</p>
      ) : (
        <ul className="incident-list" aria-label="Incidents, most recent first">
          {data.incidents.map((incident) => (
            <li key={incident.incidentId}>
              <IncidentCard incident={incident} serverNow={serverNow} headingLevel={2} link />
            </li>
          ))}
        </ul>
      )}
      {data && !data.complete ? (
        <p className="muted">
          So many cases are open that only the most recently decided were read: an older incident may be
          missing here, and a count with “+” means at least that many.
        </p>
      ) : null}
    </>
  );
}

export function IncidentPage({ incidentId }: { incidentId: string }) {
  const { api } = useApp();
  const incident = usePoll(`incident:${incidentId}`, (signal) => api.getIncident(incidentId, signal));
  const now = useNow(15_000);
  const data = incident.data;
  const offsetMs = data && incident.loadedAt ? clockOffset(data.generatedAt, incident.loadedAt) : 0;
  useEffect(() => {
    document.title = data
      ? `Spike about the ${data.label} · Flashpoint inbox`
      : 'Incident · Flashpoint inbox';
  }, [data]);
  return (
    <>
      <p className="back">
        <a href={hrefFor({ page: 'incidents' })}>← All incidents</a>
      </p>
      <h1 tabIndex={-1}>{data ? `Spike about the ${data.label}` : 'Incident'}</h1>
      <ErrorNotice error={incident.error} action="Loading the incident" />
      {data ? (
        <>
          <IncidentCard incident={data} serverNow={now + offsetMs} headingLevel={2} link={false} />
          <h2>Its open cases</h2>
          {data.cases.length < data.openCases || data.openCasesMore ? (
            <p className="muted">
              The hottest {data.cases.length} of its {openCasesText(data)} are listed; the others are in the{' '}
              <a href={hrefFor({ page: 'inbox', filter: {} })}>inbox</a>, hot and critical.
            </p>
          ) : null}
          {data.cases.length === 0 ? (
            <p className="empty">All of its cases are closed.</p>
          ) : (
            <ol className="case-list" aria-label="Open cases of this incident, hottest first">
              {hottestFirst(data.cases).map((row) => (
                <CaseRow key={row.caseId} row={row} now={now} offsetMs={offsetMs} />
              ))}
            </ol>
          )}
        </>
      ) : incident.error ? null : (
        <p aria-busy="true">Loading the incident…</p>
      )}
    </>
  );
}

/** "3 open cases", or "100+ open cases" when the count is capped or a lower bound. */
function openCasesText(i: IncidentSummary): string {
  return i.openCasesMore ? `${i.openCases}+ open cases` : plural(i.openCases, 'open case');
}

interface CardProps {
  readonly incident: IncidentSummary;
  readonly serverNow: number;
  readonly headingLevel: 2 | 3;
  /** Link the heading to the incident's page (the list), or not (the page itself). */
  readonly link: boolean;
}

function IncidentCard({ incident: i, serverNow, headingLevel, link }: CardProps) {
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  const titleId = `incident-${i.incidentId}-title`;
  const title = `Spike about the ${i.label}`;
  return (
    <article className="incident" aria-labelledby={link ? titleId : undefined}>
      {link ? (
        <Heading id={titleId}>
          <a href={incidentHref(i.incidentId)}>{title}</a>
        </Heading>
      ) : null}
      <p className="spike-figures">
        <strong>{i.mentions}</strong> mentions in the window where the baseline expected {i.expected} ·{' '}
        <strong>{openCasesText(i)}</strong> · {plural(i.linkedContacts, 'linked message')}
      </p>
      <p className="muted">
        Window <time dateTime={i.windowStart}>{when(i.windowStart)}</time> –{' '}
        <time dateTime={i.windowEnd}>{when(i.windowEnd)}</time> · opened {ago(i.openedAt, serverNow)} · topic
        “{i.topic}”{i.alertedAt ? ' · alert sent' : ' · alert pending'}
      </p>
      {i.topTerms.length > 0 ? (
        <p>
          Words most mentions share:{' '}
          {i.topTerms.map((t, k) => (
            <span key={t}>
              {k > 0 ? ', ' : ''}
              <span className="term">{t}</span>
            </span>
          ))}
        </p>
      ) : null}
      {i.examples.length > 0 ? (
        <>
          <p className="examples-title">Example messages</p>
          <ul className="examples">
            {i.examples.map((e) => (
              <li key={e.caseId}>
                <p className="timeline-meta">
                  <a href={caseHref(e.caseId)}>{e.customer}</a> · {e.channel} · <TierBadge tier={e.tier} /> ·{' '}
                  {ago(e.receivedAt, serverNow)}
                </p>
                <blockquote className="excerpt">{e.excerpt}</blockquote>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {link ? (
        <p>
          <a href={incidentHref(i.incidentId)}>
            {i.openCasesMore || i.openCases > INCIDENT_CASES_SHOWN
              ? `The hottest ${INCIDENT_CASES_SHOWN} of its ${openCasesText(i)}`
              : `All ${plural(i.openCases, 'open case')} of this incident`}
          </a>
        </p>
      ) : null}
    </article>
  );
}
