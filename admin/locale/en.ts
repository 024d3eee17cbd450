import type { LocaleTranslations } from 'adminjs';

/**
 * English UI strings: OUR keys only. AdminJS adds its own English bundle
 * (adminjs/lib/locale/en) because 'en' is in availableLanguages, then merges
 * this object over it (deep merge, overwrite).
 *
 * Every key that exists in ko.ts but not in AdminJS's English bundle must be
 * here: i18next's fallbackLng is the default language ('ko'), so a key missing
 * in English would be shown in Korean.
 */
export const en: LocaleTranslations = {
  actions: {
    search: 'Search',
  },
  buttons: {
    // Used by AdminJS's modal (useModal) but missing from its English file.
    ok: 'OK',
  },
  components: {
    LanguageSelector: {
      availableLanguages: {
        ko: 'Korean (한국어)',
      },
    },
  },
  labels: {
    // Navigation groups (resource option navigation.name)
    crm: 'Customer management',
    system: 'System administration',
    // Resource names (resource ids)
    Staff: 'Staff',
    AuditLog: 'Audit log',
    Customer: 'Customers',
    BehaviourEvent: 'Behaviour events',
  },
  messages: {
    dashboardWelcome: 'Hello, {{name}}',
    dashboardRole: 'Role: {{role}}',
    dashboardUnavailable: 'The dashboard could not be loaded. Please try again shortly.',
    stat_activeCustomers: 'Active customers',
    stat_eventsLast24h: 'Behaviour events, last 24 h',
    stat_activeStaff: 'Active staff',
    stat_failedLoginsLast24h: 'Failed sign-ins, last 24 h',
    // Login page errors: no placeholders (the login page translates without values).
    loginLocked: 'Too many failed sign-in attempts. The account is temporarily locked; please try again later.',
    loginLockedMinutes: 'Too many failed sign-in attempts. The account is locked; please try again in {{minutes}} minutes.',
    invalidCredentials: 'Wrong email and/or password',
    accountDisabled: 'This account is disabled. Please contact an administrator.',
    tooManyRequests: 'Too many requests. Please try again later.',
    forbiddenAction: 'You are not allowed to perform this action.',
    auditReadOnly: 'Audit log entries cannot be changed or deleted.',
    // Validation messages raised by resources/staff/staff.resource.ts
    invalidEmail: 'Enter a valid email address.',
    weakPassword: 'The password must be at least 10 characters long and contain both letters and digits.',
    passwordRequired: 'Enter a password.',
    cannotChangeOwnRole: 'You cannot change the role of your own account.',
    cannotDeactivateSelf: 'You cannot deactivate your own account.',
    cannotDeleteSelf: 'You cannot delete your own account.',
  },
  resources: {
    Staff: {
      properties: {
        id: 'ID',
        email: 'Email',
        displayName: 'Name',
        role: 'Role',
        branchCode: 'Branch code',
        password: 'Password',
        active: 'Active',
        lastLoginAt: 'Last login',
        createdAt: 'Created at',
        updatedAt: 'Updated at',
      },
      labels: {
        role: {
          admin: 'Administrator',
          marketer: 'Marketer',
          compliance: 'Compliance officer',
          manager: 'Manager',
          banker: 'Banker',
        },
        active: {
          true: 'Active',
          false: 'Inactive',
        },
      },
    },
    AuditLog: {
      properties: {
        id: 'ID',
        occurredAt: 'Occurred at',
        action: 'Action',
        resource: 'Resource',
        recordId: 'Record ID',
        actorId: 'Actor ID',
        actorEmail: 'Actor',
        actorRole: 'Actor role',
        ip: 'IP address',
        diff: 'Changes',
        detail: 'Detail',
      },
    },
    Customer: {
      properties: {
        id: 'ID',
        customerNo: 'Customer no.',
        status: 'Status',
        branchCode: 'Branch code',
        createdAt: 'Created at',
        updatedAt: 'Updated at',
      },
      labels: {
        status: {
          ACTIVE: 'Active',
          DORMANT: 'Dormant',
          SUSPENDED: 'Suspended',
          WITHDRAWN: 'Withdrawn',
        },
      },
    },
    BehaviourEvent: {
      properties: {
        id: 'ID',
        eventId: 'Event ID',
        customerId: 'Customer ID',
        customerNo: 'Customer no.',
        type: 'Event type',
        occurredAt: 'Occurred at',
        properties: 'Properties',
        receivedAt: 'Received at',
        source: 'Source',
      },
    },
  },
};
