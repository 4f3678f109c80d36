/** Driving the Monaco editor in browser tests. */
import { expect, type Page } from '@playwright/test';

/** Replaces the first occurrence of `from` with `to`, through the editor's find widget. */
export async function replaceInEditor(page: Page, from: string, to: string): Promise<void> {
  const editor = page.locator('.monaco-editor').first();
  await expect(editor).toBeVisible({ timeout: 30_000 });
  await editor.locator('.view-lines').click();
  await page.keyboard.press('Control+F');
  const find = page.getByRole('textbox', { name: 'Find' });
  await find.fill(from);
  await find.press('Enter');
  await find.press('Escape');
  // insertText: no key events, so the editor's completion popup cannot eat keystrokes.
  await page.keyboard.insertText(to);
  await expect(editor).toContainText(to);
}
