'use client';
/**
 * Small form controls of the wizard, built on Radix (Select, Popover) and cmdk (Combobox).
 * Every control takes an accessible label; errors are linked with aria-describedby.
 */
import { forwardRef, useId, useState, type InputHTMLAttributes, type ReactNode } from 'react';
import { Popover, Select as RSelect } from 'radix-ui';
import { get } from 'react-hook-form';
import { Command, defaultFilter } from 'cmdk';
import { Check, ChevronDown } from 'lucide-react';
import clsx from 'clsx';

export const inputClass =
  'w-full rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm shadow-sm outline-none focus:border-indigo-600 focus:ring-2 focus:ring-indigo-200 aria-[invalid=true]:border-red-500';

export function FieldError({ id, message }: { id: string; message?: string }) {
  if (!message) return null;
  return (
    <p id={id} role="alert" className="mt-1 text-xs text-red-700">
      {message}
    </p>
  );
}

interface TextFieldProps extends InputHTMLAttributes<HTMLInputElement> {
  label: string;
  hint?: ReactNode;
  error?: string;
  hideLabel?: boolean;
}

export const TextField = forwardRef<HTMLInputElement, TextFieldProps>(function TextField(
  { label, hint, error, hideLabel, className, id, ...rest },
  ref,
) {
  const auto = useId();
  const inputId = id ?? auto;
  const errId = `${inputId}-error`;
  const hintId = `${inputId}-hint`;
  return (
    <div className={className}>
      <label htmlFor={inputId} className={clsx('mb-1 block text-sm font-medium text-slate-700', hideLabel && 'sr-only')}>
        {label}
      </label>
      <input
        ref={ref}
        id={inputId}
        aria-invalid={error ? true : undefined}
        aria-describedby={clsx(error && errId, hint && hintId) || undefined}
        className={inputClass}
        {...rest}
      />
      {hint && !error ? (
        <p id={hintId} className="mt-1 text-xs text-slate-500">
          {hint}
        </p>
      ) : null}
      <FieldError id={errId} message={error} />
    </div>
  );
});

export interface Option {
  value: string;
  label: string;
  detail?: string;
}

interface SelectProps {
  label: string;
  value: string;
  onChange: (v: string) => void;
  options: Option[];
  placeholder?: string;
  error?: string;
  hideLabel?: boolean;
  className?: string;
  disabled?: boolean;
}

/** Radix Select; an empty value shows the placeholder. */
export function Select({ label, value, onChange, options, placeholder = 'Choose…', error, hideLabel, className, disabled }: SelectProps) {
  const id = useId();
  const all = value && !options.some((o) => o.value === value) ? [{ value, label: value }, ...options] : options;
  return (
    <div className={className}>
      <span id={`${id}-label`} className={clsx('mb-1 block text-sm font-medium text-slate-700', hideLabel && 'sr-only')}>
        {label}
      </span>
      <RSelect.Root value={value} onValueChange={onChange} disabled={disabled}>
        <RSelect.Trigger
          aria-labelledby={`${id}-label`}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          className={clsx(inputClass, 'flex items-center justify-between gap-2 text-left disabled:bg-slate-100')}
        >
          <RSelect.Value placeholder={<span className="text-slate-400">{placeholder}</span>} />
          <RSelect.Icon>
            <ChevronDown className="h-4 w-4 text-slate-500" aria-hidden />
          </RSelect.Icon>
        </RSelect.Trigger>
        <RSelect.Portal>
          <RSelect.Content position="popper" sideOffset={4} className="z-50 max-h-72 min-w-[var(--radix-select-trigger-width)] overflow-hidden rounded-md border border-slate-200 bg-white shadow-lg">
            <RSelect.Viewport className="p-1">
              {all.length === 0 ? <div className="px-2 py-1.5 text-sm text-slate-500">Nothing to choose</div> : null}
              {all.map((o) => (
                <RSelect.Item
                  key={o.value}
                  value={o.value}
                  className="flex cursor-default items-center justify-between gap-3 rounded px-2 py-1.5 text-sm outline-none data-[highlighted]:bg-indigo-50"
                >
                  <RSelect.ItemText>{o.label}</RSelect.ItemText>
                  {o.detail ? <span className="text-xs text-slate-500">{o.detail}</span> : null}
                </RSelect.Item>
              ))}
            </RSelect.Viewport>
          </RSelect.Content>
        </RSelect.Portal>
      </RSelect.Root>
      <FieldError id={`${id}-error`} message={error} />
    </div>
  );
}

interface ComboboxProps {
  label: string;
  value: string;
  onChange: (v: string) => void;
  options: Option[];
  placeholder?: string;
  /** Allow a value that is not in the options (e.g. a custom annotation key). */
  allowCustom?: boolean;
  error?: string;
  hideLabel?: boolean;
  className?: string;
  emptyText?: string;
}

const CUSTOM_ENTRY = '__custom-entry__';

/** The "Use <typed text>" entry always shows, below every real match. */
function rankCustomLast(value: string, search: string, keywords?: string[]): number {
  if (value === CUSTOM_ENTRY) return 0.0001;
  return defaultFilter(value, search, keywords);
}

/** cmdk combobox in a Radix Popover: type to filter, arrows to move, Enter to pick. */
export function Combobox({ label, value, onChange, options, placeholder = 'Choose…', allowCustom, error, hideLabel, className, emptyText = 'No match' }: ComboboxProps) {
  const id = useId();
  const [open, setOpen] = useState(false);
  const [search, setSearch] = useState('');
  const current = options.find((o) => o.value === value);
  const pick = (v: string) => {
    onChange(v);
    setOpen(false);
    setSearch('');
  };
  const custom = search.trim();
  return (
    <div className={className}>
      <span id={`${id}-label`} className={clsx('mb-1 block text-sm font-medium text-slate-700', hideLabel && 'sr-only')}>
        {label}
      </span>
      <Popover.Root open={open} onOpenChange={setOpen}>
        <Popover.Trigger
          role="combobox"
          aria-expanded={open}
          aria-labelledby={`${id}-label`}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          className={clsx(inputClass, 'flex items-center justify-between gap-2 text-left')}
        >
          <span className={clsx('truncate', !value && 'text-slate-400')}>{current?.label ?? (value || placeholder)}</span>
          <ChevronDown className="h-4 w-4 shrink-0 text-slate-500" aria-hidden />
        </Popover.Trigger>
        <Popover.Portal>
          <Popover.Content align="start" sideOffset={4} className="z-50 w-[max(var(--radix-popover-trigger-width),22rem)] rounded-md border border-slate-200 bg-white shadow-lg">
            <Command label={label} filter={rankCustomLast}>
              <Command.Input
                value={search}
                onValueChange={setSearch}
                placeholder={allowCustom ? 'Type or choose…' : 'Search…'}
                aria-label={`Search ${label}`}
                className="w-full border-b border-slate-200 px-3 py-2 text-sm outline-none"
              />
              <Command.List className="max-h-64 overflow-y-auto p-1">
                <Command.Empty className="px-2 py-1.5 text-sm text-slate-500">{allowCustom && custom ? null : emptyText}</Command.Empty>
                {options.map((o) => (
                  <Command.Item
                    key={o.value}
                    value={o.value}
                    keywords={[o.label, o.detail ?? '']}
                    onSelect={() => pick(o.value)}
                    className="flex cursor-default flex-col rounded px-2 py-1.5 text-sm data-[selected=true]:bg-indigo-50"
                  >
                    <span className="flex items-center gap-2">
                      {o.value === value ? <Check className="h-3.5 w-3.5 text-indigo-700" aria-hidden /> : <span className="w-3.5" />}
                      {o.label}
                    </span>
                    {o.detail ? <span className="pl-5.5 text-xs text-slate-500">{o.detail}</span> : null}
                  </Command.Item>
                ))}
                {allowCustom && custom && !options.some((o) => o.value === custom) ? (
                  <Command.Item value={CUSTOM_ENTRY} forceMount onSelect={() => pick(custom)} className="rounded px-2 py-1.5 text-sm data-[selected=true]:bg-indigo-50">
                    Use “{custom}”
                  </Command.Item>
                ) : null}
              </Command.List>
            </Command>
          </Popover.Content>
        </Popover.Portal>
      </Popover.Root>
      <FieldError id={`${id}-error`} message={error} />
    </div>
  );
}

/** The message of a react-hook-form error at a dotted path (array-level errors included). */
export function errorAt(errors: unknown, path: string): string | undefined {
  const e = get(errors, path) as { message?: string; root?: { message?: string } } | undefined;
  return e?.message ?? e?.root?.message;
}
