import type { CaseListRow } from '../../../functions/core/inbox/views.ts';
import { plural } from '../format.ts';
import { caseHref, incidentHref } from '../router.ts';
import { Reasons, Scores } from './scores.tsx';
import { TierBadge } from './tier-badge.tsx';
import { TimeLeft } from './time-left.tsx';

interface Props {
  readonly row: CaseListRow;
  readonly now: number;
  readonly offsetMs: number;
  readonly isNew?: boolean;
}

/** One case in a list: enough to decide which to open first. */
export function CaseRow({ row, now, offsetMs, isNew = false }: Props) {
  const titleId = `case-${row.caseId}-title`;
  return (
    <li className={`case-row tier-edge-${row.tier}`}>
      <article aria-labelledby={titleId}>
        <header className="case-row-head">
          <h2 id={titleId}>
            <a href={caseHref(row.caseId)}>{row.customer}</a>
          </h2>
          <TierBadge tier={row.tier} />
          {isNew ? <span className="tag new">New</span> : null}
          {row.escalationLevel > 0 ? (
            <span className="tag escalated">Escalated {plural(row.escalationLevel, 'time')}</span>
          ) : null}
        </header>
        <Scores frustration={row.frustration} viralRisk={row.viralRisk} />
        <Reasons reasons={row.topReasons} label={`Top reasons for ${row.customer}`} />
        <dl className="facts">
          <div>
            <dt>Owner</dt>
            <dd>{row.owner ?? 'unassigned'}</dd>
          </div>
          <div>
            <dt>Reply</dt>
            <dd>
              {row.acknowledged ? 'acknowledged · ' : ''}
              <TimeLeft deadline={row.deadline} now={now} offsetMs={offsetMs} />
            </dd>
          </div>
          <div>
            <dt>Channels</dt>
            <dd>{row.channels.join(', ')}</dd>
          </div>
          <div>
            <dt>Contacts</dt>
            <dd>{row.contactCount}</dd>
          </div>
          {row.incidentId ? (
            <div>
              <dt>Incident</dt>
              <dd>
                <a href={incidentHref(row.incidentId)}>part of a spike</a>
              </dd>
            </div>
          ) : null}
        </dl>
      </article>
    </li>
  );
}
