// Issue 23: the palette, inspector and bottom panel collapse and resize, and the editor opens
// as it was left; with all three collapsed the canvas gets at least 85% of a 1600x1000 window.
import { test, expect, type Page } from '@playwright/test';
import { EditorPage } from './pages/editor.js';

test.use({ viewport: { width: 1600, height: 1000 } });

const share = (page: Page) =>
  page.evaluate(() => {
    const r = document.querySelector('.react-flow')?.getBoundingClientRect();
    return r ? (r.width * r.height) / (window.innerWidth * window.innerHeight) : 0;
  });

test('collapse and resize the panels; the layout is remembered across a reload', async ({ page }) => {
  const ed = new EditorPage(page);
  await ed.open();
  const before = await share(page);
  // narrower palette by dragging its edge
  const split = page.getByRole('separator', { name: 'Palette width' });
  const width = async () => (await ed.palette.boundingBox())!.width;
  const w0 = await width();
  const b = (await split.boundingBox())!;
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2);
  await page.mouse.down();
  await page.mouse.move(b.x + b.width / 2 - 50, b.y + b.height / 2, { steps: 6 });
  await page.mouse.up();
  await expect.poll(width).toBeLessThan(w0 - 30);
  // wider inspector with the keyboard
  const iw0 = (await ed.inspector.boundingBox())!.width;
  await page.getByRole('separator', { name: 'Inspector width' }).focus();
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  await expect.poll(async () => (await ed.inspector.boundingBox())!.width).toBeGreaterThan(iw0 + 20);
  const wideInspector = (await ed.inspector.boundingBox())!.width;
  const narrowPalette = await width();

  await page.getByRole('button', { name: 'Hide palette' }).click();
  await page.getByRole('button', { name: 'Hide inspector' }).click();
  await page.getByRole('button', { name: 'Hide bottom panel' }).click();
  await expect(page.getByRole('button', { name: 'Show palette' })).toBeVisible();
  const collapsed = await share(page);
  // the figure itself, for the notes (the README quotes it)
  console.log(`canvas covers ${(collapsed * 100).toFixed(1)}% of the viewport (${(before * 100).toFixed(1)}% with the panels open)`);
  expect(collapsed).toBeGreaterThan(before);
  expect(collapsed).toBeGreaterThanOrEqual(0.85);
  await ed.shot('panels-collapsed');

  await page.reload();
  await expect(page.getByTestId('connection')).toContainText('connected');
  await expect(page.getByRole('button', { name: 'Show palette' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Show inspector' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Show bottom panel' })).toBeVisible();
  expect(await share(page)).toBeGreaterThanOrEqual(0.85);

  await page.getByRole('button', { name: 'Show palette' }).click();
  await page.getByRole('button', { name: 'Show inspector' }).click();
  await page.getByRole('button', { name: 'Show bottom panel' }).click();
  await expect(ed.palette.getByRole('searchbox', { name: 'Search nodes' })).toBeVisible();
  expect(Math.abs((await width()) - narrowPalette)).toBeLessThanOrEqual(1);
  expect(Math.abs((await ed.inspector.boundingBox())!.width - wideInspector)).toBeLessThanOrEqual(1);
  await expect(page.getByRole('tabpanel')).toBeVisible();
});
