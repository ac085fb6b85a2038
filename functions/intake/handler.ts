import { intakeConfigSchema, loadConfig } from '../config.ts';
import { wireIntake } from './wire.ts';

// Module scope: config, clients and logger are built once per cold start, not per invocation.
export const handler = wireIntake(loadConfig(intakeConfigSchema, process.env));
