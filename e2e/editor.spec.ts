// The editor as a new user meets it (issue 8's acceptance, each step asserted), in Chromium
// against a real `f8 master` on a fresh data dir. Steps share one page, in order.
import { test, expect, type Page } from '@playwright/test';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ARTIFACTS, EditorPage, type GraphSnapshot } from './pages/editor.js';

test.describe.configure({ mode: 'serial' });

let page: Page;
let ed: EditorPage;
const errors: string[] = [];

test.beforeAll(async ({ browser }) => {
  page = await browser.newPage();
  page.on('pageerror', (e) => errors.push(e.message));
  // Everything but the harmless WebSocket-close message of nats-server 2.9.10 (a known quirk of that version).
  page.on('console', (m) => {
    if (m.type() === 'error' && !/WebSocket/.test(m.text())) errors.push(m.text());
  });
  ed = new EditorPage(page);
  await ed.open();
});

test.afterAll(async () => {
  await page.close();
});

test('1. the palette lists the four services and the engine operators; "sig" filters to the signal generator', async () => {
  for (const label of ['Engine', 'Logger', 'Recorder', 'Signal generator']) await expect(ed.paletteItem(label)).toBeVisible();
  const operators = ed.palette.getByRole('region', { name: 'Operators' }).getByRole('listitem');
  await expect(operators).toHaveCount(20); // the engine's 19 and a Container
  await expect(ed.paletteItem('Container')).toBeVisible();
  await expect(ed.page.getByLabel('Lease: held by this editor')).toBeVisible();
  const search = ed.palette.getByRole('searchbox', { name: 'Search nodes' });
  await search.fill('sig');
  await expect(ed.palette.getByRole('listitem')).toHaveCount(1);
  await expect(ed.paletteItem('Signal generator')).toBeVisible();
  await ed.shot('1-palette-search');
  await search.fill('');
  expect(errors).toEqual([]);
});

test('2. build signal -> engine operators -> logger by drag and drop; an incompatible wire is refused with its reason', async () => {
  await ed.dragFromPalette('Signal generator', { x: 60, y: 120 });
  await ed.dragFromPalette('Engine', { x: 320, y: 60 });
  await ed.dragFromPalette('Logger', { x: 520, y: 420 });
  const engine = ed.node('Engine');
  await expect(engine).toBeVisible();
  // an operator outside an engine is refused, saying why
  await ed.dragFromPalette('Smooth (EMA)', { x: 120, y: 480 });
  await expect(ed.page.getByRole('alert').filter({ hasText: 'drop it inside an Engine' })).toBeVisible();
  await ed.dragFromPalette('Smooth (EMA)', engine, { fx: 0.12, fy: 0.3 });
  await ed.dragFromPalette('Threshold', engine, { fx: 0.55, fy: 0.3 });
  let g = await ed.graph();
  const smooth = g.nodes.find((n) => n.operatorClass === 'smooth');
  const threshold = g.nodes.find((n) => n.operatorClass === 'threshold');
  expect(smooth?.parentId).toBe('engine');
  expect(threshold?.parentId).toBe('engine');
  expect(g.nodes.map((n) => n.nodeId)).toEqual(expect.arrayContaining(['signal', 'engine', 'logger']));
  await ed.page.keyboard.press('Escape');
  await ed.button('Fit view').click();
  await ed.page.waitForTimeout(400);

  const sig = ed.node('Signal generator');
  const sm = ed.node('Smooth (EMA)');
  const th = ed.node('Threshold');
  const log = ed.node('Logger');
  await ed.wire(ed.handle(sig, 'data', 'out', 'value'), ed.handle(sm, 'data', 'in', 'value'));
  await ed.wire(ed.handle(sm, 'data', 'out', 'value'), ed.handle(log, 'data', 'in', 'value'));
  g = await ed.graph();
  expect(g.edges.map((e) => `${e.from.nodeId}.${e.from.port}->${e.to.nodeId}.${e.to.port}`).sort()).toEqual([`${smooth?.nodeId}.value->logger.value`, `signal.value->${smooth?.nodeId}.value`].sort());

  // boolean into a number input: refused, the reason next to the cursor
  await ed.wire(ed.handle(th, 'data', 'out', 'active'), ed.handle(sm, 'data', 'in', 'value'));
  await expect(ed.page.getByRole('alert').filter({ hasText: /boolean/ })).toBeVisible();
  await ed.shot('2-wired-and-refused');
  expect((await ed.graph()).edges).toHaveLength(2);
});

test('3. a state field in the inspector: a bad value shows an inline error and is not applied', async () => {
  await ed.node('Smooth (EMA)').locator('.f8-node-header').click();
  const alpha = ed.inspector.getByRole('textbox', { name: 'alpha', exact: true });
  await expect(alpha).toBeVisible();
  await alpha.fill('5');
  await alpha.press('Enter');
  await expect(ed.inspector.getByRole('alert')).toContainText('1');
  let g = await ed.graph();
  expect(g.nodes.find((n) => n.operatorClass === 'smooth')?.state?.alpha).toBeUndefined();
  await alpha.fill('abc');
  await alpha.press('Enter');
  await expect(ed.inspector.getByRole('alert')).toContainText('not a number');
  await ed.shot('3-inspector-error');
  await alpha.fill('0.4');
  await alpha.press('Enter');
  await expect(ed.inspector.getByRole('alert')).toHaveCount(0);
  g = await ed.graph();
  expect(g.nodes.find((n) => n.operatorClass === 'smooth')?.state?.alpha).toBe(0.4);
});

test('4. Problems shows a broken edge and clears when it is fixed; nodes carry their "start" marks', async () => {
  await expect(ed.problems).toContainText('No problems');
  await expect(ed.canvas.locator('[data-mark="start"]')).toHaveCount(5);
  await expect(ed.page.getByTestId('pending')).toContainText('3 pending');
  // give the logger an extra input, wire the threshold into it, then remove the port: the edge breaks
  await ed.node('Logger').locator('.f8-node-header').click();
  await ed.inspector.getByLabel('New port name').fill('active');
  await ed.inspector.getByLabel('Port type').selectOption('boolean');
  await ed.inspector.getByRole('button', { name: 'Add' }).click();
  await ed.wire(ed.handle(ed.node('Threshold'), 'data', 'out', 'active'), ed.handle(ed.node('Logger'), 'data', 'in', 'active'));
  expect((await ed.graph()).edges).toHaveLength(3);
  await ed.node('Logger').locator('.f8-node-header').click();
  await ed.inspector.getByRole('button', { name: 'Remove port active' }).click();
  const problem = ed.problems.getByRole('button').filter({ hasText: "has no data input 'active'" });
  await expect(problem).toBeVisible();
  await expect(ed.page.getByTestId('pending')).toContainText('error');
  await problem.click();
  await ed.shot('4-problem-selected');
  // fixed: the port is back
  await ed.node('Logger').locator('.f8-node-header').click();
  await ed.inspector.getByLabel('New port name').fill('active');
  await ed.inspector.getByRole('button', { name: 'Add' }).click();
  await expect(ed.problems).toContainText('No problems');
  await ed.shot('4-fixed-start-marks');
});

test('5. undo and redo the last three edits; copy and paste two nodes; auto layout keeps operators in their engine', async () => {
  const snapshots: GraphSnapshot[] = [await ed.graph()];
  await ed.button('Fit view').click();
  await ed.page.waitForTimeout(300);
  await ed.page.locator('.react-flow__pane').click({ position: { x: 10, y: 10 } });
  // three edits: label, move, delete an edge
  await ed.node('Signal generator').locator('.f8-node-header').click();
  const label = ed.inspector.getByLabel('Label');
  await label.fill('Sine source');
  await label.press('Enter');
  snapshots.push(await ed.graph());
  const header = ed.node('Sine source').locator('.f8-node-header');
  const box = await header.boundingBox();
  if (!box) throw new Error('no node');
  await ed.page.mouse.move(box.x + 20, box.y + 8);
  await ed.page.mouse.down();
  await ed.page.mouse.move(box.x + 20, box.y + 108, { steps: 8 });
  await ed.page.mouse.up();
  snapshots.push(await ed.graph());
  expect(snapshots[2]?.nodes.find((n) => n.nodeId === 'signal')?.position?.y).toBeGreaterThan(snapshots[1]?.nodes.find((n) => n.nodeId === 'signal')?.position?.y ?? 0);
  await ed.page.locator('.react-flow__pane').click({ position: { x: 10, y: 10 } });
  const g2 = await ed.graph();
  const edgeId = g2.edges.find((e) => e.to.nodeId === 'logger' && e.to.port === 'active')?.edgeId as string;
  // the edge's badge selects it
  await ed.canvas.locator(`[data-edge-id="${edgeId}"]`).click();
  await expect(ed.inspector.getByRole('heading', { name: 'Data edge' })).toBeVisible();
  await ed.key('Delete');
  snapshots.push(await ed.graph());
  expect(snapshots[3]?.edges).toHaveLength(2);
  expect(snapshots[3]?.nodes).toHaveLength(snapshots[2]?.nodes.length ?? -1);

  for (let i = 3; i > 0; i--) {
    await ed.button('Undo').click();
    expect(await ed.graph()).toEqual(snapshots[i - 1]);
  }
  for (let i = 1; i <= 3; i++) {
    await ed.button('Redo').click();
    expect(await ed.graph()).toEqual(snapshots[i]);
  }

  // copy and paste two nodes
  await ed.page.locator('.react-flow__pane').click({ position: { x: 10, y: 10 } });
  await ed.node('Sine source').locator('.f8-node-header').click();
  await ed
    .node('Logger')
    .locator('.f8-node-header')
    .click({ modifiers: ['Control'] });
  await ed.key('Control+c');
  const before = (await ed.graph()).nodes.length;
  await ed.key('Control+v');
  const pasted = await ed.graph();
  expect(pasted.nodes).toHaveLength(before + 2);
  expect(pasted.nodes.map((n) => n.nodeId)).toEqual(expect.arrayContaining(['signal-2', 'logger-2']));

  // auto layout
  const positions = new Map(pasted.nodes.map((n) => [n.nodeId, n.position]));
  await ed.button('Auto layout').click();
  await expect.poll(async () => (await ed.graph()).nodes.filter((n) => JSON.stringify(n.position) !== JSON.stringify(positions.get(n.nodeId))).length).toBeGreaterThan(0);
  const laid = await ed.graph();
  const engine = laid.nodes.find((n) => n.nodeId === 'engine');
  const size = engine?.['x-size'];
  expect(size).toBeDefined();
  for (const op of laid.nodes.filter((n) => n.kind === 'operator')) {
    expect(op.position!.x).toBeGreaterThanOrEqual(engine!.position!.x);
    expect(op.position!.y).toBeGreaterThanOrEqual(engine!.position!.y);
    expect(op.position!.x).toBeLessThan(engine!.position!.x + size!.width);
    expect(op.position!.y).toBeLessThan(engine!.position!.y + size!.height);
  }
  await ed.page.waitForTimeout(400);
  await ed.shot('5-auto-layout');
});

test('6. save, reload, open: the same graph; the demo example opens; a broken file is refused', async () => {
  const graph = await ed.graph();
  const download = page.waitForEvent('download');
  await ed.key('Control+s');
  const file = await download;
  const saved = join(ARTIFACTS, 'saved.f8graph');
  mkdirSync(ARTIFACTS, { recursive: true });
  await file.saveAs(saved);
  expect(file.suggestedFilename()).toMatch(/\.f8graph$/);
  expect(JSON.parse(readFileSync(saved, 'utf8'))).toEqual(graph);
  await expect(ed.page.getByLabel('unsaved changes')).toHaveCount(0);

  await page.reload();
  await expect(ed.page.getByTestId('connection')).toContainText('connected');
  await ed.button('New').click();
  await expect.poll(async () => (await ed.graph()).nodes.length).toBe(0);
  const chooser = page.waitForEvent('filechooser');
  await ed.button('Open').click();
  await (await chooser).setFiles(saved);
  await expect.poll(async () => (await ed.graph()).nodes.length).toBe(graph.nodes.length);
  expect(await ed.graph()).toEqual(graph);
  await ed.shot('6-reopened');

  await ed.page.getByRole('button', { name: 'File menu' }).click();
  await ed.page.getByRole('menuitem', { name: /Signal -> engine/ }).click();
  await expect.poll(async () => (await ed.graph()).nodes.length).toBe(8);
  expect((await ed.graph()).edges).toHaveLength(8);
  await expect(ed.canvas.locator('.react-flow__node')).toHaveCount(8);
  await expect(ed.canvas.locator('.react-flow__edge')).toHaveCount(8);
  await ed.page.waitForTimeout(300);
  await ed.shot('6-demo');

  const broken = join(ARTIFACTS, 'broken.f8graph');
  writeFileSync(broken, '{"schemaVersion": "f8studio-graph/1", "graphId": "x", "nodes": [{"nodeId": "a"}], "edges": []}');
  const c2 = page.waitForEvent('filechooser');
  await ed.button('Open').click();
  await (await c2).setFiles(broken);
  await expect(ed.page.getByRole('alert').filter({ hasText: 'broken.f8graph is not a valid graph' })).toBeVisible();
  expect((await ed.graph()).nodes).toHaveLength(8);
  await ed.shot('6-broken-refused');
});

test('7. a generated graph of 2000 nodes opens; a 2000 px pan moves the viewport; only a few hundred nodes are in the DOM', async () => {
  const nodes = Array.from({ length: 2000 }, (_, i) => ({ nodeId: `n${i}`, kind: 'service', serviceClass: 'f8.signal', position: { x: (i % 50) * 260, y: Math.floor(i / 50) * 200 } }));
  const big = join(ARTIFACTS, 'big.f8graph');
  writeFileSync(big, JSON.stringify({ schemaVersion: 'f8studio-graph/1', graphId: 'big', name: 'big', nodes, edges: [] }));
  // the demo is unchanged: no question before it is replaced
  const chooser = page.waitForEvent('filechooser');
  await ed.button('Open').click();
  await (await chooser).setFiles(big);
  await expect.poll(async () => (await ed.graph()).nodes.length, { timeout: 30_000 }).toBe(2000);
  // the live compile of a large graph runs in a worker, and its plan arrives
  await expect(ed.page.getByTestId('pending')).toContainText('2000 pending', { timeout: 30_000 });
  // zoom in so that a pan crosses many nodes
  const viewport = ed.canvas.locator('.react-flow__viewport');
  const transform = async () => {
    const m = /translate\(([-\d.]+)px, ([-\d.]+)px\) scale\(([-\d.]+)\)/.exec((await viewport.getAttribute('style')) ?? '');
    return { x: Number(m?.[1] ?? 0), y: Number(m?.[2] ?? 0), zoom: Number(m?.[3] ?? 1) };
  };
  const pane = ed.page.locator('.react-flow__pane');
  const box = (await pane.boundingBox())!;
  // zoom in with the wheel at the centre until nodes are full size
  await ed.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  for (let i = 0; i < 40 && (await transform()).zoom < 0.9; i++) {
    await ed.page.mouse.wheel(0, -400);
    await ed.page.waitForTimeout(30);
  }
  expect((await transform()).zoom).toBeGreaterThanOrEqual(0.9);
  const before = await viewport.getAttribute('style');
  const start = await transform();
  // pan 2000 px to the left in four drags, each started in a gap between node columns
  for (let i = 0; i < 4; i++) {
    const t = await transform();
    const gapX = (k: number) => t.x + (k * 260 + 240) * t.zoom;
    // the gap right of the node column nearest the middle of the pane
    const k = Math.floor((box.width * 0.5 - t.x) / (260 * t.zoom));
    const x = box.x + gapX(k);
    const y = box.y + box.height / 2;
    expect(await ed.page.evaluate(([px, py]) => document.elementFromPoint(px as number, py as number)?.classList.contains('react-flow__pane'), [x, y])).toBe(true);
    await ed.page.mouse.move(x, y);
    await ed.page.mouse.down();
    await ed.page.mouse.move(x - 500, y, { steps: 10 });
    await ed.page.mouse.up();
  }
  expect((await ed.graph()).nodes.every((n, i) => n.position?.x === (i % 50) * 260)).toBe(true);
  expect(start.x - (await transform()).x).toBeGreaterThanOrEqual(1900);
  await expect.poll(() => viewport.getAttribute('style')).not.toBe(before);
  const inDom = await ed.canvas.locator('.react-flow__node').count();
  expect(inDom).toBeGreaterThan(0);
  expect(inDom).toBeLessThan(400);
  await ed.shot('7-large-graph');
  expect(errors).toEqual([]);
});

test('8. quick-add: double-click the canvas to add a node; a wire dropped on empty canvas offers only nodes that fit, and connects the pick', async () => {
  await ed.button('New').click();
  await expect.poll(async () => (await ed.graph()).nodes.length).toBe(0);
  await ed.page.locator('.react-flow__pane').dblclick({ position: { x: 160, y: 160 } });
  const search = ed.page.getByRole('combobox');
  await expect(search).toBeFocused();
  await ed.page.keyboard.type('signal gen');
  await ed.page.keyboard.press('Enter');
  await expect.poll(async () => (await ed.graph()).nodes.map((n) => n.serviceClass)).toEqual(['f8.signal']);
  const out = ed.handle(ed.node('Signal generator'), 'data', 'out', 'value');
  const b = (await out.boundingBox())!;
  await ed.page.mouse.move(b.x + b.width / 2, b.y + b.height / 2);
  await ed.page.mouse.down();
  await ed.page.mouse.move(b.x + 320, b.y + 60, { steps: 10 });
  await ed.page.mouse.up();
  const list = ed.page.getByRole('listbox');
  await expect(list.getByRole('option', { name: /Logger/ })).toBeVisible();
  // operators need an engine, so none is offered out here; nothing with only outputs either
  await expect(list.getByRole('option', { name: /Smooth/ })).toHaveCount(0);
  await expect(list.getByRole('option', { name: /Slider/ })).toHaveCount(0);
  await ed.shot('8-quick-add-from-wire');
  await ed.page.keyboard.type('logger');
  await ed.page.keyboard.press('Enter');
  const g = await ed.graph();
  expect(g.nodes.map((n) => n.nodeId).sort()).toEqual(['logger', 'signal']);
  expect(g.edges.map((e) => `${e.from.nodeId}.${e.from.port}->${e.to.nodeId}.${e.to.port}`)).toEqual(['signal.value->logger.value']);
  expect(errors).toEqual([]);
});

test('9. deploy (F5): the plan is shown first, then the graph runs; the top bar shows the revision and nothing pending', async () => {
  // the graph of step 8: signal -> logger
  await expect(ed.button('Deploy')).toBeEnabled();
  await ed.key('F5');
  const dialog = ed.page.getByRole('dialog', { name: /Deploy revision 1/ });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('list', { name: 'Plan' })).toContainText('signal: start');
  await expect(dialog.getByRole('list', { name: 'Plan' })).toContainText('logger: start');
  await ed.shot('9-deploy-plan');
  await dialog.getByRole('button', { name: 'Deploy' }).click();
  await expect(ed.page.getByRole('status').filter({ hasText: 'deployed revision 1' })).toBeVisible({ timeout: 60_000 });
  await expect(ed.page.getByTestId('pending')).toContainText('rev 1 · 0 pending', { timeout: 15_000 });
  // a second deploy with nothing changed says so
  await ed.key('F5');
  await expect(ed.page.getByRole('dialog', { name: /Deploy revision 2/ })).toContainText('Nothing changes');
  await ed.page.getByRole('button', { name: 'Cancel' }).click();
  await ed.shot('9-deployed');
  expect(errors).toEqual([]);
});

test('10. stop all keeps the graph; the live plan then starts the stopped instances ("not running")', async () => {
  await ed.button('Stop all').click();
  const dialog = ed.page.getByRole('dialog', { name: 'Stop the deployed graph?' });
  await dialog.getByRole('button', { name: 'Stop all' }).click();
  await expect(ed.page.getByRole('status').filter({ hasText: 'stopped the instances of revision 1' })).toBeVisible({ timeout: 30_000 });
  await expect(ed.page.getByTestId('pending')).toContainText('rev 1 · 2 pending', { timeout: 15_000 });
  await expect(ed.canvas.locator('[data-mark="start"]')).toHaveCount(2);
  await ed.shot('10-stopped');
  expect(errors).toEqual([]);
});
