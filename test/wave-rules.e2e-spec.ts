import { WaveStatus } from '../src/waves/wave-status.enum';
import { waveOpenTo, waveTakesOrders } from '../src/waves/wave-transitions';
import { sql, startTestContext, TestContext } from './support/test-app';

/**
 * The wave's rules are SQL functions (src/waves/sql/wave_rules.1.sql) with TypeScript twins
 * (src/waves/wave-transitions.ts): both must answer alike, on every state and at the edges of time.
 */
describe('Wave rules: the SQL functions and their TypeScript twins agree', () => {
  let ctx: TestContext;

  beforeAll(async () => {
    ctx = await startTestContext();
  });

  afterAll(() => ctx?.close());

  it('"the wave takes orders" for every status, before, at and after its opening and closing second', async () => {
    const opensAt = new Date('2020-04-07T01:00:00.000Z');
    const closesAt = new Date('2020-04-08T10:00:00.000Z');
    const moments = [
      new Date(opensAt.getTime() - 1),
      opensAt,
      new Date(opensAt.getTime() + 1),
      new Date(closesAt.getTime() - 1),
      closesAt,
      new Date(closesAt.getTime() + 1),
    ];
    let taking = 0;
    for (const status of Object.values(WaveStatus)) {
      for (const at of moments) {
        const [row] = await sql<{ takes: boolean }>(
          ctx.databaseUrl,
          'SELECT wave_takes_orders(jsonb_populate_record(NULL::waves, $1::jsonb), $2::timestamptz) AS takes',
          [{ status, opens_at: opensAt, closes_at: closesAt }, at],
        );
        expect([status, at.toISOString(), waveTakesOrders({ status, opensAt, closesAt }, at)]).toEqual([
          status,
          at.toISOString(),
          row.takes,
        ]);
        if (row.takes) taking++;
      }
    }
    // scheduled and open, from the opening second up to (not at) the closing one.
    expect(taking).toBe(2 * 3);
  });

  it('"the wave is open to the agency" for waves with and without agencies and buyers with and without one', async () => {
    const waves = [[], ['Kementerian Koperasi dan UKM'], ['Kementerian Koperasi dan UKM', 'Bappenas']];
    const agencies = ['Kementerian Koperasi dan UKM', 'Bappenas', 'Kementerian Dalam Negeri', null];
    for (const list of waves) {
      for (const agency of agencies) {
        const [row] = await sql<{ open: boolean | null }>(
          ctx.databaseUrl,
          'SELECT wave_open_to(jsonb_populate_record(NULL::waves, $1::jsonb), $2) AS open',
          [{ agencies: list }, agency],
        );
        // NULL in SQL refuses like false in a WHERE.
        expect([list, agency, waveOpenTo({ agencies: list }, agency)]).toEqual([list, agency, row.open === true]);
      }
    }
  });
});
