/**
 * Signs each persona in once and saves their sessions: the admin (first account), and a project
 * admin, an operator and a viewer of `demo`, created as the console stores accounts (passwords
 * meet the console's minimum) and bound with RoleBindings. Specs pick one with runAs() from
 * support/personas.ts.
 */
import { test as setup } from '@playwright/test';
import { bindUser, createUser, signIn } from './support/auth';
import { kubectl, waitForDemo } from './support/cluster';
import { PERSONAS, PROJECT_PERSONAS, storageStateOf } from './support/personas';

setup('sign in as admin', async ({ page }) => {
  setup.setTimeout(180_000);
  await waitForDemo(120_000);
  await signIn(page, PERSONAS.admin.username, PERSONAS.admin.password);
  await page.context().storageState({ path: storageStateOf('admin') });
});

for (const persona of PROJECT_PERSONAS) {
  setup(`sign in as the demo project's ${persona}`, async ({ browser }) => {
    setup.setTimeout(120_000);
    await waitForDemo(120_000);
    const { username, password, role } = PERSONAS[persona];
    await createUser(username, password);
    kubectl(['delete', 'rolebinding', `${username}-${role!.split(':')[1]}`, '-n', 'demo', '--ignore-not-found']);
    bindUser('demo', username, role!);
    const ctx = await browser.newContext({ storageState: { cookies: [], origins: [] } });
    const page = await ctx.newPage();
    await signIn(page, username, password);
    await ctx.storageState({ path: storageStateOf(persona) });
    await ctx.close();
  });
}
