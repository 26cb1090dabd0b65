import { getRequestListener } from '@hono/node-server';
import { inject, type InjectOptions, type Response } from 'light-my-request';
import { buildApp, type BuildAppOptions, type BuiltApp } from '../src/app.js';

export interface TestApp {
  inject(options: InjectOptions): Promise<Response>;
  close(): Promise<void>;
}

/**
 * Requests go in-process through @hono/node-server's Node.js listener (light-my-request): no
 * port, the real middleware chain, and `remoteAddress` reaches the rate limiter's getConnInfo.
 */
export function injector(app: BuiltApp['app']): TestApp['inject'] {
  const listener = getRequestListener(app.fetch);
  return (options) =>
    inject((request, response) => {
      void listener(request, response);
    }, options);
}

export async function startApp(options: BuildAppOptions): Promise<TestApp> {
  const { app, close } = await buildApp(options);
  return { inject: injector(app), close };
}
