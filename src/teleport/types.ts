/**
 * Decoded shapes of the messages in `proto/`, as proto-loader hands them over: camelCase names,
 * int64 as number, enums as their names, and every field optional (absent = proto3 default).
 */

/**
 * An enum as protobufjs decodes it: its name, or its number when our protos do not declare that
 * value (one Teleport added later).
 */
export type OpenEnum<Names extends string> = Names | number;

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

export type SignatureAlgorithmSuiteName =
  | 'SIGNATURE_ALGORITHM_SUITE_UNSPECIFIED'
  | 'SIGNATURE_ALGORITHM_SUITE_LEGACY'
  | 'SIGNATURE_ALGORITHM_SUITE_BALANCED_V1'
  | 'SIGNATURE_ALGORITHM_SUITE_FIPS_V1'
  | 'SIGNATURE_ALGORITHM_SUITE_HSM_V1';

export type SignatureAlgorithmSuite = OpenEnum<SignatureAlgorithmSuiteName>;

export interface PingResponse {
  clusterName?: string;
  serverVersion?: string;
  serverFeatures?: {
    cloud?: boolean;
    isUsageBased?: boolean;
    productType?: OpenEnum<'PRODUCT_TYPE_UNKNOWN' | 'PRODUCT_TYPE_TEAM' | 'PRODUCT_TYPE_EUB'>;
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
    passwordState?: OpenEnum<
      'PASSWORD_STATE_UNSPECIFIED' | 'PASSWORD_STATE_UNSET' | 'PASSWORD_STATE_SET'
    >;
    mfaWeakestDevice?: OpenEnum<
      | 'MFA_DEVICE_KIND_UNSPECIFIED'
      | 'MFA_DEVICE_KIND_UNSET'
      | 'MFA_DEVICE_KIND_TOTP'
      | 'MFA_DEVICE_KIND_WEBAUTHN'
    >;
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
  nodeLabelsExpression?: string;
  appLabelsExpression?: string;
  clusterLabelsExpression?: string;
  kubernetesLabelsExpression?: string;
  databaseLabelsExpression?: string;
  databaseServiceLabelsExpression?: string;
  windowsDesktopLabelsExpression?: string;
  groupLabelsExpression?: string;
  workloadIdentityLabelsExpression?: string;
}

export type RequireMfaTypeName =
  | 'OFF'
  | 'SESSION'
  | 'SESSION_AND_HARDWARE_KEY'
  | 'HARDWARE_KEY_TOUCH'
  | 'HARDWARE_KEY_PIN'
  | 'HARDWARE_KEY_TOUCH_AND_PIN';

export type RequireMfaType = OpenEnum<RequireMfaTypeName>;

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
      sshPortForwarding?: {
        local?: { enabled?: { value?: boolean } };
        remote?: { enabled?: { value?: boolean } };
      };
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

/** teleport.userloginstate.v1.UserLoginState: what Teleport computed at the user's last login. */
export interface UserLoginState {
  header?: ResourceHeader;
  spec?: {
    roles?: string[];
    traits?: Trait[];
    userType?: string;
    originalRoles?: string[];
    originalTraits?: Trait[];
  };
}

export type MembershipKindName =
  | 'MEMBERSHIP_KIND_UNSPECIFIED'
  | 'MEMBERSHIP_KIND_USER'
  | 'MEMBERSHIP_KIND_LIST';

export type MembershipKind = OpenEnum<MembershipKindName>;

export type IneligibleStatusName =
  | 'INELIGIBLE_STATUS_UNSPECIFIED'
  | 'INELIGIBLE_STATUS_ELIGIBLE'
  | 'INELIGIBLE_STATUS_USER_NOT_EXIST'
  | 'INELIGIBLE_STATUS_MISSING_REQUIREMENTS'
  | 'INELIGIBLE_STATUS_EXPIRED';

export type IneligibleStatus = OpenEnum<IneligibleStatusName>;

export type ReviewFrequencyName =
  | 'REVIEW_FREQUENCY_UNSPECIFIED'
  | 'REVIEW_FREQUENCY_ONE_MONTH'
  | 'REVIEW_FREQUENCY_THREE_MONTHS'
  | 'REVIEW_FREQUENCY_SIX_MONTHS'
  | 'REVIEW_FREQUENCY_ONE_YEAR';

export type ReviewFrequency = OpenEnum<ReviewFrequencyName>;

export type ReviewDayOfMonthName =
  | 'REVIEW_DAY_OF_MONTH_UNSPECIFIED'
  | 'REVIEW_DAY_OF_MONTH_FIRST'
  | 'REVIEW_DAY_OF_MONTH_FIFTEENTH'
  | 'REVIEW_DAY_OF_MONTH_LAST';

export type ReviewDayOfMonth = OpenEnum<ReviewDayOfMonthName>;

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

// ---------------------------------------------------------------------------------------------
// SSO connectors (secret fields are absent from the protos, so they never appear here)

export interface SamlAttributeMapping {
  name?: string;
  value?: string;
  roles?: string[];
}

export interface OidcClaimMapping {
  claim?: string;
  value?: string;
  roles?: string[];
}

export interface GithubTeamRolesMapping {
  organization?: string;
  team?: string;
  roles?: string[];
}

export type SamlForceAuthnName = 'FORCE_AUTHN_UNSPECIFIED' | 'FORCE_AUTHN_YES' | 'FORCE_AUTHN_NO';
export type SamlForceAuthn = OpenEnum<SamlForceAuthnName>;

export interface SamlConnectorV2 {
  kind?: string;
  subKind?: string;
  version?: string;
  metadata?: LegacyMetadata;
  spec?: {
    issuer?: string;
    sso?: string;
    display?: string;
    assertionConsumerService?: string;
    audience?: string;
    serviceProviderIssuer?: string;
    entityDescriptorUrl?: string;
    attributesToRoles?: SamlAttributeMapping[];
    provider?: string;
    allowIdpInitiated?: boolean;
    singleLogoutUrl?: string;
    mfaSettings?: { enabled?: boolean };
    forceAuthn?: SamlForceAuthn;
    preferredRequestBinding?: string;
    userMatchers?: string[];
  };
}

export interface OidcConnectorV3 {
  kind?: string;
  subKind?: string;
  version?: string;
  metadata?: LegacyMetadata;
  spec?: {
    issuerUrl?: string;
    clientId?: string;
    acr?: string;
    provider?: string;
    display?: string;
    scope?: string[];
    prompt?: string;
    claimsToRoles?: OidcClaimMapping[];
    googleAdminEmail?: string;
    redirectUrls?: { values?: string[] };
    allowUnverifiedEmail?: boolean;
    usernameClaim?: string;
    /** Nanoseconds. */
    maxAge?: { value?: number };
    mfaSettings?: { enabled?: boolean };
    pkceMode?: string;
    userMatchers?: string[];
  };
}

export interface GithubConnectorV3 {
  kind?: string;
  subKind?: string;
  version?: string;
  metadata?: LegacyMetadata;
  spec?: {
    clientId?: string;
    redirectUrl?: string;
    display?: string;
    teamsToRoles?: GithubTeamRolesMapping[];
    endpointUrl?: string;
    apiEndpointUrl?: string;
    userMatchers?: string[];
  };
}

/** A connector of any kind, tagged with its kind as Teleport names it (user.spec.createdBy.connector.type). */
export type SsoConnector =
  | { kind: 'saml'; connector: SamlConnectorV2 }
  | { kind: 'oidc'; connector: OidcConnectorV3 }
  | { kind: 'github'; connector: GithubConnectorV3 };

// ---------------------------------------------------------------------------------------------
// Machine ID bots

export interface Bot {
  kind?: string;
  subKind?: string;
  version?: string;
  metadata?: LegacyMetadata;
  spec?: {
    roles?: string[];
    traits?: { name?: string; values?: string[] }[];
    maxSessionTtl?: Duration;
  };
  status?: { userName?: string; roleName?: string };
  scope?: string;
}

// ---------------------------------------------------------------------------------------------
// Locks

export interface LockTarget {
  user?: string;
  role?: string;
  login?: string;
  node?: string;
  mfaDevice?: string;
  windowsDesktop?: string;
  accessRequest?: string;
  device?: string;
  serverId?: string;
  botInstanceId?: string;
  joinToken?: string;
  linuxDesktop?: string;
}

export interface LockV2 {
  kind?: string;
  subKind?: string;
  version?: string;
  metadata?: LegacyMetadata;
  spec?: {
    target?: LockTarget;
    message?: string;
    expires?: Timestamp;
    createdAt?: Timestamp;
    createdBy?: string;
  };
}

// ---------------------------------------------------------------------------------------------
// Cluster auth preference

export type SecondFactorTypeName =
  | 'SECOND_FACTOR_TYPE_UNSPECIFIED'
  | 'SECOND_FACTOR_TYPE_OTP'
  | 'SECOND_FACTOR_TYPE_WEBAUTHN'
  | 'SECOND_FACTOR_TYPE_SSO';

export type SecondFactorType = OpenEnum<SecondFactorTypeName>;

export interface AuthPreferenceV2 {
  kind?: string;
  subKind?: string;
  version?: string;
  metadata?: LegacyMetadata;
  spec?: {
    type?: string;
    secondFactor?: string;
    connectorName?: string;
    disconnectExpiredCert?: { value?: boolean };
    allowLocalAuth?: { value?: boolean };
    messageOfTheDay?: string;
    lockingMode?: string;
    webauthn?: { rpId?: string };
    allowPasswordless?: { value?: boolean };
    requireMfaType?: RequireMfaType;
    deviceTrust?: { mode?: string; autoEnroll?: boolean };
    allowHeadless?: { value?: boolean };
    /** Nanoseconds. */
    defaultSessionTtl?: number;
    hardwareKey?: {
      pivSlot?: string;
      serialNumberValidation?: { enabled?: boolean; serialNumberTraitName?: string };
      /** Nanoseconds. */
      pinCacheTtl?: number;
    };
    signatureAlgorithmSuite?: SignatureAlgorithmSuite;
    secondFactors?: SecondFactorType[];
    stableUnixUserConfig?: { enabled?: boolean; firstUid?: number; lastUid?: number };
    allowCliAuthViaBrowser?: { value?: boolean };
  };
}

// ---------------------------------------------------------------------------------------------
// Trusted devices (Enterprise)

export type DeviceOsTypeName =
  | 'OS_TYPE_UNSPECIFIED'
  | 'OS_TYPE_LINUX'
  | 'OS_TYPE_MACOS'
  | 'OS_TYPE_WINDOWS'
  | 'OS_TYPE_IOS'
  | 'OS_TYPE_IPADOS';

export type DeviceOsType = OpenEnum<DeviceOsTypeName>;

export type DeviceEnrollStatusName =
  | 'DEVICE_ENROLL_STATUS_UNSPECIFIED'
  | 'DEVICE_ENROLL_STATUS_NOT_ENROLLED'
  | 'DEVICE_ENROLL_STATUS_ENROLLED';

export type DeviceEnrollStatus = OpenEnum<DeviceEnrollStatusName>;

export type DeviceAttestationTypeName =
  | 'DEVICE_ATTESTATION_TYPE_UNSPECIFIED'
  | 'DEVICE_ATTESTATION_TYPE_TPM_EKPUB'
  | 'DEVICE_ATTESTATION_TYPE_TPM_EKCERT'
  | 'DEVICE_ATTESTATION_TYPE_TPM_EKCERT_TRUSTED';

export type DeviceAttestationType = OpenEnum<DeviceAttestationTypeName>;

export type DeviceOriginName =
  | 'DEVICE_ORIGIN_UNSPECIFIED'
  | 'DEVICE_ORIGIN_API'
  | 'DEVICE_ORIGIN_JAMF'
  | 'DEVICE_ORIGIN_INTUNE';

export type DeviceOrigin = OpenEnum<DeviceOriginName>;

export interface DeviceCollectedData {
  collectTime?: Timestamp;
  recordTime?: Timestamp;
  osType?: DeviceOsType;
  serialNumber?: string;
  modelIdentifier?: string;
  osVersion?: string;
  osBuild?: string;
  osUsername?: string;
  reportedAssetTag?: string;
  systemSerialNumber?: string;
  baseBoardSerialNumber?: string;
  osId?: string;
}

export interface Device {
  apiVersion?: string;
  id?: string;
  osType?: DeviceOsType;
  assetTag?: string;
  createTime?: Timestamp;
  updateTime?: Timestamp;
  enrollStatus?: DeviceEnrollStatus;
  credential?: { deviceAttestationType?: DeviceAttestationType };
  collectedData?: DeviceCollectedData[];
  source?: { name?: string; origin?: DeviceOrigin };
  profile?: {
    updateTime?: Timestamp;
    modelIdentifier?: string;
    osVersion?: string;
    osBuild?: string;
    osUsernames?: string[];
    jamfBinaryVersion?: string;
    externalId?: string;
    osBuildSupplemental?: string;
    osId?: string;
  };
  owner?: string;
}
