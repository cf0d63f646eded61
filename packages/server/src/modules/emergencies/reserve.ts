/**
 * The reserve: holders and their stock by lot, receipts, issues (to an event, earliest expiry
 * first), transfers between holders (调拨) and rotation of lots near expiry, each one transaction
 * with an audit row; stock never goes below zero. Alerts and indicators compare with the norms.
 */
import {
  AppError,
  allocateFefo,
  daysOfSupply,
  lotState,
  normFor,
  type ReserveIndicators,
  type ReserveItem,
  type StockLine,
} from '@weijian/core';
import type { z } from 'zod';
import type { holderInputSchema, issueSchema, receiptSchema, transferSchema } from '@weijian/core';
import type { Db } from '../../db/connection';
import { actedAt, type Actor, writeAudit } from '../audit';
import { unitInScope } from '../orgunits';
import { emergencyCatalogues } from './catalogues';
import { eventInScope } from './events';
import * as repo from './repository/reserve';

/** Days of issues that set the current issue rate. */
export const ISSUE_RATE_DAYS = 7;

function item(code: string, field = 'item'): ReserveItem {
  const found = emergencyCatalogues().reserve.items.find((i) => i.code === code);
  if (!found) {
    throw new AppError(
      'VALIDATION_FAILED',
      { zh: `物资不在储备目录中：${code}`, en: `Not in the reserve catalogue: ${code}` },
      [{ field, value: code, message: { zh: '未知物资', en: 'unknown item' } }]
    );
  }
  return found;
}

async function holder(db: Db, scope: string, code: string, field: string): Promise<repo.StoredHolder> {
  const [h] = await repo.holdersInScope(db, scope, code);
  if (!h) {
    throw new AppError(
      'NOT_FOUND',
      { zh: `储备单位不存在或不在您的范围内：${code}`, en: `No such holder in your scope: ${code}` },
      [{ field, value: code, message: { zh: '无此储备单位', en: 'unknown holder' } }]
    );
  }
  return h;
}

export async function createHolder(
  db: Db,
  actor: Actor,
  scope: string,
  input: z.infer<typeof holderInputSchema>
): Promise<void> {
  await unitInScope(db, input.unitCode, scope);
  await db.transaction().execute(async (tx) => {
    const ok = await repo.insertHolder(tx, {
      ...input,
      population: input.population ?? null,
      beds: input.beds ?? null,
      capacity: input.capacity ?? false,
    });
    if (!ok) {
      throw new AppError(
        'CONFLICT',
        { zh: `储备单位编码已存在：${input.code}`, en: `Holder code exists: ${input.code}` },
        [{ field: 'code', value: input.code, message: { zh: '重复', en: 'duplicate' } }]
      );
    }
    await writeAudit(tx, actor, {
      action: 'create',
      entity: 'reserve_holder',
      entityId: input.code,
      details: input,
    });
  });
}

export async function receive(
  db: Db,
  actor: Actor,
  scope: string,
  input: z.infer<typeof receiptSchema>
): Promise<number> {
  await holder(db, scope, input.holder, 'holder');
  item(input.item);
  return db.transaction().execute(async (tx) => {
    const lotId = await repo.addToLot(tx, {
      holder: input.holder,
      item: input.item,
      lotNo: input.lotNo,
      quantity: input.quantity,
      expiresOn: input.expiresOn ?? null,
    });
    await repo.insertMovement(tx, {
      kind: 'receipt',
      lotId,
      quantity: input.quantity,
      eventId: null,
      note: input.note ?? null,
      actor: actor.name,
      at: actedAt(actor),
    });
    await writeAudit(tx, actor, {
      action: 'receipt',
      entity: 'reserve_lot',
      entityId: String(lotId),
      details: input,
    });
    return lotId;
  });
}

function short(need: number, have: number, field: string): AppError {
  return new AppError(
    'CONFLICT',
    { zh: `可用库存不足：需 ${need}，有 ${have}`, en: `Not enough usable stock: need ${need}, have ${have}` },
    [{ field, value: need, message: { zh: '超过可用库存', en: 'more than usable stock' } }]
  );
}

/** Take `quantity` from a holder's unexpired lots, earliest expiry first; returns the draws. */
async function draw(tx: Db, holderCode: string, itemCode: string, quantity: number, today: string) {
  const lots = await repo.lockLots(tx, holderCode, itemCode);
  const plan = allocateFefo(
    lots.map((l) => ({ id: l.id, quantity: l.quantity, expiresOn: l.expires_on })),
    quantity,
    today
  );
  if (!plan) {
    const usable = lots
      .filter((l) => l.expires_on === null || l.expires_on >= today)
      .reduce((s, l) => s + l.quantity, 0);
    throw short(quantity, usable, 'quantity');
  }
  for (const p of plan) await repo.takeFromLot(tx, p.id, p.quantity);
  return plan.flatMap((p) => {
    const lot = lots.find((l) => l.id === p.id);
    return lot ? [{ ...p, lot }] : [];
  });
}

export async function issue(
  db: Db,
  actor: Actor,
  scope: string,
  input: z.infer<typeof issueSchema>
): Promise<void> {
  await holder(db, scope, input.holder, 'holder');
  item(input.item);
  if (input.eventId !== undefined) await eventInScope(db, scope, input.eventId);
  const at = actedAt(actor);
  await db.transaction().execute(async (tx) => {
    const draws = await draw(tx, input.holder, input.item, input.quantity, at.toISOString().slice(0, 10));
    for (const d of draws) {
      await repo.insertMovement(tx, {
        kind: 'issue',
        lotId: d.id,
        quantity: d.quantity,
        eventId: input.eventId ?? null,
        note: input.note ?? null,
        actor: actor.name,
        at,
      });
    }
    await writeAudit(tx, actor, {
      action: 'issue',
      entity: 'reserve_stock',
      entityId: `${input.holder}/${input.item}`,
      details: { ...input, lots: draws.map((d) => ({ lot: d.lot.lot_no, quantity: d.quantity })) },
    });
  });
}

export async function transfer(
  db: Db,
  actor: Actor,
  scope: string,
  input: z.infer<typeof transferSchema>
): Promise<void> {
  if (input.from === input.to) {
    throw new AppError('VALIDATION_FAILED', { zh: '调出与调入单位相同', en: 'Transfer to the same holder' }, [
      { field: 'to', value: input.to, message: { zh: '须不同', en: 'must differ' } },
    ]);
  }
  await holder(db, scope, input.from, 'from');
  await holder(db, scope, input.to, 'to');
  item(input.item);
  if (input.eventId !== undefined) await eventInScope(db, scope, input.eventId);
  const at = actedAt(actor);
  await db.transaction().execute(async (tx) => {
    const draws = await draw(tx, input.from, input.item, input.quantity, at.toISOString().slice(0, 10));
    for (const d of draws) {
      await repo.insertMovement(tx, {
        kind: 'transfer_out',
        lotId: d.id,
        quantity: d.quantity,
        eventId: input.eventId ?? null,
        note: input.note ?? null,
        actor: actor.name,
        at,
      });
      // The lot keeps its number and expiry at the receiving holder.
      const toLot = await repo.addToLot(tx, {
        holder: input.to,
        item: input.item,
        lotNo: d.lot.lot_no,
        quantity: d.quantity,
        expiresOn: d.lot.expires_on,
      });
      await repo.insertMovement(tx, {
        kind: 'transfer_in',
        lotId: toLot,
        quantity: d.quantity,
        eventId: input.eventId ?? null,
        note: input.note ?? null,
        actor: actor.name,
        at,
      });
    }
    await writeAudit(tx, actor, {
      action: 'transfer',
      entity: 'reserve_stock',
      entityId: `${input.from}->${input.to}/${input.item}`,
      details: { ...input, lots: draws.map((d) => ({ lot: d.lot.lot_no, quantity: d.quantity })) },
    });
  });
}

/** Rotate a lot out (inside the rotation window or expired): its whole quantity leaves the reserve. */
export async function rotate(
  db: Db,
  actor: Actor,
  scope: string,
  lotId: number,
  note: string | undefined
): Promise<number> {
  const lot = await repo.lotById(db, lotId);
  if (!lot) throw new AppError('NOT_FOUND', { zh: `批次不存在：${lotId}`, en: `No such lot: ${lotId}` });
  await holder(db, scope, lot.holder_code, 'lotId');
  const at = actedAt(actor);
  const state = lotState(item(lot.item), lot.expires_on, at.toISOString().slice(0, 10));
  if (state === 'ok') {
    throw new AppError(
      'CONFLICT',
      { zh: `批次 ${lot.lot_no} 未到轮换期`, en: `Lot ${lot.lot_no} is not yet due for rotation` },
      [{ field: 'lotId', value: lotId, message: { zh: '未到轮换期', en: 'not due' } }]
    );
  }
  if (lot.quantity === 0) {
    throw new AppError('CONFLICT', { zh: `批次 ${lot.lot_no} 已无库存`, en: `Lot ${lot.lot_no} is empty` });
  }
  await db.transaction().execute(async (tx) => {
    const [locked] = (await repo.lockLots(tx, lot.holder_code, lot.item)).filter((l) => l.id === lotId);
    const qty = locked?.quantity ?? 0;
    if (qty === 0) {
      throw new AppError('CONFLICT', { zh: `批次 ${lot.lot_no} 已无库存`, en: `Lot ${lot.lot_no} is empty` });
    }
    await repo.takeFromLot(tx, lotId, qty);
    await repo.insertMovement(tx, {
      kind: 'rotation',
      lotId,
      quantity: qty,
      eventId: null,
      note: note ?? null,
      actor: actor.name,
      at,
    });
    await writeAudit(tx, actor, {
      action: 'rotate',
      entity: 'reserve_lot',
      entityId: String(lotId),
      details: { quantity: qty, state, note: note ?? null },
    });
  });
  return lot.quantity;
}

/** Stock by holder and item with norms, shortfalls, lot states and days of supply at the recent issue rate. */
export async function stock(db: Db, scope: string, now: Date): Promise<StockLine[]> {
  const holders = await repo.holdersInScope(db, scope);
  const codes = holders.map((h) => h.code);
  const today = now.toISOString().slice(0, 10);
  const [lots, issued] = await Promise.all([
    repo.lotsOf(db, codes),
    repo.issuedSince(db, codes, new Date(now.getTime() - ISSUE_RATE_DAYS * 86_400_000)),
  ]);
  const out: StockLine[] = [];
  for (const h of holders) {
    for (const it of emergencyCatalogues().reserve.items) {
      const own = lots.filter((l) => l.holder_code === h.code && l.item === it.code);
      const norm = normFor(it, h);
      if (own.length === 0 && norm === null) continue;
      const withState = own.map((l) => ({
        id: l.id,
        lotNo: l.lot_no,
        quantity: l.quantity,
        expiresOn: l.expires_on,
        state: lotState(it, l.expires_on, today),
      }));
      const usable = withState.filter((l) => l.state !== 'expired').reduce((s, l) => s + l.quantity, 0);
      const rate =
        (issued.find((i) => i.holder_code === h.code && i.item === it.code)?.quantity ?? 0) / ISSUE_RATE_DAYS;
      out.push({
        holder: h.code,
        holderName: h.name,
        level: h.level,
        item: it.code,
        itemName: { zh: it.zh, en: it.en },
        unit: it.unit,
        usable,
        expired: withState.filter((l) => l.state === 'expired').reduce((s, l) => s + l.quantity, 0),
        rotate: withState.filter((l) => l.state === 'rotate').reduce((s, l) => s + l.quantity, 0),
        norm,
        shortfall: norm === null ? null : Math.max(0, norm - usable),
        issuedPerDay: rate,
        daysOfSupply: daysOfSupply(usable, rate),
        lots: withState.filter((l) => l.quantity > 0),
        synthetic: h.synthetic || own.some((l) => l.synthetic),
      });
    }
  }
  return out;
}

/** Indicators: share of (holder, item) pairs with a norm that are at norm, per level; expired stock; lots to rotate. */
export function reserveIndicators(lines: readonly StockLine[]): ReserveIndicators {
  const atNorm: ReserveIndicators['atNorm'] = {};
  for (const level of ['city', 'district', 'facility']) {
    const withNorm = lines.filter((l) => l.level === level && l.norm !== null);
    const ok = withNorm.filter((l) => l.shortfall === 0).length;
    atNorm[level] = {
      pairs: withNorm.length,
      atNorm: ok,
      share: withNorm.length ? ok / withNorm.length : null,
    };
  }
  const dos = lines.map((l) => l.daysOfSupply).filter((d): d is number => d !== null);
  return {
    atNorm,
    expiredQuantity: lines.reduce((s, l) => s + l.expired, 0),
    lotsToRotate: lines.reduce((s, l) => s + l.lots.filter((x) => x.state === 'rotate').length, 0),
    shortfalls: lines.filter((l) => (l.shortfall ?? 0) > 0).length,
    minDaysOfSupply: dos.length ? Math.min(...dos) : null,
  };
}
