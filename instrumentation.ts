/** Server start: create the first admin account (printing a generated password once) as soon as the cluster answers. */
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { bootstrapAccountsInBackground } = await import('./server/auth/service');
  void bootstrapAccountsInBackground();
}
