import type { FastifyInstance } from 'fastify';
import { buildApp, type BuildAppOptions } from '../src/app.js';

/** Fastify answers `inject()` in-process (light-my-request): no port, real request pipeline. */
export type TestApp = FastifyInstance;

export async function startApp(options: BuildAppOptions): Promise<TestApp> {
  const app = await buildApp(options);
  await app.ready();
  return app;
}
