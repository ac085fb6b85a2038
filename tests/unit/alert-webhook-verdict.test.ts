import { describe, expect, it } from 'vitest';
import { webhookVerdict } from '../../functions/core/alerts/webhook-verdict.ts';
import { RejectionError, RetryableError } from '../../functions/core/errors.ts';

function verdictOf(status: number, detail = ''): string {
  try {
    return webhookVerdict({ status, detail });
  } catch (error) {
    if (error instanceof RejectionError) return `poison:${error.code}`;
    if (error instanceof RetryableError) return 'retry';
    throw error;
  }
}

describe('webhook verdict', () => {
  it.each([
    [200, 'delivered'],
    [204, 'delivered'],
    [408, 'retry'],
    [425, 'retry'],
    [429, 'retry'],
    [500, 'retry'],
    [502, 'retry'],
    [503, 'retry'],
    [400, 'poison:webhook_rejected'],
    [403, 'poison:webhook_rejected'],
    [404, 'poison:webhook_rejected'],
    [410, 'poison:webhook_rejected'],
    [301, 'poison:webhook_redirected'],
    [302, 'poison:webhook_redirected'],
    [101, 'retry'],
  ])('answers %i with %s', (status, expected) => {
    expect(verdictOf(status)).toBe(expected);
  });

  it("puts the status and the service's own error code in the DLQ reason", () => {
    expect(() => webhookVerdict({ status: 410, detail: 'channel_is_archived' })).toThrow(
      new RejectionError(
        'webhook_rejected',
        'webhook answered 410 (channel_is_archived): check the webhook address and that its channel still exists, then redrive',
      ),
    );
  });
});
