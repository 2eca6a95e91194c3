import { DataSource } from 'typeorm';
import { RateFigureEntity } from '../entities/rate-figure.entity';

export type RateFigureKey = Pick<RateFigureEntity, 'table' | 'effectiveFrom'>;
export type NewRateFigure = RateFigureKey & Pick<RateFigureEntity, 'percent' | 'source' | 'createdBy'>;

/** Operator reference-rate figures (`rate_figures`), one per table and day. */
export class RateFigures {
  constructor(private readonly db: DataSource) {}

  /** Every figure, by table then day. */
  list(): Promise<RateFigureEntity[]> {
    return this.db.getRepository(RateFigureEntity).find({ order: { table: 'ASC', effectiveFrom: 'ASC' } });
  }

  byKey(key: RateFigureKey): Promise<RateFigureEntity | null> {
    return this.db
      .getRepository(RateFigureEntity)
      .findOneBy({ table: key.table, effectiveFrom: key.effectiveFrom });
  }

  /** Stores the figure unless the table has one that day (two operators at once: the first wins). */
  async insertOnce(figure: NewRateFigure): Promise<void> {
    await this.db
      .getRepository(RateFigureEntity)
      .createQueryBuilder()
      .insert()
      .values(figure)
      .orIgnore()
      .execute();
  }

  async replace(
    id: string,
    change: Pick<RateFigureEntity, 'percent' | 'source' | 'createdBy'>,
  ): Promise<void> {
    await this.db.getRepository(RateFigureEntity).update({ id }, { ...change, updatedAt: new Date() });
  }
}
