import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ImportSource } from '../../../../src/library/import/types';

/** A fixture from tests/fixtures/import (made by scripts/make-import-fixtures.mjs), under any name. */
export function readFixture(file: string, name = file): ImportSource {
  // A path, not new URL(): happy-dom replaces the global URL in its test files.
  const fixtures = path.resolve(
    path.dirname(fileURLToPath(import.meta.url)),
    '../../../fixtures/import',
  );
  return { name, bytes: new Uint8Array(readFileSync(path.join(fixtures, file))) };
}

export const FIXTURE_TITLE = 'The Glassblower’s Almanac';
export const FIXTURE_AUTHOR = 'Odile Marchetti';
export const FIRST_PARAGRAPH =
  'Every winter the furnace on Quillon Street was lit before dawn, and the street smelled of ash and oranges until the snow came.';
export const SECOND_PARAGRAPH =
  'Mirela kept a ledger of every vase that cracked in the annealing oven, because her grandmother said a crack is a letter the glass writes back.';
export const THIRD_PARAGRAPH =
  'By March the ledger held forty-one letters, and not one of them was kind.';
