/** What lists and pickers need to know about a Service. */
import type { Service } from '@/lib/k8s';
import type { ServicePortSummary, ServiceSummary } from '@/lib/console/rows';
export type { ServicePortSummary, ServiceSummary };

export function summarizeService(svc: Partial<Pick<Service, 'metadata' | 'spec'>>): ServiceSummary {
  const spec = svc.spec ?? {};
  return {
    name: svc.metadata?.name ?? '',
    type: spec.type ?? 'ClusterIP',
    clusterIP: spec.clusterIP,
    headless: spec.clusterIP === 'None',
    externalName: spec.externalName,
    ports: (spec.ports ?? []).map((p) => ({
      name: p.name,
      port: p.port,
      targetPort: p.targetPort,
      protocol: p.protocol,
      appProtocol: p.appProtocol,
      nodePort: p.nodePort,
    })),
    selector: spec.selector ?? {},
    creationTimestamp: svc.metadata?.creationTimestamp,
  };
}
