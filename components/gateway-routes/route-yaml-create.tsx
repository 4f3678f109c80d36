'use client';
/** Create a Gateway API route of any kind written as YAML or JSON (kinds without a form use only this). */
import { useMemo, useState } from 'react';
import { useRouter } from 'next/navigation';
import { toast } from 'sonner';
import { manifestToText, parseManifest, type EditorFieldError, type ManifestLanguage } from '../editor';
import { checkManifestText } from '../common/manifest-check';
import { ManifestTextPane } from '../common/manifest-text-pane';
import { ServerErrors } from '../common/edit-mode';
import { ROUTE_KINDS, saveRoute, type GatewayRouteResource } from './route-kinds';

export function RouteYamlCreate({ project, resource }: { project: string; resource: GatewayRouteResource }) {
  const kind = ROUTE_KINDS[resource];
  const router = useRouter();
  const [language, setLanguage] = useState<ManifestLanguage>('yaml');
  const [text, setText] = useState(() => manifestToText(kind.blank(project), 'yaml'));
  const [errors, setErrors] = useState<{ message: string; fields: EditorFieldError[] } | null>(null);
  const [busy, setBusy] = useState(false);
  const check = useMemo(() => checkManifestText(text, language, project, kind.expected), [text, language, project, kind]);

  const switchLanguage = (next: ManifestLanguage) => {
    const p = parseManifest(text, language);
    if (!p.ok) return toast.error(`Fix the ${language.toUpperCase()} first: ${p.problems[0]?.message}`);
    setText(manifestToText(p.value, next));
    setLanguage(next);
  };

  const create = async () => {
    if (!check.parsed || check.reason) return;
    setBusy(true);
    setErrors(null);
    const r = await saveRoute(kind, project, check.parsed).finally(() => setBusy(false));
    if (!r.ok) {
      setErrors({ message: r.message, fields: r.fieldErrors });
      toast.error(`The ${kind.label} was not created: ${r.message}`);
      return;
    }
    toast.success(`${kind.label} ${r.value.metadata?.name} created`);
    router.push(`/projects/${encodeURIComponent(project)}/${resource}/${encodeURIComponent(r.value.metadata?.name ?? '')}`);
  };

  return (
    <div className="space-y-3">
      <div role="radiogroup" aria-label="Format" className="inline-flex rounded-md border border-slate-300 bg-white p-0.5">
        {(['yaml', 'json'] as const).map((l) => (
          <button key={l} role="radio" aria-checked={language === l} onClick={() => switchLanguage(l)} className={`rounded px-2.5 py-1 text-xs font-medium ${language === l ? 'bg-indigo-600 text-white' : 'text-slate-700 hover:bg-slate-100'}`}>
            {l.toUpperCase()}
          </button>
        ))}
      </div>
      <ServerErrors errors={errors} />
      <ManifestTextPane
        language={language}
        text={text}
        onChange={setText}
        schema={kind.editorSchema()}
        check={check}
        serverFields={errors?.fields ?? []}
        busy={busy}
        submitLabel="Create"
        onSubmit={() => void create()}
        onCancel={() => router.push(`/projects/${encodeURIComponent(project)}/${resource}`)}
        ariaLabel={`${kind.label} ${language.toUpperCase()}`}
        name={`new-${resource}`}
      />
    </div>
  );
}
