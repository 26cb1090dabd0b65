import { inject, type InjectOptions, type Response } from 'light-my-request';
import { buildApp, type BuildAppOptions, type BuiltApp } from '../src/app.js';

export interface TestApp {
  inject(options: InjectOptions): Promise<Response>;
  close(): Promise<void>;
}

/**
 * Requests go in-process through the app's Node.js listener, as served (light-my-request): no
 * port, the real middleware chain, and `remoteAddress` reaches the rate limiter's getConnInfo.
 */
export function injector(listener: BuiltApp['listener']): TestApp['inject'] {
  return (options) =>
    inject((request, response) => {
      void listener(request, response);
    }, options);
}

export async function startApp(options: BuildAppOptions): Promise<TestApp> {
  const { listener, close } = await buildApp(options);
  return { inject: injector(listener), close };
}
