import type { DataSource } from 'typeorm';

/** One case's part of a payment that named a client; `surplusMinor` is within `amountMinor`. */
export interface ClientPaymentPart {
  invoiceId: string;
  externalId: string;
  amountMinor: number;
  surplusMinor: number;
}

/** A payment naming a client (no invoice) and the split it was first given. */
export interface ClientPayment {
  tenantId: string;
  paymentId: string;
  clientId: string;
  currency: string;
  amountMinor: number;
  paidAt: Date;
  reference: string | null;
  parts: ClientPaymentPart[];
}

interface Row extends Omit<ClientPayment, 'amountMinor' | 'currency'> {
  amountMinor: string;
  currency: string;
}

/**
 * The split of each payment that named a client (`client_payments`), kept from its first
 * delivery: a redelivery, or the same payment through the other route, hands every case the part
 * it had, whatever the balances became meanwhile (a part already applied is not applied again,
 * and no part moves to another case).
 */
export class ClientPayments {
  constructor(private readonly db: DataSource) {}

  async byId(tenantId: string, paymentId: string): Promise<ClientPayment | null> {
    const [found] = (await this.db.query(
      `SELECT tenant_id AS "tenantId", payment_id AS "paymentId", client_id AS "clientId", currency,
              amount_minor::text AS "amountMinor", paid_at AS "paidAt", reference, parts
         FROM client_payments WHERE tenant_id = $1 AND payment_id = $2`,
      [tenantId, paymentId],
    )) as Row[];
    return found
      ? { ...found, currency: found.currency.trim(), amountMinor: Number(found.amountMinor) }
      : null;
  }

  /** Stores the split unless one is stored for this payment id; answers the one stored first. */
  async keepFirst(payment: ClientPayment): Promise<ClientPayment> {
    await this.db.query(
      `INSERT INTO client_payments (tenant_id, payment_id, client_id, currency, amount_minor, paid_at, reference, parts)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb)
       ON CONFLICT (tenant_id, payment_id) DO NOTHING`,
      [
        payment.tenantId,
        payment.paymentId,
        payment.clientId,
        payment.currency,
        payment.amountMinor,
        payment.paidAt,
        payment.reference,
        JSON.stringify(payment.parts),
      ],
    );
    const stored = await this.byId(payment.tenantId, payment.paymentId);
    if (!stored) throw new Error(`client payment ${payment.paymentId} not found after it was stored`);
    return stored;
  }
}
