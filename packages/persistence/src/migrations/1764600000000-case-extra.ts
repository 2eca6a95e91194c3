import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Projection fields of the case view without a column of their own (overpaid surplus, why the case
 * is on hold, a step waiting for the creditor): one nullable jsonb written by the workflow's sync.
 */
export class CaseExtra1764600000000 implements MigrationInterface {
  name = 'CaseExtra1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "invoices" ADD "case_extra" jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "invoices" DROP COLUMN "case_extra"`);
  }
}
