import { timeLeft, when } from '../format.ts';

/** The deadline and the time left on the server's clock (`offsetMs` = server minus this browser). */
export function TimeLeft({ deadline, now, offsetMs }: { deadline: string; now: number; offsetMs: number }) {
  const left = timeLeft(deadline, now + offsetMs);
  return (
    <span className={left.overdue ? 'time-left overdue' : 'time-left'}>
      <time dateTime={deadline} title={when(deadline)}>
        {left.overdue ? '⚠ ' : ''}
        {left.text}
      </time>
    </span>
  );
}
