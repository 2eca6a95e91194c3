import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { minorUnits } from './columns';

/** A payment as the workflow accepted it; unique per invoice and payment id (events count once). */
@Entity('payments')
@Unique('payments_invoice_payment', ['invoiceId', 'paymentId'])
@Index('payments_by_tenant', ['tenantId', 'paidAt'])
export class PaymentEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'tenant_id', type: 'uuid' }) tenantId!: string;
  @Column({ name: 'invoice_id', type: 'uuid' }) invoiceId!: string;
  @Column({ name: 'payment_id', type: 'text' }) paymentId!: string;
  @Column({ name: 'amount_minor', type: 'bigint', transformer: minorUnits }) amountMinor!: number;
  @Column({ type: 'char', length: 3 }) currency!: string;
  @Column({ name: 'paid_at', type: 'timestamptz' }) paidAt!: Date;
  @Column({ type: 'text', nullable: true }) reference!: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
