import { Body, Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { ACTION_LINK_PATH } from '@relance/persistence';
import type { Request, Response } from 'express';
import { ActionLinksService, type PageAnswer } from './action-links.service';

/**
 * `GET|POST /a/{token}`: the pages of the action links in creditor alerts (SPEC 3.2b). No API key:
 * the signed token in the path is the authority, and no cookie is read or set, so a cross-site
 * form cannot act without the token itself (docs/architecture.md "Action links").
 */
@ApiExcludeController()
@Controller(ACTION_LINK_PATH.slice(1))
export class ActionLinksController {
  constructor(private readonly links: ActionLinksService) {}

  @Get(':token')
  async show(@Param('token') token: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    send(res, await this.links.show(token, req.path));
  }

  @Post(':token')
  async apply(
    @Param('token') token: string,
    @Body() body: unknown,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    send(res, await this.links.apply(token, req.path, body));
  }
}

function send(res: Response, page: PageAnswer): void {
  res
    .status(page.status)
    .set({
      'Content-Type': 'text/html; charset=utf-8',
      // The token is a credential: not kept by caches, not sent on as a referrer, never framed.
      'Cache-Control': 'no-store',
      'Referrer-Policy': 'no-referrer',
      'X-Robots-Tag': 'noindex, nofollow',
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy':
        "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
      ...page.headers,
    })
    .send(page.html);
}
