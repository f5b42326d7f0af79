/**
 * The listings of the RPC table the stand-in serves straight from the cluster's data
 * (`STORED_LISTINGS` in ../cluster-data.ts): each as its upstream server pages a collection it
 * stores, every item in order, at most the listing's page cap a page, with opaque page tokens.
 */
import * as grpc from '@grpc/grpc-js';
import { RPCS, type ListingSpec, type RpcName } from '../../src/teleport/rpcs';
import { STORED_LISTINGS, type ClusterData } from '../cluster-data';
import { statusError, type HandlerKit, type UnaryHandler } from '../handlers';

/** Every stored listing of one service, by method (several listings may share a method). */
function storedListingsOf(fullName: string): Map<string, ListingSpec[]> {
  const byMethod = new Map<string, ListingSpec[]>();
  for (const name of Object.keys(STORED_LISTINGS) as (keyof typeof STORED_LISTINGS)[]) {
    const spec: ListingSpec = RPCS[name];
    if (spec.service === fullName) {
      byMethod.set(spec.method, [...(byMethod.get(spec.method) ?? []), spec]);
    }
  }
  return byMethod;
}

function itemsOf(data: ClusterData, spec: ListingSpec): unknown[] {
  const name = (Object.keys(RPCS) as RpcName[]).find((candidate) => RPCS[candidate] === spec);
  const items = data[STORED_LISTINGS[name as keyof typeof STORED_LISTINGS]] ?? [];
  // A listing whose records wrap their item (ListResources) gets each item wrapped in its field.
  return spec.itemField ? items.map((item) => ({ [spec.itemField!]: item })) : items;
}

/**
 * The handlers of a service's stored listings. Listings that share a method are told apart by
 * their fixed request fields: lib/auth/auth_with_roles.go `ListResources` answers one resource type
 * a call, and a type it cannot page with NotImplemented. (Upstream also keeps only what the
 * caller's roles reach; the stand-in's reader reaches everything, as the documented reader role
 * does.)
 */
export function storedHandlers(
  kit: HandlerKit,
  data: ClusterData,
  fullName: string,
): Record<string, UnaryHandler> {
  const handlers: Record<string, UnaryHandler> = {};
  for (const [method, specs] of storedListingsOf(fullName)) {
    handlers[method] =
      specs.length === 1
        ? kit.paged(specs[0]!, () => itemsOf(data, specs[0]!))
        : kit.paged(specs[0]!, (request) => {
            const spec = specs.find((candidate) =>
              Object.entries(candidate.fixed ?? {}).every(
                ([field, value]) => request[field] === value,
              ),
            );
            if (!spec) {
              throw statusError(
                grpc.status.UNIMPLEMENTED,
                `resource type ${String(request.resourceType)} does not support pagination`,
              );
            }
            return itemsOf(data, spec);
          });
  }
  return handlers;
}
