/**
 * Health records (WS 365 basic data) owned by a community health centre or station: read (access
 * checked and logged like the resident), open, change with an optimistic version, and transfer to
 * another facility with the transfer kept in history.
 */
import { AppError, type HealthRecordView, type HealthRecordWrite } from '@weijian/core';
import type { AppContext } from '../../context';
import { actorOf, writeAudit } from '../audit';
import type { SessionUser } from '../auth';
import { chinaDay, findOrgUnit } from '../orgunits';
import { assertResidentAccess, denied, inScope, withinReach, type Reader } from './access';
import * as records from './repository/records';
import * as repo from './repository/residents';

type User = Pick<SessionUser, 'id' | 'username' | 'role' | 'orgUnitCode'>;

const noRecord = (id: number) =>
  new AppError('NOT_FOUND', {
    zh: `居民 ${id} 尚未建立健康档案`,
    en: `Resident ${id} has no health record yet`,
  });

/** A resident's health record with its transfers; access checked and the read logged. */
export async function getHealthRecord(
  ctx: AppContext,
  user: User,
  residentId: number,
  why: { purpose: string; breakGlassReason?: string | null | undefined }
): Promise<HealthRecordView> {
  const reader: Reader = { user, at: ctx.now() };
  return ctx.db.transaction().execute(async (tx) => {
    await assertResidentAccess(tx, reader, residentId, why);
    const r = await records.findRecord(tx, residentId);
    if (!r) throw noRecord(residentId);
    const transfers = await records.transfersOf(tx, residentId);
    return {
      residentId,
      ownerUnit: r.ownerUnit,
      openedOn: r.openedOn,
      basic: r.basic,
      version: r.version,
      updatedBy: r.updatedBy,
      updatedAt: r.updatedAt.toISOString(),
      transfers: transfers.map((t) => ({ ...t, at: t.at.toISOString() })),
    };
  });
}

async function facilityOf(ctx: AppContext, code: string, field: string, scope?: string) {
  const u = await findOrgUnit(ctx.db, code);
  if (!u || u.level !== 'facility' || (scope !== undefined && !inScope(u.path, scope))) {
    throw new AppError('VALIDATION_FAILED', { zh: '档案归属机构无效', en: 'Invalid owning facility' }, [
      {
        field,
        value: code,
        message: scope
          ? { zh: '须为您范围内的医疗卫生机构', en: 'Must be a health facility inside your scope' }
          : { zh: '须为已登记的医疗卫生机构', en: 'Must be a known health facility' },
      },
    ]);
  }
  return u;
}

/**
 * Open a resident's health record (no version sent; `ownerUnit` a facility in the caller's scope)
 * or change its basic data (the version read). The caller must reach the resident.
 */
export async function writeHealthRecord(
  ctx: AppContext,
  user: User,
  residentId: number,
  input: HealthRecordWrite
): Promise<{ version: number }> {
  const actor = actorOf(user, ctx.now());
  const reader: Reader = { user, at: ctx.now() };
  if (input.version === undefined && input.ownerUnit !== undefined) {
    await facilityOf(ctx, input.ownerUnit, 'ownerUnit', user.orgUnitCode);
  }
  return ctx.db.transaction().execute(async (tx) => {
    if (!(await withinReach(tx, reader, [residentId])).has(residentId)) throw denied();
    const [row] = await repo.lockResidents(tx, [residentId]);
    if (!row || row.status === 'merged') throw denied();
    const current = await records.findRecord(tx, residentId, true);
    if (input.version === undefined) {
      if (current) {
        throw new AppError('CONFLICT', {
          zh: `居民 ${residentId} 已有健康档案（版本 ${current.version}），请带版本号修改`,
          en: `Resident ${residentId} already has a health record (version ${current.version}); send its version to change it`,
        });
      }
      if (input.ownerUnit === undefined) {
        throw new AppError('VALIDATION_FAILED', { zh: '请指定建档机构', en: 'Name the owning facility' }, [
          { field: 'ownerUnit', message: { zh: '建档时必填', en: 'Required when the record is opened' } },
        ]);
      }
      await records.insertRecords(tx, [
        {
          residentId,
          ownerUnit: input.ownerUnit,
          openedOn: input.openedOn ?? chinaDay(ctx.now()),
          basic: input.basic,
          by: actor.name,
          at: ctx.now(),
        },
      ]);
      await writeAudit(tx, actor, {
        action: 'health_record.open',
        entity: 'health_records',
        entityId: String(residentId),
        details: { ownerUnit: input.ownerUnit },
      });
      return { version: 1 };
    }
    if (!current) throw noRecord(residentId);
    if (input.ownerUnit !== undefined && input.ownerUnit !== current.ownerUnit) {
      throw new AppError(
        'VALIDATION_FAILED',
        { zh: '更换归属机构请用档案迁转', en: 'Use a transfer to change the owner' },
        [{ field: 'ownerUnit', value: input.ownerUnit, message: { zh: '请用迁转', en: 'Transfer instead' } }]
      );
    }
    if (
      current.version !== input.version ||
      !(await records.updateRecord(tx, residentId, input.version, input.basic, actor.name, ctx.now()))
    ) {
      throw new AppError(
        'CONFLICT',
        {
          zh: `健康档案已被他人修改（当前版本 ${current.version}）`,
          en: `The health record was changed by someone else (now version ${current.version})`,
        },
        [{ field: 'version', value: input.version, message: { zh: '版本已过期', en: 'Stale version' } }]
      );
    }
    await writeAudit(tx, actor, {
      action: 'health_record.update',
      entity: 'health_records',
      entityId: String(residentId),
      details: { parts: Object.keys(input.basic), version: input.version + 1 },
    });
    return { version: input.version + 1 };
  });
}

/**
 * Transfer a health record to another facility (which may lie outside the caller's scope: that is
 * what a transfer is), keeping the transfer in history. The caller must reach the resident.
 */
export async function transferHealthRecord(
  ctx: AppContext,
  user: User,
  residentId: number,
  input: { toUnit: string; reason: string }
): Promise<{ version: number }> {
  const actor = actorOf(user, ctx.now());
  const reader: Reader = { user, at: ctx.now() };
  await facilityOf(ctx, input.toUnit, 'toUnit');
  return ctx.db.transaction().execute(async (tx) => {
    if (!(await withinReach(tx, reader, [residentId])).has(residentId)) throw denied();
    const current = await records.findRecord(tx, residentId, true);
    if (!current) throw noRecord(residentId);
    if (current.ownerUnit === input.toUnit) {
      throw new AppError(
        'VALIDATION_FAILED',
        { zh: '迁入机构与现归属机构相同', en: 'Already owned by that facility' },
        [
          {
            field: 'toUnit',
            value: input.toUnit,
            message: { zh: '请选择其他机构', en: 'Choose another facility' },
          },
        ]
      );
    }
    await records.transferRecord(tx, {
      residentId,
      fromUnit: current.ownerUnit,
      toUnit: input.toUnit,
      reason: input.reason,
      actor: actor.name,
      at: ctx.now(),
    });
    await writeAudit(tx, actor, {
      action: 'health_record.transfer',
      entity: 'health_records',
      entityId: String(residentId),
      details: { from: current.ownerUnit, to: input.toUnit, reason: input.reason },
    });
    return { version: current.version + 1 };
  });
}
