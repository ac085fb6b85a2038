import { GetObjectCommand, type GetObjectCommandOutput, S3Client } from '@aws-sdk/client-s3';
import type { RawMailFetch, RawMailLocation, RawMailStore } from '../../core/channels/raw-mail.ts';

export interface S3Settings {
  readonly region: string;
  /** Local stack only (fauxqs's S3); unset in AWS. */
  readonly endpoint?: string | undefined;
}

/** Local servers accept any credentials; in AWS the default provider chain (the Lambda role) is used. */
const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

export function createS3Client(s: S3Settings): S3Client {
  return new S3Client({
    region: s.region,
    // fauxqs serves S3 on its one endpoint; path-style keeps bucket names out of the host name.
    ...(s.endpoint ? { endpoint: s.endpoint, forcePathStyle: true, credentials: LOCAL_CREDENTIALS } : {}),
  });
}

function isNotFound(error: unknown): boolean {
  const name = (error as { name?: unknown }).name;
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  return name === 'NoSuchKey' || name === 'NotFound' || status === 404;
}

/** The raw mail SES stored; throttles, 5xx and access errors are thrown for SQS to retry. */
export class S3RawMailStore implements RawMailStore {
  constructor(private readonly s3: S3Client) {}

  async get(location: RawMailLocation, maxBytes: number): Promise<RawMailFetch> {
    let output: GetObjectCommandOutput;
    try {
      output = await this.s3.send(new GetObjectCommand({ Bucket: location.bucket, Key: location.key }));
    } catch (error) {
      if (isNotFound(error)) return { status: 'missing' };
      throw error;
    }
    const body = output.Body;
    if (!body) return { status: 'missing' };
    // Refused before the body is read: a 40 MB mail (SES's cap) never reaches memory.
    if (output.ContentLength !== undefined && output.ContentLength > maxBytes) {
      // Node's body is a stream: destroying it closes the connection instead of draining 40 MB.
      if ('destroy' in body && typeof body.destroy === 'function') body.destroy();
      return { status: 'too_large', bytes: output.ContentLength };
    }
    const bytes = await body.transformToByteArray();
    if (bytes.length > maxBytes) return { status: 'too_large', bytes: bytes.length };
    return { status: 'found', bytes };
  }
}
