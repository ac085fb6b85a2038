import { type AlertNotice, alertNoticeSchema } from '../core/alerts/notice.ts';
import { RejectionError } from '../core/errors.ts';

/**
 * The alert notice in an SQS body from the alerts topic. The subscription uses raw message delivery, so in
 * AWS the body is the `sqs` member of the published MessageStructure document. Two other shapes are
 * unwrapped rather than rejected: the full document, which fauxqs (the local SNS) delivers because it does
 * not apply MessageStructure, and the SNS envelope a subscription without raw delivery would produce.
 */
export function noticeFromBody(body: string): AlertNotice {
  let json = parseJson(body, 'alert notice is not valid JSON');
  if (isObject(json) && json.Type === 'Notification' && typeof json.Message === 'string') {
    json = parseJson(json.Message, 'the SNS envelope carries no JSON message');
  }
  if (isObject(json) && typeof json.sqs === 'string' && typeof json.default === 'string') {
    json = parseJson(json.sqs, "the message structure's sqs member is not valid JSON");
  }
  const parsed = alertNoticeSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new RejectionError('invalid_notice', `notice field '${issue?.path.join('.')}': ${issue?.message}`);
  }
  return parsed.data;
}

function parseJson(text: string, reason: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new RejectionError('malformed_json', reason);
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
