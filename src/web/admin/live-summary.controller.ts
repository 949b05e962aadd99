import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Roles } from '../../auth/auth.decorators';
import { IdParam } from '../../common/id-param';
import { LiveSummaryResponse } from '../../reports/dto/live-summary.response';
import { Role } from '../../users/role.enum';
import { LiveSummaryService } from './live-summary.service';

/** Keeps proxies from closing a quiet stream; a comment line costs the browser nothing. */
const HEARTBEAT_MS = 15_000;

/** The live wave room's feed: server-sent events, and the same summary for polling. */
@ApiTags('reports')
@Controller('admin/gelombang/:id')
export class LiveSummaryController {
  constructor(private readonly live: LiveSummaryService) {}

  @Get('live')
  @Roles(Role.Admin)
  @ApiProduces('text/event-stream')
  @ApiOperation({ summary: 'Live wave summary as server-sent events (event "summary", once a second, shared by every open dashboard)' })
  @ApiOkResponse({ description: 'A stream of "summary" events, each a LiveSummaryResponse', schema: { type: 'string' } })
  async stream(@IdParam() waveId: string, @Res() reply: FastifyReply): Promise<void> {
    const raw = reply.raw;
    let heartbeat: NodeJS.Timeout | undefined;
    let unsubscribe = () => {};
    // The stream starts with the first frame, once the wave is known: an unknown one is an ordinary 404.
    const start = () => {
      reply.hijack();
      raw.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      raw.write('retry: 2000\n\n');
      heartbeat = setInterval(() => listener.send(': \n\n'), HEARTBEAT_MS);
      heartbeat.unref();
    };
    const listener = {
      send: (frame: string) => {
        if (!raw.headersSent) start();
        // A dashboard that cannot keep up skips frames: the next one carries the whole state anyway.
        if (!raw.writableEnded && !raw.writableNeedDrain) raw.write(frame);
      },
      close: () => {
        clearInterval(heartbeat);
        unsubscribe();
        if (raw.headersSent && !raw.writableEnded) raw.end();
      },
    };
    unsubscribe = await this.live.subscribe(waveId, listener);
    // The response's close, not the request's: a GET's request stream closes as soon as it is read.
    raw.on('close', listener.close);
    raw.on('error', listener.close);
  }

  @Get('live.json')
  @Roles(Role.Admin)
  @ApiOperation({ summary: 'The live wave summary for polling (at most a second old)' })
  @ApiOkResponse({ type: LiveSummaryResponse })
  async snapshot(@IdParam() waveId: string) {
    return this.live.snapshot(waveId);
  }
}
