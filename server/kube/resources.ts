/** The kinds the console reads and writes, as REST coordinates: those with console facts in the kind registry. */
import { CONSOLE_KINDS, type ConsolePlural, type KindInfo } from '@/lib/k8s/kinds';

export { apiVersionOf } from '@/lib/k8s/kinds';

export type ResourceType = Pick<KindInfo, 'group' | 'version' | 'plural' | 'kind' | 'namespaced'>;

export type ResourceName = ConsolePlural;

const byName = {} as Record<ResourceName, ResourceType>;
for (const k of CONSOLE_KINDS) byName[k.plural] = k;
export const RESOURCES: Readonly<Record<ResourceName, ResourceType>> = byName;

export { apiPath as resourcePath } from '@/lib/k8s/kinds';
