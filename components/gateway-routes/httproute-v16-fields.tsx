'use client';
/**
 * The Gateway API v1.4-v1.6 parts of the HTTPRoute form: CORS filter fields, the mirror share,
 * and per rule its name, retry and session persistence. Each part is offered only when every
 * chosen Gateway's class lists the feature (lib/forms/route-features); a part already set on an
 * unsupported Gateway stays (the YAML is never trimmed) and is flagged.
 */
import { useFormContext, useWatch } from 'react-hook-form';
import { SESSION_LIFETIMES, SESSION_TYPES } from '@/lib/forms/httproute-v16-form';
import { FIELD_FEATURES, type FeatureSupport, type FormFeature } from '@/lib/forms/route-features';
import type { HttpRouteForm } from '@/lib/forms/httproute-form';
import { ANY, SelectField, Text } from './route-form-parts';

/** Says that a present field is not supported by the chosen Gateway(s); nothing when it is. */
export function UnsupportedFlag({ support, feature, what }: { support: FeatureSupport; feature: FormFeature; what: string }) {
  if (support.offered(feature)) return null;
  return (
    <p role="note" className="rounded-md border border-amber-200 bg-amber-50 px-2 py-1 text-xs text-amber-900">
      Not supported by {support.missingOn(feature).join(', ')} (its GatewayClass does not list {FIELD_FEATURES[feature]}): {what} is kept as it
      is, but that gateway may ignore it or reject the route.
    </p>
  );
}

export function CorsFields({ base, label }: { base: string; label: string }) {
  return (
    <div className="grid grid-cols-2 items-start gap-2">
      <Text name={`${base}.corsAllowOrigins`} label={`${label} allowed origins`} placeholder="https://shop.example.com, https://*.example.com or *" />
      <Text name={`${base}.corsAllowMethods`} label={`${label} allowed methods`} placeholder="GET, POST (or *)" />
      <Text name={`${base}.corsAllowHeaders`} label={`${label} allowed headers`} placeholder="Content-Type, Authorization (or *)" />
      <Text name={`${base}.corsExposeHeaders`} label={`${label} exposed headers`} placeholder="X-Request-Id" />
      <Text name={`${base}.corsMaxAge`} label={`${label} max age (seconds)`} inputMode="numeric" placeholder="5" />
      <SelectField
        name={`${base}.corsAllowCredentials`}
        label={`${label} allow credentials`}
        options={[{ value: ANY, label: 'Not set (no)' }, { value: 'true', label: 'Yes' }, { value: 'false', label: 'No' }]}
      />
    </div>
  );
}

export function MirrorShareField({ base, label, support, present }: { base: string; label: string; support: FeatureSupport; present: boolean }) {
  if (!support.offered('mirrorShare') && !present) return null;
  return (
    <div className="col-span-2 grid gap-1">
      <Text name={`${base}.mirrorShare`} label={`${label} mirrored share`} placeholder="every request; 10 = 10 %, 1/3 = a third" />
      <UnsupportedFlag support={support} feature="mirrorShare" what="the mirrored share" />
    </div>
  );
}

function Toggle({ name, label }: { name: string; label: string }) {
  const { register } = useFormContext();
  return (
    <label className="flex items-center gap-2 text-sm font-medium text-slate-700">
      <input type="checkbox" {...register(name)} /> {label}
    </label>
  );
}

/** Rule name, retry and session persistence of rule `rule` (0-based). */
export function RuleExtraFields({ rule, support }: { rule: number; support: FeatureSupport }) {
  const { control } = useFormContext<HttpRouteForm>();
  const r = useWatch({ control, name: `rules.${rule}` });
  const n = rule + 1;
  const base = `rules.${rule}`;
  const showName = support.offered('ruleName') || Boolean(r?.ruleName);
  const showRetry = support.offered('retry') || Boolean(r?.retry);
  const showSession = support.offered('session') || Boolean(r?.session);
  return (
    <>
      {showName ? (
        <div className="grid max-w-xl gap-1">
          <Text name={`${base}.ruleName`} label={`Rule ${n} name`} placeholder="optional, e.g. api" hint="Shown in the route's status and the trace." />
          <UnsupportedFlag support={support} feature="ruleName" what="the rule name" />
        </div>
      ) : null}
      {showRetry ? (
        <fieldset className="grid max-w-xl gap-2">
          <legend className="text-sm font-medium text-slate-700">Retries</legend>
          <Toggle name={`${base}.retry`} label={`Rule ${n} retry failed requests`} />
          {r?.retry ? (
            <div className="grid grid-cols-3 items-start gap-2">
              <Text name={`${base}.retryCodes`} label={`Rule ${n} retry on status codes`} placeholder="502, 503" />
              <Text name={`${base}.retryAttempts`} label={`Rule ${n} retry attempts`} inputMode="numeric" placeholder="1" />
              <Text name={`${base}.retryBackoff`} label={`Rule ${n} retry backoff`} placeholder="e.g. 100ms" />
            </div>
          ) : null}
          <UnsupportedFlag support={support} feature="retry" what="the retry" />
        </fieldset>
      ) : null}
      {showSession ? (
        <fieldset className="grid max-w-xl gap-2">
          <legend className="text-sm font-medium text-slate-700">Session persistence</legend>
          <Toggle name={`${base}.session`} label={`Rule ${n} keep each session on one endpoint`} />
          {r?.session ? (
            <div className="grid grid-cols-2 items-start gap-2">
              <SelectField name={`${base}.sessionType`} label={`Rule ${n} session carried by`} options={[{ value: ANY, label: 'Cookie (default)' }, ...SESSION_TYPES.map((t) => ({ value: t, label: t }))]} />
              <Text name={`${base}.sessionName`} label={`Rule ${n} session cookie or header name`} placeholder="gateway's default" />
              <Text name={`${base}.sessionAbsoluteTimeout`} label={`Rule ${n} session absolute timeout`} placeholder="e.g. 1h" />
              {r.sessionType !== 'Header' ? (
                <SelectField name={`${base}.sessionLifetime`} label={`Rule ${n} session cookie lifetime`} options={[{ value: ANY, label: 'Not set' }, ...SESSION_LIFETIMES.map((t) => ({ value: t, label: t }))]} />
              ) : null}
            </div>
          ) : null}
          <UnsupportedFlag support={support} feature="session" what="session persistence" />
        </fieldset>
      ) : null}
    </>
  );
}
