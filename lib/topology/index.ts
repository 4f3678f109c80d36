export * from './types';
export { buildTopology, nodeIds, edgeId, GATEWAY_NODE_ID, INGRESS_HTTP_LISTENER, INGRESS_HTTPS_LISTENER } from './build';
export { filterGraph, matchesText, type TopoFilter } from './filter';
export { tracePath, parseBackendKey, type RouteTestAnswer, type TracePath } from './trace';
export {
  toElkGraph,
  positionsFrom,
  placePods,
  columnSkeleton,
  skeletonSize,
  ELK_SKELETON_LIMIT,
  NODE_SIZE,
  ELK_OPTIONS,
  type Positions,
  type ElkGraphIn,
} from './layout';
export { syntheticCluster, type SyntheticSize } from './synthetic';
