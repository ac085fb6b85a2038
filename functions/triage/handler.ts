import { BatchDetectSentimentCommand, ComprehendClient } from '@aws-sdk/client-comprehend';
import { loadConfig, triageConfigSchema } from '../config.ts';
import { wireTriage } from './wire.ts';

/**
 * Imported statically, not on first use as elsewhere: esbuild tree-shakes a static import down to these
 * two classes (~14 KB) but keeps all of a dynamically imported package (~90 KB). Evaluating them costs
 * the cold start nothing measurable; the client itself is still only built when a mode needs it.
 */
const comprehendSdk = async () => ({ BatchDetectSentimentCommand, ComprehendClient });

// Module scope: config, clients, the text model and the logger are built once per cold start.
export const handler = wireTriage(loadConfig(triageConfigSchema, process.env), { comprehendSdk });
