// Page object of the editor: regions and controls by role and name, as a user finds them.
/// <reference lib="dom" />
import { expect, type Locator, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

const exact = (text: string): RegExp => new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);

export const ARTIFACTS = resolve(import.meta.dirname, '..', 'artifacts');

export interface GraphSnapshot {
  name?: string;
  nodes: {
    nodeId: string;
    kind: string;
    serviceClass?: string;
    operatorClass?: string;
    parentId?: string;
    position?: { x: number; y: number };
    state?: Record<string, unknown>;
    label?: string;
    'x-size'?: { width: number; height: number };
  }[];
  edges: { edgeId?: string; kind: string; from: { nodeId: string; port: string }; to: { nodeId: string; port: string } }[];
}

export class EditorPage {
  readonly palette: Locator;
  readonly canvas: Locator;
  readonly inspector: Locator;
  readonly problems: Locator;

  constructor(readonly page: Page) {
    this.palette = page.getByRole('complementary', { name: 'Palette' });
    this.canvas = page.getByRole('main', { name: 'Canvas' });
    this.inspector = page.getByRole('complementary', { name: 'Inspector' });
    this.problems = page.getByRole('region', { name: 'Problems' });
  }

  /** Opens the editor served by the master, with the File System Access pickers removed (Playwright cannot drive them). */
  async open(url = process.env.F8_EDITOR_URL as string): Promise<void> {
    await this.page.addInitScript(() => {
      delete (window as { showOpenFilePicker?: unknown }).showOpenFilePicker;
      delete (window as { showSaveFilePicker?: unknown }).showSaveFilePicker;
    });
    await this.page.goto(url);
    await expect(this.page.getByTestId('connection')).toContainText('connected');
  }

  async shot(name: string): Promise<void> {
    mkdirSync(ARTIFACTS, { recursive: true });
    await this.page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
  }

  button(name: string | RegExp): Locator {
    return this.page.getByRole('button', { name, exact: typeof name === 'string' });
  }

  paletteItem(label: string): Locator {
    return this.palette.getByRole('listitem').filter({ has: this.page.locator('.f8-palette-label', { hasText: exact(label) }) });
  }

  node(label: string): Locator {
    return this.canvas
      .locator('.react-flow__node')
      .filter({ has: this.page.locator('.f8-node-title', { hasText: exact(label) }) })
      .first();
  }

  /** A port handle of a node: kind data|state|exec, dir in|out. */
  handle(node: Locator, kind: string, dir: 'in' | 'out', port: string): Locator {
    return node.locator(`[data-handleid="${kind}:${dir}:${port}"]`).first();
  }

  /** Drags a palette item onto the canvas at a point relative to the canvas (or onto a node). */
  /** Drags a palette item onto the canvas at a point (relative to the canvas), or into a node at a fraction of its size. */
  async dragFromPalette(label: string, target: { x: number; y: number } | Locator, at = { fx: 0.5, fy: 0.5 }): Promise<void> {
    const item = this.paletteItem(label);
    if ('x' in target) return item.dragTo(this.canvas, { targetPosition: target });
    const box = await target.boundingBox();
    const canvas = await this.canvas.boundingBox();
    if (!box || !canvas) throw new Error('drop target not visible');
    await item.dragTo(this.canvas, { targetPosition: { x: box.x - canvas.x + box.width * at.fx, y: box.y - canvas.y + box.height * at.fy } });
  }

  /** Auto layout, waiting until it has moved the nodes (it runs in a worker) and they are still. */
  async autoLayout(): Promise<void> {
    const positions = async () => JSON.stringify((await this.graph()).nodes.map((n) => n.position));
    const before = await positions();
    await this.button('Auto layout').click();
    let last = before;
    await expect
      .poll(
        async () => {
          const now = await positions();
          const done = now !== before && now === last;
          last = now;
          return done;
        },
        { intervals: [150], timeout: 20_000 },
      )
      .toBe(true);
    await this.settle();
  }

  /** Waits until the viewport stops moving (a fit view or layout animation is over). */
  async settle(): Promise<void> {
    const viewport = this.page.locator('.react-flow__viewport');
    let last = '';
    await expect
      .poll(
        async () => {
          const now = (await viewport.getAttribute('style')) ?? '';
          const same = now === last;
          last = now;
          return same;
        },
        { intervals: [120], timeout: 10_000 },
      )
      .toBe(true);
  }

  /** Draws a wire between two handles with the mouse (once the viewport is still). */
  async wire(from: Locator, to: Locator): Promise<void> {
    await this.settle();
    const a = await from.boundingBox();
    const b = await to.boundingBox();
    if (!a || !b) throw new Error('handle not visible');
    await this.page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
    await this.page.mouse.down();
    await this.page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 12 });
    await this.page.mouse.up();
  }

  /** The document as the editor holds it (read-only debug accessor). */
  graph(): Promise<GraphSnapshot> {
    return this.page.evaluate(() => (window as unknown as { f8studio: { graph(): GraphSnapshot } }).f8studio.graph());
  }

  async key(chord: string): Promise<void> {
    await this.page.keyboard.press(chord);
  }
}
