import { createS3Client, S3RawMailStore } from '../adapters/s3/raw-mail-store.ts';
import type { IntakeConfig } from '../config.ts';
import type { ChannelAdapter } from '../core/channels/adapter.ts';
import { createEmailAdapter } from '../core/channels/email.ts';
import type { RawMailSource } from '../core/channels/raw-mail.ts';

/** The S3 client exists only on the email intake, and only when SES receiving is configured. */
function rawMailSource(config: IntakeConfig): RawMailSource | undefined {
  const bucket = config.RAW_MAIL_BUCKET;
  if (!bucket) return undefined;
  const s3 = createS3Client({ region: config.AWS_REGION, endpoint: config.FLASHPOINT_S3_ENDPOINT });
  return { store: new S3RawMailStore(s3), bucket };
}

/** The email intake's adapter: raw mail, JSON mail, and SES notifications (the mail read from S3). */
export function emailIntakeAdapter(config: IntakeConfig): ChannelAdapter {
  return createEmailAdapter({ rawMail: rawMailSource(config) });
}
