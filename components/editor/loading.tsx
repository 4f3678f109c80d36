export function EditorLoadingPlaceholder() {
  return (
    <div role="status" aria-live="polite" className="flex h-40 items-center justify-center rounded-md border border-slate-200 bg-white text-sm text-slate-500">
      Loading editor…
    </div>
  );
}
