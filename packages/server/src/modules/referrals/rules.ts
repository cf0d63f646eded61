/**
 * The referral time rules as catalogue data (catalogue/referrals/rules.yaml): within how many
 * hours of being sent a referral is to be accepted and completed, per direction.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import { AppError } from '@weijian/core';
import { repoPath } from '../../paths';

const limits = z.strictObject({
  acceptWithinHours: z
    .number()
    .positive()
    .max(24 * 365),
  completeWithinHours: z
    .number()
    .positive()
    .max(24 * 365),
});
const rulesSchema = z.strictObject({
  version: z.string().min(1),
  basis: z.strictObject({ zh: z.string().min(1), en: z.string().min(1) }),
  up: limits,
  down: limits,
});
export type ReferralRules = z.infer<typeof rulesSchema>;

let cached: ReferralRules | undefined;

/** The rules in force, read once per process. @throws AppError INTERNAL when the file is wrong */
export function referralRules(): ReferralRules {
  if (!cached) {
    const parsed = rulesSchema.safeParse(
      parse(readFileSync(repoPath('catalogue', 'referrals', 'rules.yaml'), 'utf8'))
    );
    if (!parsed.success) {
      throw new AppError('INTERNAL', {
        zh: `catalogue/referrals/rules.yaml 有误：${parsed.error.message}`,
        en: `catalogue/referrals/rules.yaml is wrong: ${parsed.error.message}`,
      });
    }
    cached = parsed.data;
  }
  return cached;
}
