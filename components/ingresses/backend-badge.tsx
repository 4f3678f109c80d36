import { AlertTriangle } from 'lucide-react';
import type { BackendHealth } from '@/lib/console/rows';
import { Badge } from '../common/badge';

export function BackendHealthBadge({ b }: { b: BackendHealth }) {
  switch (b.state) {
    case 'ok':
      return <Badge tone="green">{b.ready} ready</Badge>;
    case 'missing':
      return (
        <Badge tone="red">
          <AlertTriangle className="h-3 w-3" aria-hidden /> service missing
        </Badge>
      );
    case 'no-port':
      return (
        <Badge tone="red">
          <AlertTriangle className="h-3 w-3" aria-hidden /> no port {b.port}
        </Badge>
      );
    default:
      return (
        <Badge tone="amber">
          <AlertTriangle className="h-3 w-3" aria-hidden /> no ready endpoints
        </Badge>
      );
  }
}
