/// <reference lib="webworker" />
// Runs the topology layout off the main thread: ELK for the skeleton when it is small
// enough, the linear column layout beyond; pods are then stacked beside their services.
import ELK from 'elkjs/lib/elk.bundled.js';
import { runLayout, type LayoutRequest } from './run-layout';

const elk = new ELK();

self.onmessage = async (ev: MessageEvent<LayoutRequest>) => {
  const res = await runLayout(elk, ev.data);
  (self as unknown as Worker).postMessage(res);
};
