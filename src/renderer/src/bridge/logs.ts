// An instance's log for the Logs panel: the `logs` verb gives the backlog, then the lines the
// master publishes on f8.master.logs.<id> follow live. Lines that arrive while the backlog is
// on its way are kept and added after it (without the ones the backlog already holds).
import type { NatsConnection } from '@nats-io/nats-core';
import { NatsTransport, type MasterClient } from '../../../bus/index';
import { subjects } from '../../../shared/naming';
import type { Disposable } from '../../../shared/disposable';
import type { Keyed, LogBuffer, LogEntry } from '../store/streams';

const dec = new TextDecoder();

function parseLine(data: Uint8Array): LogEntry | null {
  try {
    const v = JSON.parse(dec.decode(data)) as Partial<LogEntry>;
    return typeof v.text === 'string' ? { ts: typeof v.ts === 'number' ? v.ts : Date.now(), stream: typeof v.stream === 'string' ? v.stream : 'stdout', text: v.text } : null;
  } catch {
    return null;
  }
}

export function followLogs(nc: NatsConnection, master: MasterClient, logs: Keyed<LogBuffer>, instanceId: string, backlog = 5000): Disposable {
  const book = logs.get(instanceId);
  let pending: LogEntry[] | null = [];
  let queued: LogEntry[] = [];
  let timer: ReturnType<typeof setTimeout> | null = null;
  const flush = () => {
    timer = null;
    book.append(queued);
    queued = [];
  };
  const sub = new NatsTransport(nc).subscribe(subjects.masterLogs(instanceId), (data) => {
    const line = parseLine(data);
    if (!line) return;
    if (pending) return void pending.push(line);
    queued.push(line);
    timer ??= setTimeout(flush, 50);
  });
  void master
    .call('logs', { instanceId, lines: backlog })
    .then((r) => {
      const last = r.lines[r.lines.length - 1];
      const seen = new Set(r.lines.filter((l) => last && l.ts === last.ts).map((l) => l.text));
      const after = (pending ?? []).filter((l) => !last || l.ts > last.ts || (l.ts === last.ts && !seen.has(l.text)));
      book.clear();
      book.append([...r.lines, ...after]);
    })
    .catch((err: Error) => book.append([{ ts: Date.now(), stream: 'f8', text: `could not read the backlog: ${err.message}` }, ...(pending ?? [])]))
    .finally(() => {
      pending = null;
    });
  return {
    dispose() {
      void sub.dispose();
      if (timer) clearTimeout(timer);
    },
  };
}
