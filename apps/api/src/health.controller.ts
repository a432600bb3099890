import { Controller, Get, HttpCode, HttpStatus, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Public } from '@app/access';
import { DatabaseHealth } from '@app/database';

@Public()
@Controller('health')
export class HealthController {
  constructor(private readonly database: DatabaseHealth) {}

  /** Readiness: the service can do work, so its database answers. */
  @Get()
  async ready(@Res({ passthrough: true }) res: Response) {
    const database = (await this.database.isReady()) ? 'up' : 'down';
    res.status(database === 'up' ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
    return { status: database === 'up' ? 'ok' : 'unavailable', database };
  }

  /** Liveness: the process is running and answering. */
  @Get('live')
  @HttpCode(HttpStatus.OK)
  live() {
    return { status: 'ok' };
  }
}
