import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, Unique } from 'typeorm';

/**
 * A published reference-rate figure added by an operator at run time (docs/penalties.md): composed over
 * the shipped tables by `withOperatorFigures`. `table` is one of the domain's RATE_TABLE_IDS.
 */
@Entity('rate_figures')
@Unique('rate_figures_table_effective_from', ['table', 'effectiveFrom'])
export class RateFigureEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'text' }) table!: string;
  /** 'YYYY-MM-DD' (Postgres `date`, read back as a string). */
  @Column({ name: 'effective_from', type: 'date' }) effectiveFrom!: string;
  /** numeric(5,2), read back as a string with two decimals: '2.15'. */
  @Column({ type: 'numeric', precision: 5, scale: 2 }) percent!: string;
  /** Who added it: 'cli' or 'admin-api'. */
  @Column({ name: 'created_by', type: 'text' }) createdBy!: string;
  /** Where it was published (free text, e.g. the arrêté or the decision's address); optional. */
  @Column({ type: 'text', nullable: true }) source!: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column({ name: 'updated_at', type: 'timestamptz', nullable: true }) updatedAt!: Date | null;
}
