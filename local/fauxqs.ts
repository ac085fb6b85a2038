import { startFauxqs } from 'fauxqs';
import type { RunningServer } from './dynamodb-local.ts';
import { assertPortFree } from './ports.ts';

/** Starts fauxqs (an SQS-compatible server) in this process; port 0 lets the OS pick one. */
export async function startLocalSqs(port: number, portVariable: string): Promise<RunningServer> {
  if (port !== 0) await assertPortFree(port, portVariable);
  const server = await startFauxqs({ port, logger: false });
  return {
    endpoint: `http://127.0.0.1:${server.port}`,
    stop: () => server.stop(),
  };
}
