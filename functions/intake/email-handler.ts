import { intakeConfigSchema, loadConfig } from '../config.ts';
import { emailIntakeAdapter } from './email-adapter.ts';
import { wireChannelIntake } from './wire-channel.ts';

// Module scope: config, clients and logger are built once per cold start, not per invocation.
// The email intake's own entry: the MIME parser and the S3 client are bundled here and nowhere else.
const config = loadConfig(intakeConfigSchema, process.env);
export const handler = wireChannelIntake(config, emailIntakeAdapter(config));
