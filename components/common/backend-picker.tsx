'use client';
/**
 * Form pieces every route form shares (the Ingress wizard and the HTTPRoute form): the
 * service + port picker of a backend and a rule's header with its Remove button.
 */
import { Controller, useFormContext, useWatch } from 'react-hook-form';
import { Trash2 } from 'lucide-react';
import type { ServiceSummary } from '@/lib/console/rows';
import { Button } from './button';
import { Combobox, errorAt, Select, type Option } from './controls';

export function serviceOptions(services: ServiceSummary[]): Option[] {
  return services.map((s) => ({
    value: s.name,
    label: s.name,
    detail: s.ports.map((p) => (p.name ? `${p.port}/${p.name}` : String(p.port))).join(', ') || 'no ports',
  }));
}

export function portOptions(services: ServiceSummary[], service: string): Option[] {
  const svc = services.find((s) => s.name === service);
  return (svc?.ports ?? []).map((p) => ({ value: String(p.port), label: String(p.port), detail: [p.name, p.protocol].filter(Boolean).join(' ') }));
}

/**
 * Service combobox and port select for a backend at `base` (also used by the HTTPRoute form:
 * `fields` names the two form fields under `base`).
 */
export function BackendPicker({
  base,
  services,
  labelPrefix,
  fields = { service: 'service', port: 'port' },
}: {
  base: string;
  services: ServiceSummary[];
  labelPrefix: string;
  fields?: { service: string; port: string };
}) {
  // Any form: the route wizard's Ingress form and the HTTPRoute form both place backends by path.
  const { control, formState, setValue } = useFormContext();
  const serviceName = `${base}.${fields.service}`;
  const portName = `${base}.${fields.port}`;
  const service = useWatch({ control, name: serviceName }) as string;
  return (
    <>
      <Controller
        control={control}
        name={serviceName}
        render={({ field }) => (
          <Combobox
            label={`${labelPrefix}service`}
            value={field.value}
            onChange={(v) => {
              field.onChange(v);
              // Pre-pick the port when the service has exactly one.
              const ports = portOptions(services, v);
              setValue(portName, ports.length === 1 ? ports[0].value : '', { shouldValidate: formState.isSubmitted });
            }}
            options={serviceOptions(services)}
            placeholder="Choose a service"
            emptyText="No service with that name in this project"
            error={errorAt(formState.errors, serviceName)}
          />
        )}
      />
      <Controller
        control={control}
        name={portName}
        render={({ field }) => (
          <Select
            label={`${labelPrefix}port`}
            value={field.value}
            onChange={field.onChange}
            options={portOptions(services, service)}
            placeholder={service ? 'Choose a port' : 'Choose a service first'}
            error={errorAt(formState.errors, portName)}
          />
        )}
      />
    </>
  );
}

/** "Rule N" with its Remove button (route wizard and HTTPRoute form). */
export function RuleHeader({ number, onRemove }: { number: number; onRemove: () => void }) {
  return (
    <div className="flex items-center justify-between">
      <h3 className="text-sm font-semibold text-slate-800">Rule {number}</h3>
      <Button variant="ghost" className="text-red-700 hover:bg-red-50" onClick={onRemove} aria-label={`Remove rule ${number}`}>
        <Trash2 className="h-4 w-4" aria-hidden /> Remove
      </Button>
    </div>
  );
}
