import type { Message } from '@aws-sdk/client-sqs';
import { REJECTION_ATTRIBUTES } from '../../functions/adapters/sqs/dead-letters.ts';

/**
 * One dead letter as `flashpoint dlq show` prints it. The body is customer personal data: it is
 * included only when asked for (`--body`).
 */
export interface DeadLetterView {
  readonly messageId: string;
  /** `rejected`: poison, moved at once with its reason. `retries_exhausted`: failed maxReceiveCount times. */
  readonly kind: 'rejected' | 'retries_exhausted';
  readonly rejectionCode: string | null;
  readonly rejectionReason: string | null;
  /** As SQS reports it: receives on the source queue, plus one for each look at the DLQ (this one included). */
  readonly receiveCount: number;
  readonly sentAt: string | null;
  readonly rejectedAt: string | null;
  /** The id the message had on its source queue, when it was rejected as poison. */
  readonly sourceMessageId: string | null;
  readonly body?: string;
}

export function deadLetterView(m: Message, includeBody: boolean): DeadLetterView {
  const attribute = (name: string) => m.MessageAttributes?.[name]?.StringValue ?? null;
  const code = attribute(REJECTION_ATTRIBUTES.code);
  const sent = Number(m.Attributes?.SentTimestamp);
  return {
    messageId: m.MessageId ?? '',
    kind: code ? 'rejected' : 'retries_exhausted',
    rejectionCode: code,
    rejectionReason: attribute(REJECTION_ATTRIBUTES.reason),
    receiveCount: Number(m.Attributes?.ApproximateReceiveCount ?? 0),
    sentAt: Number.isFinite(sent) && sent > 0 ? new Date(sent).toISOString() : null,
    rejectedAt: attribute(REJECTION_ATTRIBUTES.rejectedAt),
    sourceMessageId: attribute(REJECTION_ATTRIBUTES.sourceMessageId),
    ...(includeBody ? { body: m.Body ?? '' } : {}),
  };
}

/** Aligned columns, newest last; the reason last because it is the long one. */
export function formatDeadLetters(views: readonly DeadLetterView[]): string {
  const header = ['message id', 'code', 'receives', 'sent', 'reason'];
  const rows = views.map((v) => [
    v.messageId,
    v.rejectionCode ?? 'retries_exhausted',
    String(v.receiveCount),
    v.sentAt ?? '-',
    v.rejectionReason ?? 'no reason recorded: failed on every receive until SQS dead-lettered it',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]?.length ?? 0)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  const lines = [line(header), ...rows.map(line)];
  for (const v of views) if (v.body !== undefined) lines.push(`\n--- body of ${v.messageId} ---\n${v.body}`);
  return lines.join('\n');
}
