/**
 * Situation reports (进程报告) in Word, Chinese or English, built from the event's own data: its
 * status and grade, deadlines, cases by onset, tasks, supplies issued to it. Issuing one is a
 * step on the timeline (it meets the recurring situation-report deadline) and is audited.
 */
import {
  Document,
  HeadingLevel,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import { GRADE_NAMES, type EventDetail } from '@weijian/core';
import type { Db } from '../../db/connection';
import type { Actor } from '../audit';
import { addEventStep, eventDetail } from './events';

type Lang = 'zh' | 'en';

const L = {
  zh: {
    title: '突发公共卫生事件进程报告',
    synthetic: '演示数据（合成）——不是真实疫情',
    basics: '一、事件概况',
    deadlines: '二、报告时限',
    cases: '三、病例情况',
    tasks: '四、处置任务',
    timeline: '五、处置经过',
    status: '状态',
    grade: '级别',
    ungraded: '未分级',
    unit: '发生地',
    discovered: '发现时间',
    casesTotal: (n: number, first: string, last: string) =>
      `共关联病例 ${n} 例，发病时间 ${first} 至 ${last}。`,
    noCases: '尚无关联病例。',
    byDay: '按发病日期',
    task: (t: string, who: string, due: string, s: string) => `${t}（${who}，截止 ${due}，${s}）`,
    state: { pending: '未开始', running: '计时中', met: '按时完成', met_late: '逾期完成', missed: '已超时' },
    date: '日期',
    count: '病例数',
    colon: '：',
    taskStates: { assigned: '已派发', in_progress: '进行中', done: '已完成', cancelled: '已取消' },
    sep: '；',
    statuses: {
      open: '已发现',
      reported: '已直报',
      verified: '已核实',
      graded: '已分级',
      responding: '响应中',
      response_ended: '响应终止',
      closed: '已结案',
    },
  },
  en: {
    title: 'Public-health emergency situation report',
    synthetic: 'Demonstration data (synthetic) — not a real outbreak',
    basics: '1. The event',
    deadlines: '2. Reporting deadlines',
    cases: '3. Cases',
    tasks: '4. Tasks',
    timeline: '5. Course of the response',
    status: 'Status',
    grade: 'Grade',
    ungraded: 'not graded',
    unit: 'Place',
    discovered: 'Discovered',
    casesTotal: (n: number, first: string, last: string) =>
      `${n} linked cases, onsets from ${first} to ${last}.`,
    noCases: 'No linked cases yet.',
    byDay: 'By day of onset',
    task: (t: string, who: string, due: string, s: string) => `${t} (${who}, due ${due}, ${s})`,
    state: { pending: 'not started', running: 'running', met: 'met', met_late: 'met late', missed: 'missed' },
    date: 'Date',
    count: 'Cases',
    colon: ': ',
    taskStates: { assigned: 'assigned', in_progress: 'in progress', done: 'done', cancelled: 'cancelled' },
    sep: '; ',
    statuses: {
      open: 'discovered',
      reported: 'reported',
      verified: 'verified',
      graded: 'graded',
      responding: 'responding',
      response_ended: 'response ended',
      closed: 'closed',
    },
  },
} as const;

const cell = (text: string) => new TableCell({ children: [new Paragraph(text)] });

/** The report's text, as Word paragraphs. */
export function sitrepDocument(d: EventDetail, lang: Lang, issuedAt: Date): Document {
  const t = L[lang];
  const e = d.event;
  const time = (iso: string) => iso.slice(0, 16).replace('T', ' ') + ' UTC';
  const grade = e.grade ? GRADE_NAMES[e.grade][lang] : t.ungraded;
  const first = d.lineList[0]?.onsetDate ?? '';
  const last = d.lineList.at(-1)?.onsetDate ?? '';
  const children: (Paragraph | Table)[] = [];
  if (e.synthetic) {
    children.push(
      new Paragraph({
        children: [
          // eslint-disable-next-line @typescript-eslint/no-deprecated -- docx's run option, not the DOM's
          new TextRun({ text: t.synthetic, bold: true, color: 'B00000' }),
        ],
      })
    );
  }
  children.push(
    new Paragraph({ text: `${t.title}${t.colon}${e.title}`, heading: HeadingLevel.TITLE }),
    new Paragraph(time(issuedAt.toISOString())),
    new Paragraph({ text: t.basics, heading: HeadingLevel.HEADING_1 }),
    new Paragraph(
      [
        `${t.unit}${t.colon}${e.unitName}`,
        `${t.discovered}${t.colon}${time(e.discoveredAt)}`,
        `${t.status}${t.colon}${t.statuses[e.status]}`,
        `${t.grade}${t.colon}${grade}`,
      ].join(t.sep)
    ),
    new Paragraph({ text: t.deadlines, heading: HeadingLevel.HEADING_1 }),
    ...d.countdowns.map(
      (c) =>
        new Paragraph(`${c.name[lang]}${t.colon}${t.state[c.state]}${c.dueAt ? ` (${time(c.dueAt)})` : ''}`)
    ),
    new Paragraph({ text: t.cases, heading: HeadingLevel.HEADING_1 }),
    new Paragraph(d.lineList.length ? t.casesTotal(d.lineList.length, first, last) : t.noCases)
  );
  if (d.curve.length) {
    children.push(
      new Paragraph(t.byDay),
      new Table({
        width: { size: 50, type: WidthType.PERCENTAGE },
        rows: [
          new TableRow({ children: [cell(t.date), cell(t.count)] }),
          ...d.curve.map((p) => new TableRow({ children: [cell(p.date), cell(String(p.count))] })),
        ],
      })
    );
  }
  children.push(
    new Paragraph({ text: t.tasks, heading: HeadingLevel.HEADING_1 }),
    ...d.tasks.map(
      (k) =>
        new Paragraph(t.task(k.title, k.teamName ?? k.unitName ?? '', time(k.dueAt), t.taskStates[k.status]))
    ),
    new Paragraph({ text: t.timeline, heading: HeadingLevel.HEADING_1 }),
    ...d.timeline.map(
      (s) =>
        new Paragraph(
          `${time(s.at)} ${s.step}${s.toStatus ? ` → ${s.toStatus}` : ''} (${s.actor})${s.note ? `: ${s.note}` : ''}`
        )
    )
  );
  return new Document({ sections: [{ children }] });
}

/** Build the report, record its issue on the timeline, and return the .docx bytes. */
export async function issueSitrep(
  db: Db,
  actor: Actor,
  scope: string,
  id: number,
  lang: Lang,
  now: Date
): Promise<Buffer> {
  const detail = await eventDetail(db, scope, id, now);
  const body = await Packer.toBuffer(sitrepDocument(detail, lang, now));
  await addEventStep(db, actor, scope, id, {
    step: 'sitrep',
    note: lang,
    details: { lang, cases: detail.lineList.length },
  });
  return body;
}
