/**
 * The people the console is for, as Playwright storage states: the platform admin (users,
 * projects), and a project admin (members), a project operator and a project viewer of `demo`
 * (made by auth.setup.ts).
 * A spec says who it runs as with `runAs('operator')` at its top; the default page, context and
 * request of its tests are then signed in as that persona. Admin state only for admin specs.
 */
import path from 'node:path';
import { test } from '@playwright/test';
import { ADMIN_PASSWORD } from './auth';

export type Persona = 'admin' | 'project-admin' | 'operator' | 'viewer';
/** The personas that are members of demo (bound by auth.setup.ts). */
export const PROJECT_PERSONAS = ['project-admin', 'operator', 'viewer'] as const satisfies Persona[];

/** The accounts behind the personas (all but admin are bound in project demo). */
export const PERSONAS: Record<Persona, { username: string; password: string; role?: 'portico:project-admin' | 'portico:project-operator' | 'portico:project-viewer' }> = {
  admin: { username: 'admin', password: ADMIN_PASSWORD },
  'project-admin': { username: 'e2e-project-admin', password: 'e2e-project-admin-password', role: 'portico:project-admin' },
  operator: { username: 'e2e-operator', password: 'e2e-operator-password', role: 'portico:project-operator' },
  viewer: { username: 'e2e-viewer', password: 'e2e-viewer-password', role: 'portico:project-viewer' },
};

/** Where auth.setup.ts saves the persona's signed-in session. */
export function storageStateOf(persona: Persona): string {
  return path.join(process.env.PORTICO_E2E_DATA_DIR || 'test-results', `${persona}-storage-state.json`);
}

/** Runs the tests of the calling file (or describe block) signed in as `persona`. */
export function runAs(persona: Persona): void {
  test.use({ storageState: storageStateOf(persona) });
}
