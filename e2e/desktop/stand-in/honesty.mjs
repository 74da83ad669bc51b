// Honesty: objects whose unknown members throw `not supported by the stand-in: <what>` (and are
// reported to the harness) instead of pretending; and Electron's preventable event object.
import { noteQuietly } from './channel.mjs';

const PASS_THROUGH = new Set(['then', 'toJSON', 'inspect', 'constructor', '__esModule', 'asymmetricMatch', 'nodeType', '$$typeof', 'prototype', 'length', 'name', 'default']);

export function notSupported(what) {
  noteQuietly({ op: 'unsupported', what });
  return new Error(`not supported by the stand-in: ${what}`);
}

/** `target` behind a proxy: a member it lacks throws (a symbol or a PASS_THROUGH name reads through). */
export function guard(target, label) {
  return new Proxy(target, {
    get(t, key, receiver) {
      if (typeof key === 'symbol' || key in t || PASS_THROUGH.has(key)) return Reflect.get(t, key, receiver);
      throw notSupported(`${label}.${key}`);
    },
  });
}

/** An export of `electron` the stand-in does not have: importing works, any use throws. */
export function unsupportedExport(name) {
  const fail = () => {
    throw notSupported(name);
  };
  return new Proxy(function unsupported() {}, {
    get(_t, key) {
      if (typeof key === 'symbol' || PASS_THROUGH.has(key)) return undefined;
      throw notSupported(`${name}.${String(key)}`);
    },
    apply: fail,
    construct: fail,
  });
}

export function electronEvent(extra = {}) {
  const event = {
    defaultPrevented: false,
    preventDefault() {
      event.defaultPrevented = true;
    },
    ...extra,
  };
  return event;
}
