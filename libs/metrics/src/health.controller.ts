import { Controller, Get, HttpCode, HttpStatus, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Public } from '@app/access';
import { Readiness } from './readiness';

/** The same two probes on every process (API and worker), for orchestrators and load balancers. */
@Public()
@Controller('health')
export class HealthController {
  constructor(private readonly readiness: Readiness) {}

  /** Readiness: the process can do work (its database answers, and whatever else it registered). */
  @Get(['', 'ready'])
  async ready(@Res({ passthrough: true }) res: Response) {
    const { ready, parts } = await this.readiness.report();
    res.status(ready ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
    return { status: ready ? 'ok' : 'unavailable', ...parts };
  }

  /** Liveness: the process is running and answering. */
  @Get('live')
  @HttpCode(HttpStatus.OK)
  live() {
    return { status: 'ok' };
  }
}
