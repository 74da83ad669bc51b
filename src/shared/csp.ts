// The one Content-Security-Policy of the editor's pages: sent by the host's web server (web mode
// and the desktop window), set on the desktop window's responses by main, written in
// src/renderer/index.html's meta tag and in the start-up failure page (a test holds them equal).
// `script-src 'self'`: no eval, no inline script; `connect-src` reaches NATS over WebSocket on
// loopback only.
export const CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; connect-src 'self' ws://127.0.0.1:*";
