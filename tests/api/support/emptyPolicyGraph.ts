// A PolicyGraph for API tests: a tenant without policies, groups or filters. The routes' use of Graph
// (restore preview) is proven against the Graph simulator in tests/e2e; here only the HTTP contract is.
import type { PolicyGraph } from "../../../shared/ports/policyGraph.js";

export const emptyPolicyGraph: PolicyGraph = {
  policyTypes: () => ["deviceConfigurations", "configurationPolicies"],
  listPolicies: () => Promise.resolve([]),
  fetchAssignments: () => Promise.resolve([]),
  currentAssignments: () => Promise.resolve(null),
  assign: () => Promise.reject(new Error("emptyPolicyGraph: no writes in API tests")),
  resolveGroups: () => Promise.resolve([]),
  resolveFilters: () => Promise.resolve([]),
};
