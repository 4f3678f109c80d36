'use client';
import clsx from 'clsx';
import { Check } from 'lucide-react';

export const STEPS = ['Basic info', 'Rules', 'Annotations', 'Labels'] as const;

/** Ordered list of steps; earlier steps are buttons so users can go back. `steps`: another wizard's titles. */
export function Stepper({ current, onGo, disabled, steps = STEPS }: { current: number; onGo: (step: number) => void; disabled?: boolean; steps?: readonly string[] }) {
  return (
    <nav aria-label="Wizard steps">
      <ol className="flex flex-wrap items-center gap-2">
        {steps.map((title, i) => {
          const state = i < current ? 'done' : i === current ? 'current' : 'todo';
          const body = (
            <>
              <span
                className={clsx(
                  'flex h-6 w-6 items-center justify-center rounded-full text-xs font-semibold',
                  state === 'done' && 'bg-indigo-700 text-white',
                  state === 'current' && 'border-2 border-indigo-700 text-indigo-800',
                  state === 'todo' && 'border border-slate-300 text-slate-500',
                )}
                aria-hidden
              >
                {state === 'done' ? <Check className="h-3.5 w-3.5" /> : i + 1}
              </span>
              <span className={clsx('text-sm', state === 'current' ? 'font-semibold text-slate-900' : 'text-slate-600')}>{title}</span>
              <span className="sr-only">{state === 'done' ? '(completed)' : state === 'todo' ? '(not started)' : ''}</span>
            </>
          );
          return (
            <li key={title} className="flex items-center gap-2" aria-current={state === 'current' ? 'step' : undefined}>
              {state === 'done' && !disabled ? (
                <button type="button" onClick={() => onGo(i)} className="flex items-center gap-2 rounded px-1 outline-none focus-visible:ring-2 focus-visible:ring-indigo-400" aria-label={`Step ${i + 1}: ${title} (completed), go back`}>
                  {body}
                </button>
              ) : (
                <span className="flex items-center gap-2 px-1">
                  <span className="sr-only">{`Step ${i + 1}: `}</span>
                  {body}
                </span>
              )}
              {i < steps.length - 1 ? <span className="mx-1 h-px w-8 bg-slate-300" aria-hidden /> : null}
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
