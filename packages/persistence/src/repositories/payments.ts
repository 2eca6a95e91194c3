import { DataSource, EntityManager, In } from 'typeorm';
import { PaymentEntity } from '../entities/payment.entity';

export type AcceptedPayment = Pick<
  PaymentEntity,
  'paymentId' | 'amountMinor' | 'currency' | 'paidAt' | 'reference'
>;

/** Payments the workflow accepted (`payments`), one row per invoice and payment id. */
export class Payments {
  constructor(private readonly db: DataSource) {}

  exists(invoiceId: string, paymentId: string): Promise<boolean> {
    return this.db.getRepository(PaymentEntity).existsBy({ invoiceId, paymentId });
  }

  /** The payments accepted on these invoices, oldest first (a statement of account lists them). */
  ofInvoices(invoiceIds: string[]): Promise<PaymentEntity[]> {
    if (invoiceIds.length === 0) return Promise.resolve([]);
    return this.db
      .getRepository(PaymentEntity)
      .find({ where: { invoiceId: In(invoiceIds) }, order: { paidAt: 'ASC', paymentId: 'ASC' } });
  }

  /** Records the payment unless it already is; inside a transaction pass its manager. */
  async record(
    invoice: { id: string; tenantId: string },
    payment: AcceptedPayment,
    manager: EntityManager = this.db.manager,
  ): Promise<void> {
    await manager
      .createQueryBuilder()
      .insert()
      .into(PaymentEntity)
      .values({ ...payment, tenantId: invoice.tenantId, invoiceId: invoice.id })
      .orIgnore()
      .execute();
  }

  /** Payment counts and totals (minor units, as text) by currency, every tenant (the /metrics figures). */
  totalsByCurrency(): Promise<{ currency: string; n: number; minor: string }[]> {
    return this.db.query(
      `SELECT currency, count(*)::int AS n, sum(amount_minor)::text AS minor FROM payments GROUP BY currency`,
    ) as Promise<{ currency: string; n: number; minor: string }[]>;
  }
}
