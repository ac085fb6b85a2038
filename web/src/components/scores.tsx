import type { ReasonView } from '../../../functions/core/inbox/views.ts';
import { signalLabel, signedWeight } from '../format.ts';

export function Scores({ frustration, viralRisk }: { frustration: number; viralRisk: number }) {
  return (
    <dl className="scores">
      <div>
        <dt>Frustration</dt>
        <dd>{frustration}</dd>
      </div>
      <div>
        <dt>Viral risk</dt>
        <dd>{viralRisk}</dd>
      </div>
    </dl>
  );
}

/** "+24 repeat contact history — 2 earlier contacts in the last 30 days". */
export function Reasons({ reasons, label }: { reasons: readonly ReasonView[]; label: string }) {
  if (reasons.length === 0) return <p className="muted">No reasons recorded.</p>;
  return (
    <ul className="reasons" aria-label={label}>
      {reasons.map((r) => (
        <li key={`${r.signal}:${r.detail}`}>
          <span className="weight">{signedWeight(r.weight)}</span>{' '}
          <span className="signal">{signalLabel(r.signal)}</span>
          <span className="detail">{r.detail}</span>
        </li>
      ))}
    </ul>
  );
}
