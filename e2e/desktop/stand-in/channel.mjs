// The wire to e2e/desktop/harness.ts: the child's Node IPC channel, with the envelope
// { kind: 'req', id, body } -> { kind: 'res', id, ok, value | error, code }, and
// { kind: 'note', body } (no reply). Both directions use the same envelope; the message shapes are
// typed in e2e/desktop/protocol.ts.

if (typeof process.send !== 'function') {
  throw new Error('the electron stand-in (e2e/desktop/stand-in) runs only as a child of e2e/desktop/harness.ts: this process has no IPC channel');
}

const pending = new Map();
let nextRequestId = 1;
let parentGone = false;

/** Sends one message; throws synchronously when it cannot be serialized (like Electron's IPC). */
function post(message) {
  if (parentGone || !process.connected) return Promise.resolve(false);
  let done;
  const sent = new Promise((r) => (done = r));
  process.send(message, (err) => done(!err));
  return sent;
}

/** A request to the harness: resolves with its answer, rejects with its error (and `code`). */
export function request(body) {
  const id = nextRequestId++;
  return new Promise((resolvePromise, reject) => {
    pending.set(id, { resolve: resolvePromise, reject, op: body.op });
    let sent;
    try {
      sent = post({ kind: 'req', id, body });
    } catch (err) {
      pending.delete(id);
      reject(cloneError(err));
      return;
    }
    void sent.then((ok) => {
      if (!ok && pending.delete(id)) reject(new Error(`stand-in: the harness is gone (${body.op})`));
    });
  });
}

/** A notification. Throws synchronously when the body cannot be cloned. */
export function note(body) {
  try {
    return post({ kind: 'note', body });
  } catch (err) {
    throw cloneError(err);
  }
}

/** A notification whose failure does not matter to the caller (records, state updates). */
export function noteQuietly(body) {
  try {
    void note(body);
  } catch {
    // a record that cannot be cloned is dropped
  }
}

export function cloneError(err) {
  return new Error(`An object could not be cloned. (${err instanceof Error ? err.message : String(err)})`);
}

function describe(err) {
  try {
    return String(err);
  } catch {
    return 'Error: (unprintable)';
  }
}

/** Electron prints uncaught exceptions of the main process (and shows a dialog); it keeps running. */
export function reportUncaught(err) {
  process.stderr.write(`stand-in: uncaught exception in a main-process listener: ${err instanceof Error ? err.stack : describe(err)}\n`);
}

/**
 * Answers the harness: `requests[op](body)` for a request (its value or error is the reply),
 * `notes[op](body)` for a note. When the harness goes away, pending requests reject and
 * `onParentGone()` runs; the process exits 10 s later at the latest.
 */
export function serve({ requests, notes, onParentGone }) {
  process.on('message', (message) => {
    if (!message || typeof message !== 'object') return;
    if (message.kind === 'res') {
      const p = pending.get(message.id);
      if (!p) return;
      pending.delete(message.id);
      if (message.ok) p.resolve(message.value);
      else p.reject(Object.assign(new Error(message.error), message.code ? { code: message.code } : {}));
    } else if (message.kind === 'req') {
      void answer(requests, message.id, message.body);
    } else if (message.kind === 'note') {
      const handler = notes[message.body?.op];
      try {
        handler?.(message.body);
      } catch (err) {
        reportUncaught(err);
      }
    }
  });

  process.on('disconnect', () => {
    // the test process is gone: quit like a user would, and do not outlive it for long
    parentGone = true;
    for (const p of pending.values()) p.reject(new Error(`stand-in: the harness is gone (${p.op})`));
    pending.clear();
    setTimeout(() => process.exit(1), 10_000).unref();
    try {
      onParentGone();
    } catch (err) {
      reportUncaught(err);
    }
  });
}

async function answer(requests, id, body) {
  let reply;
  try {
    const handler = requests[body?.op];
    if (!handler) throw new Error(`stand-in: unknown request '${body?.op}'`);
    reply = { kind: 'res', id, ok: true, value: await handler(body) };
  } catch (err) {
    reply = { kind: 'res', id, ok: false, error: describe(err) };
  }
  try {
    await post(reply);
  } catch (err) {
    await post({ kind: 'res', id, ok: false, error: `Error: ${cloneError(err).message}` });
  }
}
