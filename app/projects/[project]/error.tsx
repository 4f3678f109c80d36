'use client';
import { ErrorState } from '@/components/common/card';
import { Button } from '@/components/common/button';

export default function ProjectError({ error, reset }: { error: Error; reset: () => void }) {
  return <ErrorState title="This page failed to load" message={error.message} action={<Button size="sm" onClick={reset}>Try again</Button>} />;
}
