import { inject, type InjectOptions, type Response } from 'light-my-request';
import { buildApp, type BuildAppOptions } from '../src/app.js';

export interface TestApp {
  inject(options: InjectOptions): Promise<Response>;
  close(): Promise<void>;
}

/** Requests go through the real Express stack in-process (light-my-request): no port needed. */
export async function startApp(options: BuildAppOptions): Promise<TestApp> {
  const app = await buildApp(options);
  return {
    inject: (request) => inject(app.express, request),
    close: () => app.close(),
  };
}
