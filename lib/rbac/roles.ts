/** The built-in project roles (ClusterRoles seeded by the dev cluster), for forms and labels. */
export const MEMBER_ROLES = ['portico:project-admin', 'portico:project-operator', 'portico:project-viewer'] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];

export const ROLE_LABELS: Record<MemberRole, { title: string; description: string }> = {
  'portico:project-admin': { title: 'Project admin', description: 'Everything in the project, including its members.' },
  'portico:project-operator': { title: 'Operator', description: 'Manage routes, HTTPRoutes, services (with manual endpoints) and TLS secrets; read pods and events.' },
  'portico:project-viewer': { title: 'Viewer', description: 'Read routes, services, pods and events; no secrets.' },
};
