// ipcMain (handle/handleOnce/removeHandler, and the EventEmitter's on/once/off) and the sender
// frame its events carry.
import { EventEmitter } from 'node:events';
import { guard } from './honesty.mjs';

class IpcMainImpl extends EventEmitter {
  constructor() {
    super();
    this.handlers = new Map();
  }
  handle(channel, handler) {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    if (typeof handler !== 'function') throw new TypeError(`Expected handler to be a function, but found type '${typeof handler}'`);
    this.handlers.set(channel, handler);
  }
  handleOnce(channel, handler) {
    this.handle(channel, (event, ...args) => {
      this.removeHandler(channel);
      return handler(event, ...args);
    });
  }
  removeHandler(channel) {
    this.handlers.delete(channel);
  }
}

/** The `senderFrame` of an ipc event: null when the harness says there is none. */
export function senderFrameFor(wc, senderUrl) {
  if (senderUrl === null) return null;
  let origin = 'null';
  try {
    origin = new URL(senderUrl).origin;
  } catch {
    // keep 'null'
  }
  const frame = {
    url: senderUrl,
    origin,
    name: '',
    processId: wc.id,
    routingId: 1,
    frameTreeNodeId: 1,
    parent: null,
    frames: [],
    framesInSubtree: [],
    detached: false,
    isDestroyed: () => wc.isDestroyed(),
    send: (channel, ...args) => wc.send(channel, ...args),
  };
  frame.top = frame;
  return guard(frame, 'WebFrameMain');
}

export const ipcMain = guard(new IpcMainImpl(), 'ipcMain');
