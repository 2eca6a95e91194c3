import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { createServer, type Server } from 'node:http';
import { API_CONFIG, ApiConfig } from '../config';
import { Metrics } from './metrics';

/**
 * Without METRICS_TOKEN, the metrics are served by a plain HTTP server on 127.0.0.1:METRICS_PORT:
 * reachable by a scraper or agent on the same host (or in the same pod), never from the network.
 */
@Injectable()
export class LoopbackMetricsServer implements OnApplicationShutdown {
  private server?: Server;

  constructor(
    private readonly metrics: Metrics,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  /** Starts the server unless a token puts the metrics on the public port; returns its URL. */
  async listen(): Promise<string | undefined> {
    if (this.config.metrics.token) return undefined;
    const { port } = this.config.metrics;
    const server = createServer((req, res) => {
      if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found: GET /metrics\n');
        return;
      }
      this.metrics.registry.metrics().then(
        (text) => res.writeHead(200, { 'content-type': this.metrics.registry.contentType }).end(text),
        (err: Error) => res.writeHead(500, { 'content-type': 'text/plain' }).end(`${err.message}\n`),
      );
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', (err: NodeJS.ErrnoException) =>
        reject(
          new Error(
            `cannot serve metrics on 127.0.0.1:${port} (${err.code ?? err.message}): set METRICS_PORT to a free port, ` +
              'or METRICS_TOKEN to serve GET /metrics on the API port behind a bearer token',
          ),
        ),
      );
      server.listen(port, '127.0.0.1', resolve);
    });
    this.server = server;
    return `http://127.0.0.1:${port}/metrics`;
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise((resolve) => server.close(resolve));
  }
}
