import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { createS3Client } from '../../functions/adapters/s3/raw-mail-store.ts';
import { createSqsClient } from '../../functions/shared/clients.ts';
import { intakeQueueFor } from '../../infra/resources.ts';
import { assertPortFree } from '../ports.ts';
import type { LocalQueues } from '../provision.ts';
import { startHttpIntake } from './server.ts';

/** Where the local "SES" stores raw mail: a bucket on fauxqs's S3, as the email-ingress construct creates one. */
export const LOCAL_RAW_MAIL_BUCKET = 'flashpoint-raw-mail';
export const DEFAULT_HTTP_PORT = 8787;

export interface LocalIntakeEdgeOptions {
  readonly region: string;
  /** fauxqs serves SQS and S3 on this one endpoint. */
  readonly awsEndpoint: string;
  readonly queues: LocalQueues;
  /** 0 picks a free port. */
  readonly httpPort: number;
  readonly apiKey?: string | undefined;
}

export interface LocalIntakeEdge {
  /** `http://127.0.0.1:<port>`: POST /v1/email|chat|social */
  readonly endpoint: string;
  readonly rawMailBucket: string;
  stop(): Promise<void>;
}

/** What sits in front of the intake queues locally: the HTTP intake server and the raw-mail bucket. */
export async function startLocalIntakeEdge(o: LocalIntakeEdgeOptions): Promise<LocalIntakeEdge> {
  if (o.httpPort !== 0) await assertPortFree(o.httpPort, 'FLASHPOINT_HTTP_PORT');
  const s3 = createS3Client({ region: o.region, endpoint: o.awsEndpoint });
  try {
    await s3.send(new CreateBucketCommand({ Bucket: LOCAL_RAW_MAIL_BUCKET }));
  } finally {
    s3.destroy();
  }

  const sqs = createSqsClient({ region: o.region, sqsEndpoint: o.awsEndpoint });
  const http = await startHttpIntake({
    port: o.httpPort,
    apiKey: o.apiKey,
    // The local stack points console at the handler log file; only the error's name, never the body.
    onSendError: (channel, error) =>
      console.error(`http intake: ${channel} send failed (${(error as Error).name})`),
    async send(channel, body) {
      const { MessageId } = await sqs.send(
        new SendMessageCommand({ QueueUrl: o.queues[intakeQueueFor[channel]].url, MessageBody: body }),
      );
      if (!MessageId) throw new Error('SQS returned no message id');
      return MessageId;
    },
  });
  return {
    endpoint: http.endpoint,
    rawMailBucket: LOCAL_RAW_MAIL_BUCKET,
    async stop() {
      await http.stop();
      sqs.destroy();
    },
  };
}
