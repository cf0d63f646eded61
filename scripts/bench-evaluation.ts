/**
 * npm run bench:evaluation — time to evaluate every row of all seven plans for every year of their
 * periods, and to write the Word report for futian-2021. Prints one JSON line.
 */
import { bootstrap } from '../packages/server/src/bootstrap';
import { openDatabase } from '../packages/server/src/db/connection';
import { catalogue } from '../packages/server/src/modules/catalogue';
import { evaluatePlan } from '../packages/server/src/modules/evaluation';
import { buildReport, renderDocx } from '../packages/server/src/modules/reports';

const database = await openDatabase(process.env.DATABASE_URL ? { url: process.env.DATABASE_URL } : {});
try {
  await bootstrap(database.db);
  const plans = await database.db.selectFrom('plans').select(['id', 'base_year', 'period_end']).execute();
  const runs: number[] = [];
  let rows = 0;
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    rows = 0;
    for (const p of plans) {
      for (let y = p.base_year + 1; y <= p.period_end; y++) {
        rows += (await evaluatePlan(database.db, catalogue(), '100000', p.id, y)).rows.length;
      }
    }
    runs.push(performance.now() - t0);
  }
  const t1 = performance.now();
  const docx = await renderDocx(
    await buildReport(database.db, catalogue(), '100000', 'futian-2021', 2023, 'zh')
  );
  const reportMs = performance.now() - t1;
  console.log(
    JSON.stringify({
      engine: database.engine,
      plans: plans.length,
      row_years: rows,
      evaluate_all_ms: Number(Math.min(...runs).toFixed(1)),
      report_docx_ms: Number(reportMs.toFixed(1)),
      report_docx_bytes: docx.length,
      peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
    })
  );
} finally {
  await database.close();
}
