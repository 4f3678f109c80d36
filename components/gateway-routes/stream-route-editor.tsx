'use client';
/**
 * The GRPCRoute, TLSRoute and TCPRoute editors: the generic route editor
 * (./route-form-editor.tsx) with each kind's form adapter, i.e. its mapping
 * (lib/forms/stream-route-form), zod schema (lib/forms/stream-route-form-schema) and fields.
 */
import { zodResolver } from '@hookform/resolvers/zod';
import type { Manifest } from '@/lib/console/manifest';
import {
  emptyGrpcRule,
  emptyStreamRule,
  formToGrpcRoute,
  formToStreamRoute,
  grpcRouteFieldToFormField,
  grpcRouteToForm,
  newRouteBase,
  streamRouteFieldToFormField,
  streamRouteToForm,
  type GrpcRouteForm,
  type StreamRouteForm,
} from '@/lib/forms/stream-route-form';
import { grpcRouteFormSchema, streamRouteFormSchema } from '@/lib/forms/stream-route-form-schema';
import type { EditMode } from '../common/edit-mode';
import { RouteFormEditor, type RouteFormAdapter } from './route-form-editor';
import { ROUTE_KINDS } from './route-kinds';
import type { StreamRouteResource } from './stream-route-resources';
import { GRPC_LISTENER_PROTOCOLS, GrpcRouteFormFields, TCP_LISTENER_PROTOCOLS, TcpRouteFormFields, TLS_LISTENER_PROTOCOLS, TlsRouteFormFields } from './stream-route-form-fields';

const newParent = () => [{ gateway: '', sectionName: '' }];

export const GRPC_ROUTE_FORM: RouteFormAdapter<GrpcRouteForm> = {
  kind: ROUTE_KINDS.grpcroutes,
  protocols: GRPC_LISTENER_PROTOCOLS,
  resolver: zodResolver(grpcRouteFormSchema),
  toForm: grpcRouteToForm,
  toManifest: (f, base, project) => formToGrpcRoute(f, base, project) as Manifest,
  fieldToForm: grpcRouteFieldToFormField,
  empty: () => ({ name: '', parents: newParent(), hostnames: [], rules: [emptyGrpcRule()] }),
  newBase: (project) => newRouteBase('GRPCRoute', project) as Manifest,
  Fields: GrpcRouteFormFields,
};

function streamAdapter(kind: 'TLSRoute' | 'TCPRoute'): RouteFormAdapter<StreamRouteForm> {
  const tls = kind === 'TLSRoute';
  return {
    kind: tls ? ROUTE_KINDS.tlsroutes : ROUTE_KINDS.tcproutes,
    protocols: tls ? TLS_LISTENER_PROTOCOLS : TCP_LISTENER_PROTOCOLS,
    resolver: zodResolver(streamRouteFormSchema({ hostnames: tls })),
    toForm: streamRouteToForm,
    toManifest: (f, base, project) => formToStreamRoute(f, base, project) as Manifest,
    fieldToForm: streamRouteFieldToFormField,
    empty: () => ({ name: '', parents: newParent(), hostnames: tls ? [{ value: '' }] : [], rules: [emptyStreamRule()] }),
    newBase: (project) => newRouteBase(kind, project) as Manifest,
    Fields: tls ? TlsRouteFormFields : TcpRouteFormFields,
  };
}

export const TLS_ROUTE_FORM = streamAdapter('TLSRoute');
export const TCP_ROUTE_FORM = streamAdapter('TCPRoute');


/** Create (no `existing`) or edit a route of one of these kinds with the form or as YAML/JSON. */
export function StreamRouteEditor({ resource, ...props }: { resource: StreamRouteResource; project: string; existing?: Manifest; initialMode?: EditMode; onSaved?: (obj: Manifest) => void }) {
  if (resource === 'grpcroutes') return <RouteFormEditor adapter={GRPC_ROUTE_FORM} {...props} />;
  return <RouteFormEditor adapter={resource === 'tlsroutes' ? TLS_ROUTE_FORM : TCP_ROUTE_FORM} {...props} />;
}
