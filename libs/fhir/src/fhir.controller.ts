import { ArgumentsHost, Body, Catch, Controller, ExceptionFilter, Get, Headers, Param, Post, Put, Query, Req, Res, UseFilters } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AuthoriseEachRecord, CurrentUser, Public } from '@app/access';
import type { User } from '@app/access';
import { DomainError } from '@app/errors';
import { capabilityStatement } from './capability-statement';
import { FhirApi, FhirReply } from './fhir-api.service';
import { FhirTypes } from './fhir-types';
import { outcomeOf } from './operation-outcome';

export const FHIR_JSON = 'application/fhir+json';

function send(res: Response, { status, body, etag, location, lastModified }: FhirReply): void {
  res.status(status).type(FHIR_JSON);
  if (etag) res.setHeader('ETag', etag);
  if (location) res.setHeader('Location', location);
  if (lastModified) res.setHeader('Last-Modified', lastModified);
  res.send(JSON.stringify(body));
}

/** Every error under /fhir, from the guard or the handler, as an OperationOutcome. */
@Catch()
export class OperationOutcomeFilter implements ExceptionFilter {
  catch(error: unknown, host: ArgumentsHost): void {
    const { status, outcome } = outcomeOf(error);
    send(host.switchToHttp().getResponse<Response>(), { status, body: outcome });
  }
}

const baseOf = (req: Request) => `${req.protocol}://${req.get('host')}/fhir`;

const TYPE = /^[A-Z][A-Za-z]{1,63}$/;
function typeOf(type: string): string {
  if (!TYPE.test(type)) throw new DomainError('NOT_FOUND', `${type} is not a FHIR resource type`);
  return type;
}

/**
 * The FHIR R4 REST API: translates HTTP into FhirApi calls and their answers into HTTP. Access
 * is checked per resource in FhirApi (a search or a bundle touches many people and types).
 */
@Controller('fhir')
@UseFilters(OperationOutcomeFilter)
export class FhirController {
  constructor(
    private readonly api: FhirApi,
    private readonly types: FhirTypes,
  ) {}

  @Get('metadata')
  @Public()
  metadata(@Req() req: Request, @Res() res: Response): void {
    send(res, { status: 200, body: capabilityStatement(this.types.all(), baseOf(req)) });
  }

  @Post()
  @AuthoriseEachRecord()
  async bundle(@CurrentUser() user: User, @Body() body: unknown, @Req() req: Request, @Res() res: Response) {
    send(res, await this.api.bundle(user, body, baseOf(req)));
  }

  @Get(':type')
  @AuthoriseEachRecord()
  async search(@CurrentUser() user: User, @Param('type') type: string, @Query() query: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    send(res, await this.api.search(user, typeOf(type), query, baseOf(req)));
  }

  @Post(':type')
  @AuthoriseEachRecord()
  async create(
    @CurrentUser() user: User,
    @Param('type') type: string,
    @Body() body: unknown,
    @Headers('if-none-exist') ifNoneExist: string | undefined,
    @Res() res: Response,
  ) {
    send(res, await this.api.create(user, typeOf(type), body, ifNoneExist));
  }

  @Get(':type/:id')
  @AuthoriseEachRecord()
  async read(@CurrentUser() user: User, @Param('type') type: string, @Param('id') id: string, @Res() res: Response) {
    send(res, await this.api.read(user, typeOf(type), id));
  }

  @Put(':type/:id')
  @AuthoriseEachRecord()
  async update(
    @CurrentUser() user: User,
    @Param('type') type: string,
    @Param('id') id: string,
    @Body() body: unknown,
    @Headers('if-match') ifMatch: string | undefined,
    @Res() res: Response,
  ) {
    send(res, await this.api.update(user, typeOf(type), id, body, ifMatch));
  }

  @Get(':type/:id/_history')
  @AuthoriseEachRecord()
  async history(@CurrentUser() user: User, @Param('type') type: string, @Param('id') id: string, @Req() req: Request, @Res() res: Response) {
    send(res, await this.api.history(user, typeOf(type), id, baseOf(req)));
  }

  @Get(':type/:id/_history/:version')
  @AuthoriseEachRecord()
  async vread(
    @CurrentUser() user: User,
    @Param('type') type: string,
    @Param('id') id: string,
    @Param('version') version: string,
    @Res() res: Response,
  ) {
    send(res, await this.api.vread(user, typeOf(type), id, version));
  }
}
