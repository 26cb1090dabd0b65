import type { Db } from 'mongodb';
import * as init from './0001_init.js';

export interface Migration {
  /** Applied once per database, in list order; recorded under this name. */
  name: string;
  /** Must be safe to run again: a run that stopped half-way is repeated whole. */
  up(db: Db): Promise<void>;
}

/** Every migration, oldest first. Append new ones; never edit or reorder applied ones. */
export const migrations: Migration[] = [{ name: '0001_init', ...init }];
