import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../src/database/data-source-options';
import { runMigrations } from '../src/database/run-migrations';
import { startTestContext, TestContext } from './support/test-app';

describe('Entities and migrations', () => {
  let ctx: TestContext;

  beforeAll(async () => {
    ctx = await startTestContext();
  });

  afterAll(() => ctx.close());

  it('agree: after every migration has run, the entities ask for no schema change', async () => {
    const dataSource = await new DataSource(dataSourceOptions(ctx.databaseUrl, 2)).initialize();
    try {
      await runMigrations(dataSource);
      const pending = await dataSource.driver.createSchemaBuilder().log();
      expect(pending.upQueries.map((query) => query.query)).toEqual([]);
    } finally {
      await dataSource.destroy();
    }
  });
});
