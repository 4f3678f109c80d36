/** What the dev cluster can run for a container image. */
export type ImageKind = 'http-echo' | 'tcp-echo' | 'unsupported';

export function classifyImage(image: string | undefined): ImageKind {
  // CONTRACTS.md: the image *name* contains "echo" (a digest does not count).
  const name = (image ?? '').split('@')[0];
  if (name.includes('tcp-echo')) return 'tcp-echo';
  if (name.includes('echo')) return 'http-echo';
  return 'unsupported';
}

export const IMAGE_NOT_SUPPORTED = 'ImageNotSupported';

export function unsupportedMessage(image: string | undefined): string {
  return `the Portico dev cluster runs no container images: it only simulates images whose name contains "echo" (built-in HTTP/WebSocket echo server) or "tcp-echo" (TCP echo); image ${JSON.stringify(image ?? '')} cannot run here`;
}
