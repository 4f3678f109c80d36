'use client';
import { ErrorState } from '@/components/ui/card';
import { Button } from '@/components/ui/button';

export default function ProjectError({ error, reset }: { error: Error; reset: () => void }) {
  return <ErrorState title="This page failed to load" message={error.message} action={<Button size="sm" onClick={reset}>Try again</Button>} />;
}
