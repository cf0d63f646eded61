/** The emergency catalogues shipped in `catalogue/emergencies/`, read once and checked by their schemas. */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import {
  AppError,
  deadlinesFileSchema,
  equipmentStandardSchema,
  gradingFileSchema,
  reserveCatalogueSchema,
  type EmergencyCatalogues,
} from '@weijian/core';
import type { z } from 'zod';
import { repoPath } from '../../paths';

let cached: EmergencyCatalogues | null = null;

function read<S extends z.ZodType>(file: string, schema: S): z.output<S> {
  const parsed = schema.safeParse(parse(readFileSync(repoPath('catalogue/emergencies', file), 'utf8')));
  if (!parsed.success) {
    throw new AppError('INTERNAL', {
      zh: `应急目录文件 ${file} 无效：${parsed.error.message}`,
      en: `Emergency catalogue ${file} is invalid: ${parsed.error.message}`,
    });
  }
  return parsed.data;
}

/** Grading criteria, deadlines, the equipment standard and the reserve catalogue. */
export function emergencyCatalogues(): EmergencyCatalogues {
  cached ??= {
    criteria: read('grading.yaml', gradingFileSchema).criteria,
    deadlines: read('deadlines.yaml', deadlinesFileSchema).deadlines,
    equipment: read('team-equipment.yaml', equipmentStandardSchema),
    reserve: read('reserve.yaml', reserveCatalogueSchema),
  };
  return cached;
}
