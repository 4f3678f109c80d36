/** Signs the admin in once and saves the session for every other spec. */
import { test as setup } from '@playwright/test';
import { ADMIN_PASSWORD, adminStorageState, signIn } from './support/auth';
import { waitForDemo } from './support/cluster';

setup('sign in as admin', async ({ page }) => {
  setup.setTimeout(180_000);
  await waitForDemo(120_000);
  await signIn(page, 'admin', ADMIN_PASSWORD);
  await page.context().storageState({ path: adminStorageState() });
});
