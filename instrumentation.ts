/** Server start: stamp each request with its TCP peer (sign-in limits), check settings, and create the first admin account (printing a generated password once) as soon as the cluster answers. */
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { installPeerStamp, trustedProxies } = await import('./server/auth/client-address');
  trustedProxies(); // a PORTICO_TRUSTED_PROXIES the console cannot read stops it here, naming the variable
  installPeerStamp();
  (await import('./server/auth/stream-slots')).streamLimits(); // likewise PORTICO_MAX_STREAMS(_PER_SESSION)
  (await import('./server/auth/accounts')).adminPasswordSetting(); // a PORTICO_ADMIN_PASSWORD under the minimum stops it here
  const { bootstrapAccountsInBackground } = await import('./server/auth/service');
  void bootstrapAccountsInBackground();
}
