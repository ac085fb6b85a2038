import { loadConfig, triageConfigSchema } from '../config.ts';
import { wireTriage } from './wire.ts';

// Module scope: config, clients, the text model and the logger are built once per cold start.
export const handler = wireTriage(loadConfig(triageConfigSchema, process.env));
