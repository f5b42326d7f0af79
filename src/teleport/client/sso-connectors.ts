import { RPCS } from '../rpcs';
import type { GithubConnectorV3, OidcConnectorV3, SamlConnectorV2, SsoConnector } from '../types';
import type { Each, ListingSource, RpcCaller } from './caller';

/** Per kind: the listing, and the older call (with its answer's field) on servers without it. */
const KINDS = {
  saml: {
    listing: RPCS.listSamlConnectors,
    older: RPCS.getSamlConnectors,
    all: (response: { samlConnectors?: SamlConnectorV2[] }) => response.samlConnectors,
  },
  oidc: {
    listing: RPCS.listOidcConnectors,
    older: RPCS.getOidcConnectors,
    all: (response: { oidcConnectors?: OidcConnectorV3[] }) => response.oidcConnectors,
  },
  github: {
    listing: RPCS.listGithubConnectors,
    older: RPCS.getGithubConnectors,
    all: (response: { githubConnectors?: GithubConnectorV3[] }) => response.githubConnectors,
  },
} as const;

/** SSO connectors, never with secrets: no request can ask for them and the protos drop them. */
export class SsoConnectorsClient {
  constructor(private readonly caller: RpcCaller) {}

  /** One kind's connectors: List…Connectors, or Get…Connectors on servers that predate it. */
  iterate(kind: SsoConnector['kind'], each: Each<SsoConnector>): Promise<ListingSource> {
    const { listing, older, all } = KINDS[kind];
    const tagged = (connector: object): SsoConnector => ({ kind, connector }) as SsoConnector;
    return this.caller.listingOrUnary<object>(
      listing,
      // The older call's flag keeps the server from following SAML entity descriptor URLs.
      { spec: older, request: { samlValidationNoFollowUrls: true }, items: all },
      (connector) => each(tagged(connector)),
      `${kind} connectors`,
    );
  }
}
