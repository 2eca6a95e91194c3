import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reference-rate figures added by operators at run time (docs/penalties.md). The checks
 * repeat the domain's rules so that a figure written by hand cannot break every penalty computation.
 */
export class RateFigures1764200000000 implements MigrationInterface {
  name = 'RateFigures1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "rate_figures" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "table" text NOT NULL,
      "effective_from" date NOT NULL,
      "percent" numeric(5,2) NOT NULL,
      "created_by" text NOT NULL,
      "source" text,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      "updated_at" timestamptz,
      CONSTRAINT "rate_figures_pkey" PRIMARY KEY ("id"),
      CONSTRAINT "rate_figures_table_effective_from" UNIQUE ("table", "effective_from"),
      CONSTRAINT "rate_figures_known_table"
        CHECK ("table" IN ('ecb', 'boe', 'fr-legal-other', 'fr-legal-individuals')),
      CONSTRAINT "rate_figures_percent_range" CHECK ("percent" >= 0 AND "percent" <= 100),
      CONSTRAINT "rate_figures_legal_half_year"
        CHECK ("table" NOT LIKE 'fr-legal-%' OR to_char("effective_from", 'MM-DD') IN ('01-01', '07-01'))
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "rate_figures"`);
  }
}
