import type { Locator, Page } from 'playwright-core';

/**
 * Driving the segment canvas (admin/components/segment-canvas*) in Chromium
 * the way a marketer does: real drag and drop from the palette, real mouse
 * moves between handles, clicks on blocks.
 */

/** Drops a palette block at (x, y) inside the canvas; returns the new block's id (the dropped block is selected). */
export async function dropBlock(page: Page, block: string, x: number, y: number): Promise<string> {
  const before = await page.locator(`[data-testid="node-${block}"]`).count();
  await page.getByTestId(`palette-${block}`).dragTo(page.getByTestId('segment-canvas'), { targetPosition: { x, y } });
  const node = page.locator(`[data-testid="node-${block}"]`).nth(before);
  await node.waitFor();
  const id = (await node.getAttribute('data-node-id'))!;
  await page.locator(`[data-testid="side-panel"][data-node-id="${id}"]`).waitFor();
  return id;
}

/** Drags from a block's output handle (right) to another block's input handle (left), with real mouse moves. */
export async function connectBlocks(page: Page, from: string, to: string): Promise<void> {
  const box = async (l: Locator) => (await l.boundingBox())!;
  const a = await box(page.getByTestId(`handle-out-${from}`));
  const b = await box(page.getByTestId(`handle-in-${to}`));
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 12 });
  await page.mouse.up();
  await page.locator(`.react-flow__edge[data-id="e-${from}-${to}"], .react-flow__edge[data-testid="rf__edge-e-${from}-${to}"]`).first().waitFor();
}

/** Selects a block by clicking its title. */
export const selectBlock = (page: Page, id: string) => page.locator(`[data-node-id="${id}"][data-testid^="node-"]`).click({ position: { x: 20, y: 10 } });

/** Publishes through the canvas's own confirmation dialog (an alertdialog, not the browser's confirm); returns the dialog's title. */
export async function publishConfirmed(page: Page): Promise<string> {
  await page.getByTestId('publish').click();
  const dialog = page.getByTestId('publish-dialog');
  await dialog.waitFor();
  const title = await page.locator('#publish-dialog-title').innerText();
  await page.getByTestId('publish-dialog-confirm').click();
  await dialog.waitFor({ state: 'detached' });
  return title;
}
