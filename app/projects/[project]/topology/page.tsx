import { TopologyView } from '@/components/topology/topology-view';
import type { TopoGraph } from '@/lib/topology';
import { projectName } from '@/server/kube/validate';
import { getTopology } from '@/server/topology/graph';

export const metadata = { title: 'Topology' };
export const dynamic = 'force-dynamic';

export default async function TopologyPage({ params, searchParams }: { params: Promise<{ project: string }>; searchParams: Promise<{ synthetic?: string }> }) {
  const { project } = await params;
  const { synthetic } = await searchParams;
  // ?synthetic=routes,services,pods draws a generated graph (layout benchmark); never in production.
  const syn = process.env.NODE_ENV !== 'production' && synthetic && /^\d+,\d+,\d+$/.test(synthetic) ? synthetic : undefined;
  let graph: TopoGraph | undefined;
  let error: string | undefined;
  if (!syn) {
    if (!projectName.safeParse(project).success) error = `invalid project name ${project}`;
    else
      try {
        graph = await getTopology(project);
      } catch (err) {
        error = (err as Error).message;
      }
  }
  return <TopologyView project={project} initialGraph={graph} initialError={error} synthetic={syn} />;
}
