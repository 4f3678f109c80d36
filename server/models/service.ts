import type { ServicePortSummary, ServiceSummary } from '@/lib/console/rows';
export type { ServicePortSummary, ServiceSummary };
type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export function summarizeService(svc: Obj): ServiceSummary {
  const spec = svc.spec ?? {};
  return {
    name: svc.metadata?.name,
    type: spec.type ?? 'ClusterIP',
    clusterIP: spec.clusterIP,
    headless: spec.clusterIP === 'None',
    externalName: spec.externalName,
    ports: (spec.ports ?? []).map((p: Obj) => ({
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
