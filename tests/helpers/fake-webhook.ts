import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A Slack-compatible incoming webhook on loopback: answers each POST with the next scripted status (200 once
 * the script is used up, `invalid_payload` as the error code of a 400) and keeps what it received.
 */
export class FakeWebhook {
  readonly posts: { status: number; body: unknown }[] = [];
  script: number[] = [];
  private server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => {
      body += chunk.toString();
    });
    req.on('end', () => {
      const status = this.script.shift() ?? 200;
      this.posts.push({ status, body: JSON.parse(body) });
      res.writeHead(status, { 'content-type': 'text/plain' }).end(status === 400 ? 'invalid_payload' : 'ok');
    });
  });

  async start(): Promise<string> {
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/services/T000/B000/XXXX`;
  }

  postsFor(caseId: string) {
    return this.posts.filter((p) => JSON.stringify(p.body).includes(caseId));
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}
