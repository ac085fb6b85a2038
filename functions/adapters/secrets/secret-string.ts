import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

export function createSecretsClient(region: string): SecretsManagerClient {
  return new SecretsManagerClient({ region });
}

/**
 * A secret's string value, fetched once per container and then reused for `maxAgeMs` (5 minutes by
 * default), so a rotated value takes effect without a redeploy while a busy function makes a few
 * GetSecretValue calls an hour, not one per message. A failed fetch is not cached.
 */
export function cachedSecretString(
  client: Pick<SecretsManagerClient, 'send'>,
  secretId: string,
  maxAgeMs = 5 * 60_000,
  now: () => number = Date.now,
): () => Promise<string> {
  let cached: { value: Promise<string>; until: number } | undefined;
  return () => {
    if (cached && now() < cached.until) return cached.value;
    const value = client.send(new GetSecretValueCommand({ SecretId: secretId })).then((out) => {
      if (!out.SecretString) throw new Error(`secret ${secretId} has no string value`);
      return out.SecretString.trim();
    });
    const entry = { value, until: now() + maxAgeMs };
    cached = entry;
    value.catch(() => {
      if (cached === entry) cached = undefined;
    });
    return value;
  };
}
