/**
 * The decoded shapes of the messages in `proto/`, as the client receives them: the types that
 * `proto-loader-gen-types` generates from the protos (scripts/generate-proto-types.mjs, into
 * ./generated, rebuilt by `npm run typecheck` and `npm run build`), under the names the project
 * uses. Nothing here restates a field by hand.
 *
 * `Decoded<T>` says two things the generated output types do not: every field may be absent (a
 * server may send less than our protos declare, and the stand-in builds partial objects), and an
 * enum may arrive as a bare number when Teleport sends a value our protos do not declare.
 */
import type { Duration__Output } from './generated/google/protobuf/Duration';
import type { Timestamp__Output } from './generated/google/protobuf/Timestamp';
import type { PaginatedResource__Output } from './generated/proto/PaginatedResource';
import type { PingResponse__Output } from './generated/proto/PingResponse';
import type { AccessList__Output } from './generated/teleport/accesslist/v1/AccessList';
import type { AccessListOwner__Output } from './generated/teleport/accesslist/v1/AccessListOwner';
import type { AccessListRequires__Output } from './generated/teleport/accesslist/v1/AccessListRequires';
import type { IneligibleStatus__Output } from './generated/teleport/accesslist/v1/IneligibleStatus';
import type { Member__Output } from './generated/teleport/accesslist/v1/Member';
import type { MembershipKind__Output } from './generated/teleport/accesslist/v1/MembershipKind';
import type { Review__Output } from './generated/teleport/accesslist/v1/Review';
import type { ReviewDayOfMonth__Output } from './generated/teleport/accesslist/v1/ReviewDayOfMonth';
import type { ReviewFrequency__Output } from './generated/teleport/accesslist/v1/ReviewFrequency';
import type { Device__Output } from './generated/teleport/devicetrust/v1/Device';
import type { DeviceCollectedData__Output } from './generated/teleport/devicetrust/v1/DeviceCollectedData';
import type { OSType__Output } from './generated/teleport/devicetrust/v1/OSType';
import type { ResourceHeader__Output } from './generated/teleport/header/v1/ResourceHeader';
import type { Bot__Output } from './generated/teleport/machineid/v1/Bot';
import type { Trait__Output } from './generated/teleport/trait/v1/Trait';
import type { UserLoginState__Output } from './generated/teleport/userloginstate/v1/UserLoginState';
import type { AccessRequestV3__Output } from './generated/types/AccessRequestV3';
import type { AccessReview__Output } from './generated/types/AccessReview';
import type { ResourceID__Output } from './generated/types/ResourceID';
import type { AppServerV3__Output } from './generated/types/AppServerV3';
import type { AppV3__Output } from './generated/types/AppV3';
import type { AttributeMapping__Output } from './generated/types/AttributeMapping';
import type { AuthPreferenceV2__Output } from './generated/types/AuthPreferenceV2';
import type { ClaimMapping__Output } from './generated/types/ClaimMapping';
import type { ExternalIdentity__Output } from './generated/types/ExternalIdentity';
import type { GithubConnectorV3__Output } from './generated/types/GithubConnectorV3';
import type { LockTarget__Output } from './generated/types/LockTarget';
import type { LockV2__Output } from './generated/types/LockV2';
import type { Metadata__Output } from './generated/types/Metadata';
import type { OIDCConnectorV3__Output } from './generated/types/OIDCConnectorV3';
import type { RoleConditions__Output } from './generated/types/RoleConditions';
import type { RoleV6__Output } from './generated/types/RoleV6';
import type { Rule__Output } from './generated/types/Rule';
import type { SAMLConnectorV2__Output } from './generated/types/SAMLConnectorV2';
import type { SecondFactorType__Output } from './generated/types/SecondFactorType';
import type { DatabaseServerV3__Output } from './generated/types/DatabaseServerV3';
import type { KubernetesServerV3__Output } from './generated/types/KubernetesServerV3';
import type { ServerV2__Output } from './generated/types/ServerV2';
import type { TeamRolesMapping__Output } from './generated/types/TeamRolesMapping';
import type { WindowsDesktopV3__Output } from './generated/types/WindowsDesktopV3';
import type { UserV2__Output } from './generated/types/UserV2';
import type { LabelValues__Output } from './generated/wrappers/LabelValues';

/**
 * An enum as protobufjs decodes it: its name, or its number when our protos do not declare that
 * value (one Teleport added later).
 */
export type OpenEnum<Names extends string> = Names | number;

/** Every field optional, recursively; every enum (a union of string literals) open to numbers. */
export type Decoded<T> = T extends string
  ? string extends T
    ? T
    : OpenEnum<T>
  : T extends number | boolean | Buffer
    ? T
    : T extends readonly (infer Item)[]
      ? Decoded<Item>[]
      : T extends object
        ? { [Key in keyof T]?: Decoded<T[Key]> }
        : T;

export type Timestamp = Decoded<Timestamp__Output>;
export type Duration = Decoded<Duration__Output>;
export type LabelValues = Decoded<LabelValues__Output>;
export type LegacyMetadata = Decoded<Metadata__Output>;
export type ResourceHeader = Decoded<ResourceHeader__Output>;
export type Trait = Decoded<Trait__Output>;

export type PingResponse = Decoded<PingResponse__Output>;

export type ExternalIdentity = Decoded<ExternalIdentity__Output>;
export type UserV2 = Decoded<UserV2__Output>;

export type RoleRule = Decoded<Rule__Output>;
export type RoleConditions = Decoded<RoleConditions__Output>;
export type RoleV6 = Decoded<RoleV6__Output>;

export type UserLoginState = Decoded<UserLoginState__Output>;

export type MembershipKind = OpenEnum<MembershipKind__Output>;
export type IneligibleStatus = OpenEnum<IneligibleStatus__Output>;
export type ReviewFrequencyName = ReviewFrequency__Output;
export type ReviewFrequency = OpenEnum<ReviewFrequencyName>;
export type ReviewDayOfMonthName = ReviewDayOfMonth__Output;
export type ReviewDayOfMonth = OpenEnum<ReviewDayOfMonthName>;
export type AccessListOwner = Decoded<AccessListOwner__Output>;
export type AccessListRequires = Decoded<AccessListRequires__Output>;
export type AccessList = Decoded<AccessList__Output>;
export type AccessListMember = Decoded<Member__Output>;
export type AccessListReview = Decoded<Review__Output>;

export type SamlAttributeMapping = Decoded<AttributeMapping__Output>;
export type OidcClaimMapping = Decoded<ClaimMapping__Output>;
export type GithubTeamRolesMapping = Decoded<TeamRolesMapping__Output>;
export type SamlConnectorV2 = Decoded<SAMLConnectorV2__Output>;
export type OidcConnectorV3 = Decoded<OIDCConnectorV3__Output>;
export type GithubConnectorV3 = Decoded<GithubConnectorV3__Output>;

/** A connector of any kind, tagged with its kind (the client's own union, not a message). */
export type SsoConnector =
  | { kind: 'saml'; connector: SamlConnectorV2 }
  | { kind: 'oidc'; connector: OidcConnectorV3 }
  | { kind: 'github'; connector: GithubConnectorV3 };

export type Bot = Decoded<Bot__Output>;
export type LockTarget = Decoded<LockTarget__Output>;
export type LockV2 = Decoded<LockV2__Output>;

export type SecondFactorType = OpenEnum<SecondFactorType__Output>;
export type AuthPreferenceV2 = Decoded<AuthPreferenceV2__Output>;

export type DeviceOsTypeName = OSType__Output;
export type DeviceCollectedData = Decoded<DeviceCollectedData__Output>;
export type Device = Decoded<Device__Output>;

/** One resource of a ListResources page, wrapped by its kind. */
export type PaginatedResource = Decoded<PaginatedResource__Output>;
export type ServerV2 = Decoded<ServerV2__Output>;
export type DatabaseServerV3 = Decoded<DatabaseServerV3__Output>;
export type DatabaseV3 = NonNullable<NonNullable<DatabaseServerV3['spec']>['database']>;
export type WindowsDesktopV3 = Decoded<WindowsDesktopV3__Output>;
export type KubernetesServerV3 = Decoded<KubernetesServerV3__Output>;
export type KubernetesClusterV3 = NonNullable<NonNullable<KubernetesServerV3['spec']>['cluster']>;
export type AppServerV3 = Decoded<AppServerV3__Output>;
export type AppV3 = Decoded<AppV3__Output>;

export type AccessRequestV3 = Decoded<AccessRequestV3__Output>;
export type AccessReview = Decoded<AccessReview__Output>;
export type RequestedResourceId = Decoded<ResourceID__Output>;
