import type { Migration } from 'kysely/migration';
import * as init from './0001_init.js';

/**
 * Every migration, by name; applied in name order. Add a new file here: a static list works
 * from src/ (tsx) and dist/ alike, with no directory scan.
 */
export const migrations: Record<string, Migration> = {
  '0001_init': init,
};
