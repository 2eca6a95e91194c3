import { Inject, Injectable } from '@nestjs/common';
import { currencyDigits } from '@relance/domain';
import type { NextFunction, Request, Response } from 'express';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { DataSource } from 'typeorm';

/**
 * Prometheus metrics of this process: HTTP traffic, webhook outcomes, and business figures read
 * from Postgres at scrape time (so every API replica reports the same totals).
 */
@Injectable()
export class Metrics {
  readonly registry = new Registry();
  private readonly requests: Counter<'method' | 'route' | 'status'>;
  private readonly duration: Histogram<'method' | 'route' | 'status'>;
  private readonly webhooks: Counter<'source' | 'outcome'>;

  constructor(@Inject(DataSource) private readonly db: DataSource) {
    collectDefaultMetrics({ register: this.registry, prefix: 'relance_api_' });
    const registers = [this.registry];
    this.requests = new Counter({
      name: 'relance_http_requests_total',
      help: 'HTTP requests by route and status',
      labelNames: ['method', 'route', 'status'],
      registers,
    });
    this.duration = new Histogram({
      name: 'relance_http_request_duration_seconds',
      help: 'HTTP request duration by route and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.webhooks = new Counter({
      name: 'relance_webhooks_total',
      help: 'Inbound webhooks by source and outcome',
      labelNames: ['source', 'outcome'],
      registers,
    });
    this.businessGauges(registers);
  }

  webhook(source: 'payment' | 'resend', outcome: string): void {
    this.webhooks.inc({ source, outcome });
  }

  /** Express middleware: counts and times every request under its route pattern (not its raw path). */
  readonly middleware = (req: Request, res: Response, next: NextFunction): void => {
    const stop = this.duration.startTimer();
    res.on('finish', () => {
      const route = (req.route as { path?: string } | undefined)?.path;
      const labels = {
        method: req.method,
        route: route ? `${req.baseUrl}${route}` : 'unmatched',
        status: String(res.statusCode),
      };
      stop(labels);
      this.requests.inc(labels);
    });
    next();
  };

  private businessGauges(registers: Registry[]): void {
    const db = this.db;
    new Gauge({
      name: 'relance_cases',
      help: 'Cases by status (Postgres projection)',
      labelNames: ['status'],
      registers,
      async collect() {
        this.reset();
        const rows = (await db.query(`SELECT status, count(*)::int AS n FROM invoices GROUP BY status`)) as {
          status: string;
          n: number;
        }[];
        for (const r of rows) this.set({ status: r.status }, r.n);
      },
    });
    new Gauge({
      name: 'relance_emails_sent',
      help: 'Emails sent, by template and delivery status',
      labelNames: ['template', 'status'],
      registers,
      async collect() {
        this.reset();
        const rows = (await db.query(
          `SELECT template, status, count(*)::int AS n FROM emails GROUP BY template, status`,
        )) as { template: string; status: string; n: number }[];
        for (const r of rows) this.set({ template: r.template, status: r.status }, r.n);
      },
    });
    new Gauge({
      name: 'relance_payments_recorded',
      help: 'Payments recorded on cases, by currency',
      labelNames: ['currency'],
      registers,
      async collect() {
        this.reset();
        const rows = (await db.query(
          `SELECT currency, count(*)::int AS n FROM payments GROUP BY currency`,
        )) as { currency: string; n: number }[];
        for (const r of rows) this.set({ currency: r.currency }, r.n);
      },
    });
    new Gauge({
      name: 'relance_amount_recovered',
      help: 'Sum of recorded payments, in major units, by currency',
      labelNames: ['currency'],
      registers,
      async collect() {
        this.reset();
        const rows = (await db.query(
          `SELECT currency, sum(amount_minor)::text AS minor FROM payments GROUP BY currency`,
        )) as { currency: string; minor: string }[];
        for (const r of rows)
          this.set({ currency: r.currency }, Number(r.minor) / 10 ** currencyDigits(r.currency));
      },
    });
  }
}
