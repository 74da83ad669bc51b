// Each way the start-up can fail maps to its own page: what failed, how to fix it, the buttons
// that help (Retry and Quit always; Connect when another master holds the data dir and says
// where its editor is). The page is complete HTML with the project's CSP and no script.
import { describe, expect, it } from 'vitest';
import { CSP } from '../../shared/csp.js';
import { dataUrl, failureFrom, failurePage, failurePageHtml, portInUse, type StartupFailure } from './startup-page.js';

const base = { dataDir: '/home/u/.f8studio', platform: 'linux' as const, isPackaged: false };
const page = (kind: string, message: string, extra: Partial<StartupFailure> = {}) => failurePage({ ...base, kind, message, ...extra });

describe('start-up failure pages', () => {
  it('maps each HostStartError kind (and a port in use) to its page, each with Retry and Quit', () => {
    const pages = {
      'nats-not-found': page('nats-not-found', 'nats-server not found; searched: PATH'),
      locked: page('locked', 'another master (pid 42) runs on the data dir', {
        holder: {
          pid: 42,
          startedAt: '2026-12-03T22:00:00Z',
          urls: { EDITOR_URL: 'http://127.0.0.1:5000/?nats=x#token=secret', NATS_WS_URL: 'ws://127.0.0.1:5001', NATS_URL: 'nats://127.0.0.1:5002' },
        },
      }),
      'data-dir': page('data-dir', '/home/u/.f8studio is not writable (EACCES)'),
      nats: page('nats', 'nats-server did not start: exited with code 1'),
      'port-in-use': page('web', "the editor's web server did not start on 127.0.0.1:5000: listen EADDRINUSE: address already in use 127.0.0.1:5000"),
      web: page('web', 'no editor build at /x/out/renderer'),
      master: page('master', 'the master did not start: boom'),
      aborted: page('aborted', 'start-up interrupted'),
    };
    for (const [id, p] of Object.entries(pages)) {
      expect(p.id, id).toBe(id);
      expect(
        p.actions.map((a) => a.action),
        id,
      ).toContain('retry');
      expect(
        p.actions.map((a) => a.action),
        id,
      ).toContain('quit');
      expect(
        p.actions.filter((a) => a.primary),
        id,
      ).toHaveLength(1);
      expect(p.steps.length, id).toBeGreaterThan(0);
    }
    expect(new Set(Object.values(pages).map((p) => p.title)).size).toBe(8);
    expect(pages['nats-not-found'].steps.map((s) => s.code)).toContain('sudo apt-get install nats-server');
    expect(pages['port-in-use'].title).toBe('Port 5000 is already in use');
    expect(pages['port-in-use'].steps.map((s) => s.code)).toContain("ss -ltnp 'sport = :5000'");
    expect(pages['data-dir'].actions.map((a) => a.action)).toContain('choose-data-dir');
    expect(pages['data-dir'].summary).toContain('EACCES');
    // another master: Connect first, its pid named, its token never shown
    expect(pages.locked.actions[0]).toEqual({ action: 'connect', label: 'Connect to It', primary: true });
    expect(JSON.stringify(pages.locked)).toContain('pid 42');
    expect(JSON.stringify(pages.locked)).not.toContain('secret');
    expect(page('locked', 'x', { holder: { pid: 42, startedAt: '' } }).actions.map((a) => a.action)).not.toContain('connect');
  });

  it('names the fix for each platform', () => {
    expect(failurePage({ ...base, platform: 'darwin', kind: 'nats-not-found', message: '' }).steps.map((s) => s.code)).toContain('brew install nats-server');
    expect(failurePage({ ...base, platform: 'win32', kind: 'web', message: 'listen EADDRINUSE :::6000' }).steps.map((s) => s.code)).toContain('netstat -ano | findstr :6000');
    expect(failurePage({ ...base, isPackaged: true, kind: 'nats-not-found', message: '' }).steps[0]?.text).toMatch(/reinstall/);
  });

  it('reads a HostStartError (kind, holder) or any error', () => {
    const holder = { pid: 7, startedAt: '' };
    expect(failureFrom(Object.assign(new Error('held'), { kind: 'locked', detail: { holder } }), base)).toEqual({ ...base, kind: 'locked', message: 'held', holder });
    expect(failureFrom(new Error('boom'), base)).toEqual({ ...base, kind: 'master', message: 'boom' });
    expect(failureFrom('weird', base).message).toBe('weird');
    expect(portInUse('listen EADDRINUSE: address already in use 127.0.0.1:4222')).toBe(4222);
    expect(portInUse('permission denied')).toBeNull();
  });

  it('renders a page with the one CSP, no script, escaped text and a button per action', () => {
    const html = failurePageHtml(page('master', '<img src=x onerror=alert(1)>'), 'f8studio');
    expect(html).toContain(`content="${CSP.replace(/'/g, '&#39;')}"`);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src=x');
    expect(html.match(/<button /g)).toHaveLength(3);
    expect(html).toContain('data-f8-page="startup-failure"');
    expect(decodeURIComponent(dataUrl(html).slice('data:text/html;charset=utf-8,'.length))).toBe(html);
  });
});
