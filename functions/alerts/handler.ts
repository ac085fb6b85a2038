import { alertDeliveryConfigSchema, loadConfig } from '../config.ts';
import { wireAlertDelivery } from './wire.ts';

// Module scope: config, clients and the cached secret are built once per cold start, not per invocation.
export const handler = wireAlertDelivery(loadConfig(alertDeliveryConfigSchema, process.env));
