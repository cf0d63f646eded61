/** Reading plan files (plans/*.yaml) from disk, validated against the shared schema. */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { AppError, planFileSchema, type PlanFile } from '@weijian/core';

/**
 * Parse and validate one plan file.
 * @throws AppError VALIDATION_FAILED naming the file and each invalid field
 */
export function readPlanFile(path: string): PlanFile {
  let data: unknown;
  try {
    data = parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new AppError(
      'VALIDATION_FAILED',
      { zh: `规划文件不是有效的 YAML：${path}`, en: `Plan file is not valid YAML: ${path}` },
      [],
      { cause: e }
    );
  }
  const result = planFileSchema.safeParse(data);
  if (!result.success) {
    throw new AppError(
      'VALIDATION_FAILED',
      { zh: `规划文件格式有误：${path}`, en: `Invalid plan file: ${path}` },
      result.error.issues.map((i) => ({
        field: i.path.join('.'),
        message: { zh: `字段无效：${i.message}`, en: i.message },
      }))
    );
  }
  return result.data;
}

/** All plan files in a directory, in file-name order. */
export function readPlanDirectory(dir: string): PlanFile[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => readPlanFile(join(dir, f)));
}
