// A case's history, read as event names and times.
import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;
const { EventType } = temporal.api.enums.v1;
export const { TaskQueueType } = temporal.api.enums.v1;

export const eventMs = (e: HistoryEvent): number =>
  Number(e.eventTime?.seconds) * 1000 + Math.floor((e.eventTime?.nanos ?? 0) / 1e6);

export const eventName = (e: HistoryEvent): string =>
  (EventType[e.eventType ?? 0] ?? String(e.eventType)).replace(/^EVENT_TYPE_/, '');

/** One history event: its id and type, and what it names (timer, activity, marker, search attributes). */
export function describeEvent(e: HistoryEvent): string {
  const detail =
    (e.timerStartedEventAttributes && `${e.timerStartedEventAttributes.startToFireTimeout?.seconds}s`) ||
    e.activityTaskScheduledEventAttributes?.activityType?.name ||
    e.markerRecordedEventAttributes?.markerName ||
    (e.upsertWorkflowSearchAttributesEventAttributes &&
      Object.keys(e.upsertWorkflowSearchAttributesEventAttributes.searchAttributes?.indexedFields ?? {}).join(
        ',',
      )) ||
    '';
  return `${e.eventId} ${eventName(e)} ${detail}`.trimEnd();
}

/** A workflow's history events. */
export async function historyOf(client: Client, workflowId: string): Promise<HistoryEvent[]> {
  return (await client.workflow.getHandle(workflowId).fetchHistory()).events ?? [];
}

/** The events a case recorded from its last signal on, in ms after that signal. */
export async function sinceLastSignal(client: Client, workflowId: string): Promise<string[]> {
  const events = await historyOf(client, workflowId);
  const from = events.findLastIndex((e) => eventName(e) === 'WORKFLOW_EXECUTION_SIGNALED');
  const t0 = eventMs(events[from]!);
  return events.slice(from).map((e) => `${eventName(e)} +${eventMs(e) - t0}`);
}
