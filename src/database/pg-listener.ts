import { Client } from 'pg';

const RECONNECT_MS = 2000;

/**
 * LISTEN on a connection of its own (a pooled one would be handed to others), connected again
 * RECONNECT_MS after it drops. The relays are woken by the NOTIFY at the commit of what they relay;
 * their polls cover the seconds without a connection.
 */
export class PgChannelListener {
  private client: Client | null = null;
  private stopped = false;

  constructor(
    private readonly options: { databaseUrl: string; channel: string; applicationName: string },
    private readonly onNotify: () => void,
    private readonly onError: (error: unknown) => void,
  ) {}

  start(): void {
    void this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new Client({ connectionString: this.options.databaseUrl, application_name: this.options.applicationName });
    const reconnect = () => {
      if (this.client !== client) return;
      this.client = null;
      void client.end().catch(() => undefined);
      if (!this.stopped) setTimeout(() => void this.connect(), RECONNECT_MS).unref();
    };
    client.on('error', reconnect);
    client.on('end', reconnect);
    client.on('notification', () => this.onNotify());
    this.client = client;
    try {
      await client.connect();
      await client.query(`LISTEN ${this.options.channel}`);
      if (this.stopped) await client.end();
    } catch (error) {
      this.onError(error);
      reconnect();
    }
  }
}
