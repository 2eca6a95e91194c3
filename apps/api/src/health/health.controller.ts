import { Controller, Get, Inject, Logger, Module } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Client } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { unavailable } from '../common/problem';
import { TEMPORAL_CLIENT } from '../infra/infra.module';

const within = <T>(ms: number, p: Promise<T>) =>
  Promise.race([
    p,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms)),
  ]);

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
  ) {}

  @Get('live')
  live() {
    return { status: 'ok' };
  }

  private readonly logger = new Logger('Health');

  /**
   * Ready when Postgres and Temporal both answer. Anyone may ask (load balancers do), so the answer
   * says only up or down; why a dependency is down (addresses, users, driver text) goes to the log.
   */
  @Get('ready')
  async ready() {
    const checks = await Promise.allSettled([
      within(2_000, this.db.query('SELECT 1')),
      within(
        2_000,
        this.temporal.connection
          .ensureConnected()
          .then(() => this.temporal.connection.workflowService.getSystemInfo({})),
      ),
    ]);
    const [postgres, temporal] = checks.map((c) => (c.status === 'fulfilled' ? 'up' : 'down'));
    if (postgres !== 'up' || temporal !== 'up') {
      const [pgError, temporalError] = checks.map((c) =>
        c.status === 'rejected' ? (c.reason as Error).message : undefined,
      );
      this.logger.warn({ postgres: pgError, temporal: temporalError }, 'not ready: a dependency is down');
      throw unavailable('a dependency is down', undefined, { checks: { postgres, temporal } });
    }
    return { status: 'ok', checks: { postgres, temporal } };
  }
}

@Module({ controllers: [HealthController] })
export class HealthModule {}
