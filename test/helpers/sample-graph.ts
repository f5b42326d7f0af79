/**
 * How many objects of each type a collection of the sample organisation (standin/data/sample-org.ts)
 * writes: pinned once here, checked by the end-to-end, image and route tests alike.
 */
export const SAMPLE_GRAPH_COUNTS = {
  entities: {
    teleport_account: 1,
    // frank's legacy-deleted-role is not among them: it gets no entity and no relationship.
    teleport_role: 15,
    // 16 users, plus one that a membership names but the cluster no longer has.
    teleport_user: 17,
    teleport_access_list: 6,
    teleport_access_list_review: 6,
    teleport_sso_connector: 3,
    teleport_bot: 2,
    teleport_lock: 3,
    teleport_auth_preference: 1,
    teleport_device: 4,
    // One per user the cluster returned: what each gets at login.
    teleport_user_login_state: 16,
    teleport_node: 5,
    // prod-eks is served by two agents: one entity.
    teleport_kubernetes_cluster: 4,
    // orders-prod is served by two agents: one entity.
    teleport_database: 5,
    // dc1 is reported by two Windows Desktop Services: one entity.
    teleport_windows_desktop: 3,
    // One per distinct selector and kind, whatever number of roles write it: nodes *=*, env=prod,
    // env=staging, team-hosts' expression on the user's team; Kubernetes *=*, env=dev|staging;
    // databases *=*, engine=postgres with env=prod|staging; desktops *=*, env=prod.
    teleport_label_selector: 10,
    // One per resource: how many users have standing access to it (5 nodes, 4 Kubernetes
    // clusters, 5 databases, 3 desktops).
    teleport_resource_access: 17,
    // kevin's approved prod-ssh, ivan's pending one and carol's request for one node; kevin's
    // expired and ivan's denied requests are left out.
    teleport_access_request: 3,
  },
  relationships: {
    teleport_account_has_role: 15,
    teleport_account_has_user: 16,
    teleport_user_assigned_role: 33,
    teleport_account_has_access_list: 6,
    teleport_access_list_assigned_role: 9,
    teleport_access_list_has_user: 23,
    teleport_access_list_has_list: 2,
    teleport_user_manages_access_list: 12,
    teleport_access_list_manages_list: 1,
    teleport_access_list_has_review: 6,
    teleport_user_performed_access_list_review: 9,
    // The features the in-process blocks of test/steps/*.test.ts check in detail.
    // Computed as Teleport does at login: frank's own role is missing (his login fails), and
    // requirements are judged on each user's own roles and traits, not the stored statuses.
    // With kevin's prod-ssh and carol's access through their approved requests.
    teleport_user_has_role: 59,
    teleport_user_has_login_state: 16,
    teleport_account_has_sso_connector: 3,
    teleport_sso_connector_assigned_role: 13,
    teleport_sso_connector_created_user: 5,
    teleport_account_has_bot: 2,
    teleport_bot_assigned_role: 3,
    teleport_bot_has_user: 1,
    teleport_account_has_lock: 3,
    teleport_lock_restricts_user: 1,
    teleport_lock_restricts_role: 1,
    teleport_account_has_auth_preference: 1,
    teleport_account_has_device: 4,
    teleport_user_has_device: 3,
    teleport_account_has_node: 5,
    teleport_account_has_kubernetes_cluster: 4,
    teleport_account_has_database: 5,
    teleport_account_has_windows_desktop: 3,
    // env=prod's two production hosts and env=staging's one; *=* matches all, said once.
    teleport_label_selector_contains_node: 3,
    teleport_label_selector_contains_kubernetes_cluster: 1,
    teleport_label_selector_contains_database: 1,
    teleport_label_selector_contains_windows_desktop: 2,
    teleport_role_allows_label_selector: 11,
    teleport_role_denies_label_selector: 2,
    teleport_account_has_access_request: 3,
    teleport_user_created_access_request: 3,
    // alice approved kevin's, judy carol's.
    teleport_user_reviewed_access_request: 2,
    teleport_access_request_has_role: 3,
    // carol's request names the web-1 node.
    teleport_access_request_has_node: 1,
    teleport_node_has_resource_access: 5,
    teleport_kubernetes_cluster_has_resource_access: 4,
    teleport_database_has_resource_access: 5,
    teleport_windows_desktop_has_resource_access: 3,
    // Exact standing access to production resources (SAMPLE_COLLECT_SETTINGS: env=prod), one
    // per user reaching each.
    teleport_node_allows_user: 13,
    teleport_kubernetes_cluster_allows_user: 4,
    teleport_database_allows_user: 4,
    teleport_windows_desktop_allows_user: 2,
    // Mapped relationships (`_mapping`), resolved by JupiterOne: web-1 and db-1 on EC2, app-1 on
    // Compute Engine, ci-runner-1 on Azure; the two EKS clusters and the GKE cluster; the RDS
    // instance, the Aurora cluster and the two Cloud SQL instances.
    teleport_node_is_aws_instance: 2,
    teleport_node_is_google_compute_instance: 1,
    teleport_node_is_azure_vm: 1,
    teleport_kubernetes_cluster_is_aws_eks_cluster: 2,
    teleport_kubernetes_cluster_is_google_container_cluster: 1,
    teleport_database_is_aws_db_instance: 1,
    teleport_database_is_aws_rds_cluster: 1,
    teleport_database_is_google_sql_postgres_instance: 1,
    teleport_database_is_google_sql_mysql_instance: 1,
  },
} as const;
