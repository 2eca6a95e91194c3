import { localDate, parseMoney, toDecimal, type CaseRecord, type CaseStatus } from '@relance/domain';
import { MigrationInterface, QueryRunner } from 'typeorm';

interface Row {
  id: string;
  currency: string;
  status: CaseStatus;
  stage: string;
  paid_minor: string;
  balance_minor: string;
  next_action: CaseRecord['nextAction'];
  case_extra: {
    overpaidMinor?: number;
    pausedReason?: string;
    actionRequired?: CaseRecord['actionRequired'];
  } | null;
  timezone: string | null;
}

interface Entry {
  type: string;
  at: Date;
  data: Record<string, unknown>;
}

/**
 * The case record: the workflow's whole view of the case, written only by the worker, replaces
 * `case_extra` (the API no longer rebuilds promise, plan and notice from the timeline). Rows of
 * cases in flight are filled once here from the projection and the audit trail; their
 * workflows rewrite the record with their next change.
 */
export class CaseRecord1764700000000 implements MigrationInterface {
  name = 'CaseRecord1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "invoices" ADD "case_record" jsonb`);
    const rows: Row[] = await q.query(
      `SELECT "id", "currency", "status", "stage", "paid_minor", "balance_minor", "next_action", "case_extra",
         "payload"->'client'->>'timezone' AS "timezone"
       FROM "invoices" WHERE "workflow_started_at" IS NOT NULL`,
    );
    for (const row of rows) {
      const timeline: Entry[] = await q.query(
        `SELECT "type", "at", "data" FROM "timeline_events" WHERE "invoice_id" = $1
           AND "type" IN ('promise_recorded', 'plan_agreed', 'payment_received', 'formal_notice_sent')
         ORDER BY "at", "recorded_at"`,
        [row.id],
      );
      await q.query(`UPDATE "invoices" SET "case_record" = $2::jsonb WHERE "id" = $1`, [
        row.id,
        JSON.stringify(backfill(row, timeline)),
      ]);
    }
    await q.query(`ALTER TABLE "invoices" DROP COLUMN "case_extra"`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "invoices" ADD "case_extra" jsonb`);
    await q.query(
      `UPDATE "invoices" SET "case_extra" = jsonb_strip_nulls(jsonb_build_object(
         'pausedReason', "case_record"->'pausedReason', 'actionRequired', "case_record"->'actionRequired'))
       WHERE "case_record" IS NOT NULL`,
    );
    await q.query(`ALTER TABLE "invoices" DROP COLUMN "case_record"`);
  }
}

/** The record of a case written before it existed, as the API showed it then. */
function backfill(row: Row, timeline: Entry[]): CaseRecord {
  const money = (minor: number) => toDecimal({ currency: row.currency, minor });
  const last = (type: string) => timeline.filter((t) => t.type === type).at(-1);
  const extra = row.case_extra ?? {};
  const record: CaseRecord = {
    status: row.status,
    stage: row.stage,
    paid: money(Number(row.paid_minor)),
    balance: money(Number(row.balance_minor)),
    nextAction: row.next_action ?? null,
  };
  const promise = last('promise_recorded');
  if (row.status === 'promised' && promise) {
    record.promise = {
      date: String(promise.data.date),
      ...(promise.data.note ? { note: String(promise.data.note) } : {}),
    };
  }
  const plan = last('plan_agreed');
  if (row.status === 'payment_plan' && plan) {
    const paidMinor = timeline
      .filter((t) => t.type === 'payment_received' && t.data.accepted !== false && t.at >= plan.at)
      .filter((t) => typeof t.data.amount === 'string')
      .reduce((sum, t) => sum + parseMoney(String(t.data.amount), row.currency).minor, 0);
    const instalments = (plan.data.instalments as { dueDate: string; amount: string }[] | undefined) ?? [];
    record.plan = { instalments, paid: money(paidMinor) };
  }
  const notice = last('formal_notice_sent');
  if (notice) {
    const sentOn =
      typeof notice.data.sentOn === 'string'
        ? notice.data.sentOn
        : localDate(new Date(notice.at).toISOString(), row.timezone ?? 'UTC');
    record.formalNotice = { sentOn, deadline: String(notice.data.deadline ?? '') };
  }
  if (extra.overpaidMinor) record.overpaid = money(extra.overpaidMinor);
  if (extra.pausedReason) record.pausedReason = extra.pausedReason;
  if (extra.actionRequired) record.actionRequired = { ...extra.actionRequired };
  return record;
}
