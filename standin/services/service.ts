/** A service the stand-in serves: its handlers, built on the shared kit over the cluster's data. */
import type { ClusterData } from '../cluster-data';
import type { HandlerKit, StreamHandler, UnaryHandler } from '../handlers';

export interface StandInService {
  /** The full gRPC service name (`teleport.accesslist.v1.AccessListService`). */
  fullName: string;
  handlers: (
    kit: HandlerKit,
    data: ClusterData,
    clusterName: string,
  ) => Record<string, UnaryHandler | StreamHandler>;
}
