import { MigrationInterface, QueryRunner } from 'typeorm';

/** The workflow numbers its projection writes so a late, older write never overwrites a newer one. */
export class ProjectionVersion1764100000000 implements MigrationInterface {
  name = 'ProjectionVersion1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "invoices" ADD "projection_version" bigint NOT NULL DEFAULT 0`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "invoices" DROP COLUMN "projection_version"`);
  }
}
