/** core/v1 kinds served by the dev cluster. */
import { z } from 'zod';
import {
  Condition,
  IntOrString,
  LocalObjectReference,
  ObjectMeta,
  ObjectReference,
  int,
  resource,
  stringMap,
} from './meta';

export const Protocol = z.enum(['TCP', 'UDP', 'SCTP']);

// ---- Namespace
export const Namespace = resource('v1', 'Namespace', {
  spec: z.looseObject({ finalizers: z.array(z.string()).optional() }).optional(),
  status: z
    .looseObject({
      phase: z.enum(['Active', 'Terminating']).optional(),
      conditions: z.array(Condition).optional(),
    })
    .optional(),
});

// ---- Service
export const ServicePort = z.looseObject({
  name: z.string().optional(),
  protocol: Protocol.optional(),
  appProtocol: z.string().optional(),
  port: int(),
  targetPort: IntOrString.optional(),
  nodePort: int().optional(),
});

export const ServiceType = z.enum(['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName']);

export const ServiceSpec = z.looseObject({
  type: ServiceType.optional(),
  selector: stringMap().optional(),
  ports: z.array(ServicePort).optional(),
  clusterIP: z.string().optional(),
  clusterIPs: z.array(z.string()).optional(),
  externalIPs: z.array(z.string()).optional(),
  externalName: z.string().optional(),
  sessionAffinity: z.enum(['None', 'ClientIP']).optional(),
  loadBalancerIP: z.string().optional(),
  loadBalancerClass: z.string().optional(),
  externalTrafficPolicy: z.enum(['Cluster', 'Local']).optional(),
  internalTrafficPolicy: z.enum(['Cluster', 'Local']).optional(),
  ipFamilies: z.array(z.enum(['IPv4', 'IPv6'])).optional(),
  ipFamilyPolicy: z.enum(['SingleStack', 'PreferDualStack', 'RequireDualStack']).optional(),
  publishNotReadyAddresses: z.boolean().optional(),
  allocateLoadBalancerNodePorts: z.boolean().optional(),
});

export const Service = resource('v1', 'Service', {
  spec: ServiceSpec.optional(),
  status: z
    .looseObject({
      loadBalancer: z
        .looseObject({
          ingress: z
            .array(z.looseObject({ ip: z.string().optional(), hostname: z.string().optional() }))
            .optional(),
        })
        .optional(),
      conditions: z.array(Condition).optional(),
    })
    .optional(),
});

// ---- Endpoints (legacy)
export const EndpointAddress = z.looseObject({
  ip: z.string(),
  hostname: z.string().optional(),
  nodeName: z.string().optional(),
  targetRef: ObjectReference.optional(),
});
export const EndpointPort = z.looseObject({
  name: z.string().optional(),
  port: int(),
  protocol: Protocol.optional(),
  appProtocol: z.string().optional(),
});
export const Endpoints = resource('v1', 'Endpoints', {
  subsets: z
    .array(
      z.looseObject({
        addresses: z.array(EndpointAddress).optional(),
        notReadyAddresses: z.array(EndpointAddress).optional(),
        ports: z.array(EndpointPort).optional(),
      }),
    )
    .optional(),
});

// ---- Pod
export const ContainerPort = z.looseObject({
  name: z.string().optional(),
  containerPort: int(),
  hostPort: int().optional(),
  hostIP: z.string().optional(),
  protocol: Protocol.optional(),
});

export const EnvVar = z.looseObject({
  name: z.string(),
  value: z.string().optional(),
  valueFrom: z.looseObject({}).optional(),
});

const Probe = z.looseObject({
  httpGet: z
    .looseObject({ path: z.string().optional(), port: IntOrString, scheme: z.string().optional() })
    .optional(),
  tcpSocket: z.looseObject({ port: IntOrString }).optional(),
  exec: z.looseObject({ command: z.array(z.string()).optional() }).optional(),
  initialDelaySeconds: int().optional(),
  periodSeconds: int().optional(),
  timeoutSeconds: int().optional(),
  successThreshold: int().optional(),
  failureThreshold: int().optional(),
});

export const Container = z.looseObject({
  name: z.string(),
  image: z.string().optional(),
  command: z.array(z.string()).optional(),
  args: z.array(z.string()).optional(),
  workingDir: z.string().optional(),
  ports: z.array(ContainerPort).optional(),
  env: z.array(EnvVar).optional(),
  envFrom: z.array(z.looseObject({})).optional(),
  resources: z
    .looseObject({
      limits: z.record(z.string(), IntOrString).optional(),
      requests: z.record(z.string(), IntOrString).optional(),
    })
    .optional(),
  volumeMounts: z.array(z.looseObject({ name: z.string(), mountPath: z.string() })).optional(),
  livenessProbe: Probe.optional(),
  readinessProbe: Probe.optional(),
  startupProbe: Probe.optional(),
  terminationMessagePath: z.string().optional(),
  terminationMessagePolicy: z.enum(['File', 'FallbackToLogsOnError']).optional(),
  imagePullPolicy: z.enum(['Always', 'Never', 'IfNotPresent']).optional(),
  securityContext: z.looseObject({}).optional(),
});

export const PodSpec = z.looseObject({
  containers: z.array(Container),
  initContainers: z.array(Container).optional(),
  restartPolicy: z.enum(['Always', 'OnFailure', 'Never']).optional(),
  terminationGracePeriodSeconds: int().optional(),
  activeDeadlineSeconds: int().optional(),
  dnsPolicy: z.enum(['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None']).optional(),
  nodeSelector: stringMap().optional(),
  serviceAccountName: z.string().optional(),
  serviceAccount: z.string().optional(),
  nodeName: z.string().optional(),
  hostNetwork: z.boolean().optional(),
  hostname: z.string().optional(),
  subdomain: z.string().optional(),
  schedulerName: z.string().optional(),
  securityContext: z.looseObject({}).optional(),
  imagePullSecrets: z.array(LocalObjectReference).optional(),
  volumes: z.array(z.looseObject({ name: z.string() })).optional(),
  tolerations: z.array(z.looseObject({})).optional(),
  affinity: z.looseObject({}).optional(),
  priority: int().optional(),
  enableServiceLinks: z.boolean().optional(),
});

export const ContainerState = z.looseObject({
  waiting: z
    .looseObject({ reason: z.string().optional(), message: z.string().optional() })
    .optional(),
  running: z.looseObject({ startedAt: z.string().optional() }).optional(),
  terminated: z
    .looseObject({
      exitCode: int(),
      reason: z.string().optional(),
      message: z.string().optional(),
      startedAt: z.string().optional(),
      finishedAt: z.string().optional(),
    })
    .optional(),
});

export const ContainerStatus = z.looseObject({
  name: z.string(),
  image: z.string(),
  imageID: z.string().optional(),
  containerID: z.string().optional(),
  ready: z.boolean(),
  started: z.boolean().optional(),
  restartCount: int(),
  state: ContainerState.optional(),
  lastState: ContainerState.optional(),
});

export const PodStatus = z.looseObject({
  phase: z.enum(['Pending', 'Running', 'Succeeded', 'Failed', 'Unknown']).optional(),
  conditions: z.array(Condition).optional(),
  message: z.string().optional(),
  reason: z.string().optional(),
  hostIP: z.string().optional(),
  hostIPs: z.array(z.looseObject({ ip: z.string() })).optional(),
  podIP: z.string().optional(),
  podIPs: z.array(z.looseObject({ ip: z.string() })).optional(),
  startTime: z.string().optional(),
  containerStatuses: z.array(ContainerStatus).optional(),
  initContainerStatuses: z.array(ContainerStatus).optional(),
  qosClass: z.string().optional(),
});

export const PodTemplateSpec = z.looseObject({ metadata: ObjectMeta.optional(), spec: PodSpec });

export const Pod = resource('v1', 'Pod', { spec: PodSpec, status: PodStatus.optional() });

// ---- Secret and ConfigMap
export const Secret = resource('v1', 'Secret', {
  type: z.string().optional(),
  data: stringMap().optional(),
  stringData: stringMap().optional(),
  immutable: z.boolean().optional(),
});

export const ConfigMap = resource('v1', 'ConfigMap', {
  data: stringMap().optional(),
  binaryData: stringMap().optional(),
  immutable: z.boolean().optional(),
});

// ---- Event (core/v1)
export const Event = resource('v1', 'Event', {
  involvedObject: ObjectReference,
  reason: z.string().optional(),
  message: z.string().optional(),
  source: z
    .looseObject({ component: z.string().optional(), host: z.string().optional() })
    .optional(),
  firstTimestamp: z.string().optional(),
  lastTimestamp: z.string().optional(),
  eventTime: z.string().optional(),
  count: int().optional(),
  type: z.string().optional(),
  action: z.string().optional(),
  reportingComponent: z.string().optional(),
  reportingInstance: z.string().optional(),
});

// ---- Node
export const Node = resource('v1', 'Node', {
  spec: z
    .looseObject({
      podCIDR: z.string().optional(),
      podCIDRs: z.array(z.string()).optional(),
      unschedulable: z.boolean().optional(),
      taints: z.array(z.looseObject({ key: z.string(), effect: z.string() })).optional(),
    })
    .optional(),
  status: z
    .looseObject({
      addresses: z.array(z.looseObject({ type: z.string(), address: z.string() })).optional(),
      conditions: z.array(Condition).optional(),
      capacity: z.record(z.string(), IntOrString).optional(),
      allocatable: z.record(z.string(), IntOrString).optional(),
      nodeInfo: z.looseObject({}).optional(),
    })
    .optional(),
});

export type Namespace = z.infer<typeof Namespace>;
export type Service = z.infer<typeof Service>;
export type ServicePort = z.infer<typeof ServicePort>;
export type ServiceSpec = z.infer<typeof ServiceSpec>;
export type Endpoints = z.infer<typeof Endpoints>;
export type Pod = z.infer<typeof Pod>;
export type PodSpec = z.infer<typeof PodSpec>;
export type PodStatus = z.infer<typeof PodStatus>;
export type PodTemplateSpec = z.infer<typeof PodTemplateSpec>;
export type Container = z.infer<typeof Container>;
export type ContainerPort = z.infer<typeof ContainerPort>;
export type ContainerStatus = z.infer<typeof ContainerStatus>;
export type Secret = z.infer<typeof Secret>;
export type ConfigMap = z.infer<typeof ConfigMap>;
export type Event = z.infer<typeof Event>;
export type Node = z.infer<typeof Node>;
