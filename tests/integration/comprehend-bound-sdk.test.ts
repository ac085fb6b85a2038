import { BatchDetectSentimentCommand, ComprehendClient } from '@aws-sdk/client-comprehend';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { textModelFor } from '../../functions/shared/text-model.ts';
import { type ComprehendServer, startComprehendServer } from '../helpers/comprehend-server.ts';

/**
 * The triage Lambda entry hands the text model a statically imported Comprehend SDK (so that esbuild
 * tree-shakes it) instead of the dynamic import used unbundled. Both paths must reach Comprehend alike;
 * this one must really be the one used.
 */

let server: ComprehendServer;

beforeAll(async () => {
  server = await startComprehendServer();
});

afterAll(async () => {
  await server?.stop();
});

describe('Comprehend with the SDK bound by the Lambda entry', () => {
  it('builds the client and the command from the given classes and gets Comprehend scores', async () => {
    // Prepare
    let loads = 0;
    const model = textModelFor({
      mode: 'comprehend',
      region: 'us-east-1',
      comprehendEndpoint: server.endpoint,
      timeoutMs: 5_000,
      comprehendSdk: async () => {
        loads += 1;
        return { BatchDetectSentimentCommand, ComprehendClient };
      },
    });

    // Act
    const scores = await model.scoreBatch(['My parcel never arrived and nobody answers.'], 'en');

    // Assess: the client (once) and the command both came from the bound SDK.
    expect(loads).toBe(2);
    expect(server.requests.map((r) => r.target)).toEqual(['Comprehend_20171127.BatchDetectSentiment']);
    expect(scores).toEqual([{ negative: 0.625, model: 'comprehend', units: 3 }]);
  });
});
