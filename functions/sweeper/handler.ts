import { loadConfig, sweeperConfigSchema } from '../config.ts';
import { wireSweeper } from './wire.ts';

// Module scope: built once per cold start; EventBridge invokes it on a schedule.
const sweep = wireSweeper(loadConfig(sweeperConfigSchema, process.env));

export const handler = async (): Promise<{ escalated: number }> => ({ escalated: (await sweep()).length });
