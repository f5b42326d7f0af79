/**
 * Decoded shapes of the messages in `proto/`, as proto-loader hands them over: camelCase names,
 * int64 as number, enums as their names, and every field optional (absent = proto3 default).
 */

export interface Timestamp {
  seconds?: number;
  nanos?: number;
}

export interface Duration {
  seconds?: number;
  nanos?: number;
}

export interface LabelValues {
  values?: Record<string, { values?: string[] }>;
}

export interface LegacyMetadata {
  name?: string;
  namespace?: string;
  description?: string;
  labels?: Record<string, string>;
  expires?: Timestamp;
  revision?: string;
}

export type SignatureAlgorithmSuite =
  | 'SIGNATURE_ALGORITHM_SUITE_UNSPECIFIED'
  | 'SIGNATURE_ALGORITHM_SUITE_LEGACY'
  | 'SIGNATURE_ALGORITHM_SUITE_BALANCED_V1'
  | 'SIGNATURE_ALGORITHM_SUITE_FIPS_V1'
  | 'SIGNATURE_ALGORITHM_SUITE_HSM_V1';

export interface PingResponse {
  clusterName?: string;
  serverVersion?: string;
  serverFeatures?: {
    cloud?: boolean;
    isUsageBased?: boolean;
    productType?: 'PRODUCT_TYPE_UNKNOWN' | 'PRODUCT_TYPE_TEAM' | 'PRODUCT_TYPE_EUB';
  };
  proxyPublicAddr?: string;
  isBoring?: boolean;
  remoteAddr?: string;
  loadAllCas?: boolean;
  signatureAlgorithmSuite?: SignatureAlgorithmSuite;
  licenseExpiry?: Timestamp;
}

export interface ExternalIdentity {
  connectorId?: string;
  username?: string;
  samlSingleLogoutUrl?: string;
  userId?: string;
}

export interface UserV2 {
  kind?: string;
  subKind?: string;
  version?: string;
  metadata?: LegacyMetadata;
  spec?: {
    oidcIdentities?: ExternalIdentity[];
    samlIdentities?: ExternalIdentity[];
    githubIdentities?: ExternalIdentity[];
    roles?: string[];
    traits?: LabelValues;
    status?: {
      isLocked?: boolean;
      lockedMessage?: string;
      lockedTime?: Timestamp;
      lockExpires?: Timestamp;
    };
    expires?: Timestamp;
    createdBy?: {
      connector?: { type?: string; id?: string; identity?: string };
      time?: Timestamp;
      user?: { name?: string };
    };
    trustedDeviceIds?: string[];
  };
  status?: {
    passwordState?: 'PASSWORD_STATE_UNSPECIFIED' | 'PASSWORD_STATE_UNSET' | 'PASSWORD_STATE_SET';
    mfaWeakestDevice?:
      | 'MFA_DEVICE_KIND_UNSPECIFIED'
      | 'MFA_DEVICE_KIND_UNSET'
      | 'MFA_DEVICE_KIND_TOTP'
      | 'MFA_DEVICE_KIND_WEBAUTHN';
  };
}

export interface RoleRule {
  resources?: string[];
  verbs?: string[];
  where?: string;
  actions?: string[];
}

export interface RoleConditions {
  logins?: string[];
  namespaces?: string[];
  nodeLabels?: LabelValues;
  rules?: RoleRule[];
  kubeGroups?: string[];
  request?: { roles?: string[]; searchAsRoles?: string[]; suggestedReviewers?: string[] };
  kubeUsers?: string[];
  appLabels?: LabelValues;
  clusterLabels?: LabelValues;
  kubernetesLabels?: LabelValues;
  databaseLabels?: LabelValues;
  databaseNames?: string[];
  databaseUsers?: string[];
  impersonate?: { users?: string[]; roles?: string[]; where?: string };
  reviewRequests?: { roles?: string[]; where?: string; previewAsRoles?: string[] };
  awsRoleArns?: string[];
  windowsDesktopLogins?: string[];
  windowsDesktopLabels?: LabelValues;
  hostGroups?: string[];
  hostSudoers?: string[];
  azureIdentities?: string[];
  kubernetesResources?: {
    kind?: string;
    namespace?: string;
    name?: string;
    verbs?: string[];
    apiGroup?: string;
  }[];
  gcpServiceAccounts?: string[];
  databaseRoles?: string[];
}

export type RequireMfaType =
  | 'OFF'
  | 'SESSION'
  | 'SESSION_AND_HARDWARE_KEY'
  | 'HARDWARE_KEY_TOUCH'
  | 'HARDWARE_KEY_PIN'
  | 'HARDWARE_KEY_TOUCH_AND_PIN';

export interface RoleV6 {
  kind?: string;
  subKind?: string;
  version?: string;
  metadata?: LegacyMetadata;
  spec?: {
    options?: {
      forwardAgent?: boolean;
      maxSessionTtl?: number;
      portForwarding?: { value?: boolean };
      clientIdleTimeout?: number;
      disconnectExpiredCert?: boolean;
      sshFileCopy?: { value?: boolean };
      requireMfaType?: RequireMfaType;
      createHostUserMode?: string;
    };
    allow?: RoleConditions;
    deny?: RoleConditions;
  };
}

export interface ResourceHeader {
  kind?: string;
  subKind?: string;
  version?: string;
  metadata?: LegacyMetadata;
}

export interface Trait {
  key?: string;
  values?: string[];
}

export type MembershipKind =
  | 'MEMBERSHIP_KIND_UNSPECIFIED'
  | 'MEMBERSHIP_KIND_USER'
  | 'MEMBERSHIP_KIND_LIST';

export type IneligibleStatus =
  | 'INELIGIBLE_STATUS_UNSPECIFIED'
  | 'INELIGIBLE_STATUS_ELIGIBLE'
  | 'INELIGIBLE_STATUS_USER_NOT_EXIST'
  | 'INELIGIBLE_STATUS_MISSING_REQUIREMENTS'
  | 'INELIGIBLE_STATUS_EXPIRED';

export type ReviewFrequency =
  | 'REVIEW_FREQUENCY_UNSPECIFIED'
  | 'REVIEW_FREQUENCY_ONE_MONTH'
  | 'REVIEW_FREQUENCY_THREE_MONTHS'
  | 'REVIEW_FREQUENCY_SIX_MONTHS'
  | 'REVIEW_FREQUENCY_ONE_YEAR';

export type ReviewDayOfMonth =
  | 'REVIEW_DAY_OF_MONTH_UNSPECIFIED'
  | 'REVIEW_DAY_OF_MONTH_FIRST'
  | 'REVIEW_DAY_OF_MONTH_FIFTEENTH'
  | 'REVIEW_DAY_OF_MONTH_LAST';

export interface AccessListOwner {
  name?: string;
  description?: string;
  ineligibleStatus?: IneligibleStatus;
  membershipKind?: MembershipKind;
}

export interface AccessListRequires {
  roles?: string[];
  traits?: Trait[];
}

export interface AccessList {
  header?: ResourceHeader;
  spec?: {
    description?: string;
    owners?: AccessListOwner[];
    audit?: {
      nextAuditDate?: Timestamp;
      recurrence?: { frequency?: ReviewFrequency; dayOfMonth?: ReviewDayOfMonth };
      notifications?: { start?: Duration };
    };
    membershipRequires?: AccessListRequires;
    ownershipRequires?: AccessListRequires;
    grants?: AccessListRequires;
    title?: string;
    ownerGrants?: AccessListRequires;
    type?: string;
  };
  status?: {
    memberCount?: number;
    memberListCount?: number;
    ownerOf?: string[];
    memberOf?: string[];
  };
}

export interface AccessListMember {
  header?: ResourceHeader;
  spec?: {
    accessList?: string;
    name?: string;
    joined?: Timestamp;
    expires?: Timestamp;
    reason?: string;
    addedBy?: string;
    ineligibleStatus?: IneligibleStatus;
    membershipKind?: MembershipKind;
  };
}

export interface AccessListReview {
  header?: ResourceHeader;
  spec?: {
    accessList?: string;
    reviewers?: string[];
    reviewDate?: Timestamp;
    notes?: string;
    changes?: {
      membershipRequirementsChanged?: AccessListRequires;
      removedMembers?: string[];
      reviewFrequencyChanged?: ReviewFrequency;
      reviewDayOfMonthChanged?: ReviewDayOfMonth;
    };
  };
}
