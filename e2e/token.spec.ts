// The editor's token goes only to the server it was issued with: a page opened with another
// `?nats=ws://127.0.0.1:<port>` (a fake NATS WebSocket server here) gets a CONNECT without it.
import { test, expect } from '@playwright/test';
import { WebSocketServer } from 'ws';
import type { AddressInfo } from 'node:net';

test('the stored token is not sent to another server named in ?nats=', async ({ page }) => {
  const editorUrl = process.env.F8_EDITOR_URL as string;
  const token = decodeURIComponent(/#token=([^&]+)/.exec(editorUrl)?.[1] ?? '');
  expect(token.length).toBeGreaterThan(8);
  const connects: string[] = [];
  const fake = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  fake.on('connection', (ws) => {
    ws.send(Buffer.from('INFO {"server_id":"FAKE","server_name":"fake","version":"2.9.10","proto":1,"max_payload":1048576,"headers":true}\r\n'));
    ws.on('message', (data: Buffer) => {
      for (const line of data.toString().split('\r\n')) if (line.startsWith('CONNECT ')) connects.push(line);
      if (data.toString().includes('PING')) ws.send(Buffer.from('PONG\r\n'));
    });
  });
  await new Promise((r) => fake.once('listening', r));
  const fakeUrl = `ws://127.0.0.1:${(fake.address() as AddressInfo).port}`;
  try {
    // the real EDITOR_URL first: the token is stored for that server
    await page.goto(editorUrl);
    await expect(page.getByTestId('connection')).toContainText('connected');
    // then the same page with another server named
    await page.goto(`${new URL(editorUrl).origin}/?nats=${encodeURIComponent(fakeUrl)}`);
    await expect.poll(() => connects.length, { timeout: 15_000 }).toBeGreaterThan(0);
    for (const c of connects) {
      expect(c).not.toContain(token);
      expect(JSON.parse(c.slice('CONNECT '.length)) as Record<string, unknown>).not.toHaveProperty('pass');
    }
  } finally {
    await page.close();
    for (const c of fake.clients) c.terminate();
    await new Promise((r) => fake.close(r));
  }
});
