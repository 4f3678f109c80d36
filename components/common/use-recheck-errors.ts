'use client';
import { useEffect } from 'react';
import { get, type FieldValues, type UseFormReturn } from 'react-hook-form';

/** A field that shows an error is re-checked as soon as it changes, so fixed errors go away. */
export function useRecheckErrors<T extends FieldValues>(form: UseFormReturn<T>): void {
  useEffect(() => {
    const sub = form.watch((_values, { name }) => {
      if (name && get(form.formState.errors, name)) void form.trigger(name);
    });
    return () => sub.unsubscribe();
  }, [form]);
}
