/** The task queue every Relance worker polls (overridable per deployment via TEMPORAL_TASK_QUEUE). */
export const TASK_QUEUE = 'relance';

export const WORKFLOW_TYPE = 'dunningCase';

/** One case per invoice: starting it twice is harmless because the id is deterministic. */
export function caseWorkflowId(tenantSlug: string, externalId: string): string {
  return `dunning:${tenantSlug}:${externalId}`;
}
