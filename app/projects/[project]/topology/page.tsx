import { TopologyView } from '@/components/topology/topology-view';
import type { TopoGraph } from '@/lib/topology';
import { projectName } from '@/server/kube/validate';
import { getTopology } from '@/server/topology/graph';

export const metadata = { title: 'Topology' };
export const dynamic = 'force-dynamic';

type BenchParams = { synthetic?: string; layout?: string; render?: string };

/**
 * ?synthetic=routes,services,pods draws a generated graph (layout benchmark), with optional
 * &layout=elk|columns and &render=all|visible; in a production build only when the server
 * runs with PORTICO_BENCH_SYNTHETIC=1 (never by default).
 */
function benchOptions(sp: BenchParams) {
  const allowed = process.env.NODE_ENV !== 'production' || process.env.PORTICO_BENCH_SYNTHETIC === '1';
  if (!allowed || !sp.synthetic || !/^\d+,\d+,\d+$/.test(sp.synthetic)) return {};
  return {
    synthetic: sp.synthetic,
    engine: sp.layout === 'elk' || sp.layout === 'columns' ? sp.layout : undefined,
    renderAll: sp.render === 'all' ? true : sp.render === 'visible' ? false : undefined,
  } as const;
}

export default async function TopologyPage({ params, searchParams }: { params: Promise<{ project: string }>; searchParams: Promise<BenchParams> }) {
  const { project } = await params;
  const bench = benchOptions(await searchParams);
  const syn = bench.synthetic;
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
  return <TopologyView project={project} initialGraph={graph} initialError={error} synthetic={syn} engine={bench.engine} renderAll={bench.renderAll} />;
}
