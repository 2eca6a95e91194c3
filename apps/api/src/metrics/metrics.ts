import { Inject, Injectable, Logger } from '@nestjs/common';
import { currencyDigits } from '@relance/domain';
import { Emails, Invoices, Payments } from '@relance/persistence';
import type { NextFunction, Request, Response } from 'express';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { API_CONFIG, ApiConfig } from '../config';

/** Business figures read from Postgres: whole-table aggregates, hence read at most once per TTL. */
interface Figures {
  cases: { status: string; n: number }[];
  emails: { template: string; status: string; n: number }[];
  payments: { currency: string; n: number; minor: string }[];
}

/**
 * Prometheus metrics of this process: HTTP traffic, webhook outcomes, and business figures read
 * from Postgres (so every API replica reports the same totals). Those figures aggregate whole
 * tables, so they are cached for METRICS_CACHE_SECONDS (default 30) and read by one query at a
 * time: scrapes, however frequent and from however many scrapers, cost at most one read per TTL.
 */
@Injectable()
export class Metrics {
  readonly registry = new Registry();
  private readonly logger = new Logger(Metrics.name);
  private readonly requests: Counter<'method' | 'route' | 'status'>;
  private readonly duration: Histogram<'method' | 'route' | 'status'>;
  private readonly webhooks: Counter<'source' | 'outcome'>;
  private cached?: { at: number; figures: Promise<Figures> };
  private lastGood?: Figures;

  private readonly invoices: Invoices;
  private readonly emails: Emails;
  private readonly payments: Payments;

  constructor(
    @Inject(DataSource) db: DataSource,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {
    this.invoices = new Invoices(db);
    this.emails = new Emails(db);
    this.payments = new Payments(db);
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

  /** The cached figures, read again once older than the TTL; concurrent scrapes share one read. */
  figures(now = Date.now()): Promise<Figures> {
    const ttlMs = this.config.metrics.cacheSeconds * 1000;
    if (!this.cached || now - this.cached.at >= ttlMs) {
      const figures = this.readFigures().then(
        (f) => (this.lastGood = f),
        (err: unknown) => {
          // Postgres down: keep serving the last figures (the process metrics still matter).
          this.logger.warn({ err }, 'could not read the business figures for /metrics');
          if (this.cached?.figures === figures) this.cached = undefined;
          if (this.lastGood) return this.lastGood;
          throw err;
        },
      );
      this.cached = { at: now, figures };
    }
    return this.cached.figures;
  }

  private async readFigures(): Promise<Figures> {
    const [cases, emails, payments] = await Promise.all([
      this.invoices.countsByStatus(),
      this.emails.countsByTemplateAndStatus(),
      this.payments.totalsByCurrency(),
    ]);
    return { cases, emails, payments } as Figures;
  }

  private businessGauges(registers: Registry[]): void {
    const figures = () => this.figures();
    new Gauge({
      name: 'relance_cases',
      help: 'Cases by status (Postgres projection)',
      labelNames: ['status'],
      registers,
      async collect() {
        const { cases } = await figures();
        this.reset();
        for (const r of cases) this.set({ status: r.status }, r.n);
      },
    });
    new Gauge({
      name: 'relance_emails_sent',
      help: 'Emails sent, by template and delivery status',
      labelNames: ['template', 'status'],
      registers,
      async collect() {
        const { emails } = await figures();
        this.reset();
        for (const r of emails) this.set({ template: r.template, status: r.status }, r.n);
      },
    });
    new Gauge({
      name: 'relance_payments_recorded',
      help: 'Payments recorded on cases, by currency',
      labelNames: ['currency'],
      registers,
      async collect() {
        const { payments } = await figures();
        this.reset();
        for (const r of payments) this.set({ currency: r.currency }, r.n);
      },
    });
    new Gauge({
      name: 'relance_amount_recovered',
      help: 'Sum of recorded payments, in major units, by currency',
      labelNames: ['currency'],
      registers,
      async collect() {
        const { payments } = await figures();
        this.reset();
        for (const r of payments)
          this.set({ currency: r.currency }, Number(r.minor) / 10 ** currencyDigits(r.currency));
      },
    });
  }
}
