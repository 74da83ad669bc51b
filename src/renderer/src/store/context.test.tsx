// @vitest-environment happy-dom
// Each mounted editor has its own store and buffers (no module singletons): two providers side
// by side do not share a document, and a component outside any provider is told so.
import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { EditorProvider, useEditor, useEditorInstance } from './context';
import { createEditor, type Editor } from './editor';

afterEach(cleanup);

function Title({ testId }: { testId: string }) {
  const name = useEditor((s) => s.graph.name);
  return <span data-testid={testId}>{name}</span>;
}

describe('EditorProvider', () => {
  it('two editors keep their own document, and each component reads its own', () => {
    const a = createEditor({ clientId: 'a' });
    const b = createEditor({ clientId: 'b' });
    render(
      <>
        <EditorProvider editor={a}>
          <Title testId="a" />
        </EditorProvider>
        <EditorProvider editor={b}>
          <Title testId="b" />
        </EditorProvider>
      </>,
    );
    act(() => a.store.getState().load({ ...a.store.getState().graph, name: 'first' }, null));
    expect(screen.getByTestId('a').textContent).toBe('first');
    expect(screen.getByTestId('b').textContent).toBe('Untitled');
    a.series.get('plot').push(1, 1);
    expect(b.series.has('plot')).toBe(false);
  });

  it('without an editor given, the provider makes one per mount', () => {
    const seen: Editor[] = [];
    function Probe() {
      seen.push(useEditorInstance());
      return null;
    }
    const first = render(
      <EditorProvider>
        <Probe />
      </EditorProvider>,
    );
    first.rerender(
      <EditorProvider>
        <Probe />
      </EditorProvider>,
    );
    first.unmount();
    render(
      <EditorProvider>
        <Probe />
      </EditorProvider>,
    );
    expect(seen[0]).toBe(seen[1]);
    expect(seen[2]).not.toBe(seen[0]);
  });

  it('a component outside any provider says what is missing', () => {
    const quiet = console.error;
    console.error = () => {};
    try {
      expect(() => render(<Title testId="x" />)).toThrow('no editor: render inside an EditorProvider');
    } finally {
      console.error = quiet;
    }
  });
});
