import { describe, expect, it } from 'vitest';
import { holderName } from './lease-name';

describe('holderName', () => {
  it('says "this editor" for its own lease and never shows the other editor\'s id', () => {
    expect(holderName({ role: 'holder', holder: 'editor-abc', since: 1 }, 'editor-abc')).toBe('this editor');
    const since = new Date(2026, 0, 2, 9, 5).getTime();
    const name = holderName({ role: 'viewer', holder: 'editor-43dc095d1037', since }, 'editor-abc');
    expect(name).toBe('another editor, since 09:05');
    expect(name).not.toContain('43dc');
    expect(holderName({ role: 'viewer', holder: 'editor-x' })).toBe('another editor');
  });
});
