/**
 * Roles and what each may do. Scope (which org units) is checked separately: a permission says
 * what kind of act is allowed, the user's org unit says where.
 */
export const ROLES = [
  'admin',
  'planner',
  'clerk',
  'viewer',
  'epidemiologist',
  'doctor',
  'emergency',
] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  'plan:read',
  'plan:import',
  'catalogue:read',
  'data:read',
  'data:write',
  'data:approve',
  'user:manage',
  'audit:read',
  'surveillance:read',
  'surveillance:report',
  'surveillance:triage',
  'surveillance:identifiers',
  'demo:manage',
  // The resident platform (sensitive personal information, 个人信息保护法 Art. 28).
  'resident:read',
  'resident:write',
  'resident:identifiers',
  'resident:merge',
  'record:review',
  'programme:write',
  'team:manage',
  // Public-health emergencies: events, response teams and the reserve of supplies.
  'emergency:read',
  'emergency:manage',
  'emergency:contacts',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const MATRIX: Record<Role, readonly Permission[]> = {
  admin: PERMISSIONS,
  planner: [
    'plan:read',
    'plan:import',
    'catalogue:read',
    'data:read',
    'data:approve',
    'audit:read',
    'surveillance:read',
    'emergency:read',
  ],
  clerk: [
    'plan:read',
    'catalogue:read',
    'data:read',
    'data:write',
    'surveillance:read',
    'surveillance:report',
    'emergency:read',
  ],
  // Viewers (bureau staff following the work) may look residents up, always masked and logged:
  // they lack resident:identifiers, so names, numbers, phones and addresses reach them masked.
  viewer: [
    'plan:read',
    'catalogue:read',
    'data:read',
    'surveillance:read',
    'resident:read',
    'emergency:read',
  ],
  // CDC epidemiologists report and triage, and are the only role besides admin to see identifiers.
  epidemiologist: [
    'plan:read',
    'catalogue:read',
    'data:read',
    'surveillance:read',
    'surveillance:report',
    'surveillance:triage',
    'surveillance:identifiers',
    'emergency:read',
  ],
  // Family doctors, nurses and public-health staff of a community health centre (社康): the
  // records of their facility's residents, with identifiers, and the services they give.
  doctor: [
    'plan:read',
    'catalogue:read',
    'data:read',
    'surveillance:read',
    'resident:read',
    'resident:write',
    'resident:identifiers',
    'programme:write',
    'emergency:read',
  ],
  // The emergency officer (卫生应急办): events, teams and the reserve, and the teams' contacts.
  emergency: [
    'plan:read',
    'catalogue:read',
    'data:read',
    'surveillance:read',
    'emergency:read',
    'emergency:manage',
    'emergency:contacts',
  ],
};

/** Whether a role carries a permission. */
export function can(role: Role, permission: Permission): boolean {
  return MATRIX[role].includes(permission);
}

/** Role names for display. */
export const ROLE_NAMES: Record<Role, { zh: string; en: string }> = {
  admin: { zh: '系统管理员', en: 'Administrator' },
  planner: { zh: '规划管理人员', en: 'Planner' },
  clerk: { zh: '数据填报员', en: 'Data clerk' },
  viewer: { zh: '查看人员', en: 'Viewer' },
  epidemiologist: { zh: '疾控流行病学人员', en: 'CDC epidemiologist' },
  doctor: { zh: '家庭医生团队成员', en: 'Family-doctor team member' },
  emergency: { zh: '卫生应急管理人员', en: 'Emergency officer' },
};
