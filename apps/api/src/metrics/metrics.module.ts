import { Controller, Get, Global, Header, Headers, Inject, Module } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { createHash, timingSafeEqual } from 'node:crypto';
import { ApiProblems } from '../common/openapi';
import { Problem } from '../common/problem';
import { API_CONFIG, ApiConfig } from '../config';
import { LoopbackMetricsServer } from './loopback-server';
import { Metrics } from './metrics';

const digest = (s: string) => createHash('sha256').update(s).digest();

/**
 * `GET /metrics` on the public port: only with `Authorization: Bearer <METRICS_TOKEN>`. Without a
 * token configured the route answers 404 here, and the metrics are served on 127.0.0.1:METRICS_PORT.
 */
@ApiTags('operations')
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: Metrics,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  @Get()
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  @ApiProduces('text/plain')
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Prometheus metrics',
    description:
      'Needs `Authorization: Bearer <METRICS_TOKEN>`. When METRICS_TOKEN is not set, this route answers 404 and the ' +
      'metrics are served on 127.0.0.1:METRICS_PORT (default 9465) only.',
  })
  @ApiProblems(
    [401, 'Missing or wrong metrics token'],
    [404, 'METRICS_TOKEN is not set: scrape the loopback port'],
  )
  scrape(@Headers('authorization') authorization: string | undefined): Promise<string> {
    const token = this.config.metrics.token;
    if (!token) throw new Problem(404, 'Not found', 'no route GET /metrics');
    const given = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1] ?? '';
    if (!timingSafeEqual(digest(given), digest(token))) {
      throw new Problem(
        401,
        'Unauthorized',
        'GET /metrics needs Authorization: Bearer <METRICS_TOKEN>',
        undefined,
        {},
        {
          'WWW-Authenticate': 'Bearer realm="metrics"',
        },
      );
    }
    return this.metrics.registry.metrics();
  }
}

@Global()
@Module({
  controllers: [MetricsController],
  providers: [Metrics, LoopbackMetricsServer],
  exports: [Metrics, LoopbackMetricsServer],
})
export class MetricsModule {}
