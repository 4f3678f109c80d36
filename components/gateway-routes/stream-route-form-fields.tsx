'use client';
/**
 * The fields of the GRPCRoute form (name, parent Gateways, hostnames, rules of service/method
 * and header matches with weighted backends) and of the TLSRoute / TCPRoute forms (name,
 * parents, SNI hostnames for TLS, rules of backends). Controls are labelled "Rule 1 match 1
 * service" style, as in the HTTPRoute form, whose parent, hostname, header and backend pieces
 * these are (./route-form-parts.tsx).
 */
import { useFieldArray, useFormContext } from 'react-hook-form';
import { Plus } from 'lucide-react';
import { MATCH_TYPES } from '@/lib/forms/httproute-form';
import { emptyGrpcMatch, emptyGrpcRule, emptyStreamRule, type GrpcRouteForm, type StreamRouteForm } from '@/lib/forms/stream-route-form';
import type { GatewayChoice, ServiceSummary } from '@/lib/console/rows';
import { errorAt, FieldError } from '../common/controls';
import { Button } from '../common/button';
import { RuleHeader } from '../common/backend-picker';
import { BackendRows, HostnameRows, NameValueRows, ParentRows, RemoveButton, SelectField, Text } from './route-form-parts';

interface FieldsProps {
  services: ServiceSummary[];
  gateways: GatewayChoice[];
  editing: boolean;
}

function NameField({ editing }: { editing: boolean }) {
  return (
    <div className="max-w-xl">
      <Text name="name" label="Name" placeholder="my-route" readOnly={editing} hint={editing ? 'The name of an existing route cannot change.' : 'Lowercase letters, digits, "-" and "."'} />
    </div>
  );
}

// ---- GRPCRoute

function GrpcMatchRows({ rule }: { rule: number }) {
  const { control } = useFormContext<GrpcRouteForm>();
  const { fields, append, remove } = useFieldArray({ control, name: `rules.${rule}.matches` });
  const r = rule + 1;
  return (
    <fieldset className="grid gap-3">
      <legend className="text-sm font-medium text-slate-700">Matches</legend>
      {fields.length === 0 ? <p className="text-xs text-slate-500">No match: the rule takes every call.</p> : null}
      {fields.map((f, j) => {
        const base = `rules.${rule}.matches.${j}`;
        const l = `Rule ${r} match ${j + 1}`;
        return (
          <div key={f.id} role="group" aria-label={l} className="rounded-md border border-slate-200 p-3">
            <div className="grid grid-cols-[0.9fr_1.5fr_1fr_auto] items-start gap-2">
              <SelectField name={`${base}.methodType`} label={`${l} match type`} options={MATCH_TYPES.map((t) => ({ value: t, label: t }))} />
              <Text name={`${base}.service`} label={`${l} service`} placeholder="helloworld.Greeter (empty: any)" />
              <Text name={`${base}.method`} label={`${l} method`} placeholder="SayHello (empty: any)" />
              <RemoveButton label={`Remove ${l}`} onClick={() => remove(j)} />
            </div>
            <div className="mt-2 grid gap-2">
              <NameValueRows base={`${base}.headers`} label={l} what="header" />
            </div>
          </div>
        );
      })}
      <div>
        <Button onClick={() => append(emptyGrpcMatch())}>
          <Plus className="h-4 w-4" aria-hidden /> Add match to rule {r}
        </Button>
      </div>
    </fieldset>
  );
}

export function GrpcRouteFormFields({ services, gateways, editing }: FieldsProps) {
  const { control } = useFormContext<GrpcRouteForm>();
  const { fields, append, remove } = useFieldArray({ control, name: 'rules' });
  return (
    <div className="grid gap-6">
      <NameField editing={editing} />
      <ParentRows gateways={gateways} protocols={GRPC_LISTENER_PROTOCOLS} />
      <HostnameRows />
      <div className="grid gap-4">
        <h3 className="text-sm font-semibold text-slate-800">Rules</h3>
        {fields.length === 0 ? <p className="text-sm text-slate-500">No rule: the route matches nothing until you add one.</p> : null}
        {fields.map((f, i) => (
          <section key={f.id} aria-label={`Rule ${i + 1}`} className="grid gap-4 rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
            <RuleHeader number={i + 1} onRemove={() => remove(i)} />
            <GrpcMatchRows rule={i} />
            <BackendRows rule={i} services={services} />
          </section>
        ))}
        <div>
          <Button onClick={() => append(emptyGrpcRule())}>
            <Plus className="h-4 w-4" aria-hidden /> Add rule
          </Button>
        </div>
      </div>
    </div>
  );
}

// ---- TLSRoute and TCPRoute

/** Listener protocols per kind (gRPC rides HTTP/2 on HTTP and HTTPS listeners). */
export const GRPC_LISTENER_PROTOCOLS = ['HTTP', 'HTTPS'] as const;
export const TLS_LISTENER_PROTOCOLS = ['TLS'] as const;
export const TCP_LISTENER_PROTOCOLS = ['TCP'] as const;

function StreamRouteFields({ services, gateways, editing, tls }: FieldsProps & { tls: boolean }) {
  const { control, formState } = useFormContext<StreamRouteForm>();
  const { fields, append, remove } = useFieldArray({ control, name: 'rules' });
  return (
    <div className="grid gap-6">
      <NameField editing={editing} />
      <ParentRows gateways={gateways} protocols={tls ? TLS_LISTENER_PROTOCOLS : TCP_LISTENER_PROTOCOLS} />
      {tls ? <HostnameRows legend="SNI hostnames" hint="The server names (SNI) whose TLS connections this route passes through, unterminated. None: every name the listener accepts. Wildcards like *.example.com are allowed." /> : null}
      <div className="grid gap-4">
        <h3 className="text-sm font-semibold text-slate-800">Rules</h3>
        <FieldError id="rules-error" message={errorAt(formState.errors, 'rules')} />
        {fields.map((f, i) => (
          <section key={f.id} aria-label={`Rule ${i + 1}`} className="grid gap-4 rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
            <RuleHeader number={i + 1} onRemove={() => remove(i)} />
            <BackendRows rule={i} services={services} />
          </section>
        ))}
        <div>
          <Button onClick={() => append(emptyStreamRule())}>
            <Plus className="h-4 w-4" aria-hidden /> Add rule
          </Button>
        </div>
      </div>
    </div>
  );
}

export const TlsRouteFormFields = (p: FieldsProps) => <StreamRouteFields {...p} tls />;
export const TcpRouteFormFields = (p: FieldsProps) => <StreamRouteFields {...p} tls={false} />;
