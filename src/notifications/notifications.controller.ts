import { Body, Controller, Get, Headers, HttpCode, HttpStatus, Param, Post, Put, Query, Req } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser, Public, Roles } from '../auth/auth.decorators';
import { IdParam } from '../common/id-param';
import { Role } from '../users/role.enum';
import { ContactDto, PreferencesDto } from './dto/preferences.dto';
import { NotificationViews } from './notification-views.service';
import { HUB_SIGNATURE_HEADER, WhatsAppWebhookService } from './whatsapp-webhook.service';
import { ContactResponse, PreferencesResponse } from './dto/preferences.response';
import { WaveNotificationCountsResponse } from './dto/notification-counts.response';
import { WhatsAppWebhookResponse } from './dto/whatsapp-webhook.response';
import { OrderMessagesResponse } from './dto/order-messages.response';
import { UnsubscribeResponse } from './dto/unsubscribe.response';

export const WHATSAPP_WEBHOOK_PATH = '/notifications/whatsapp/webhook';

@ApiTags('notifications')
@Controller()
export class NotificationsController {
  constructor(
    private readonly views: NotificationViews,
    private readonly webhooks: WhatsAppWebhookService,
  ) {}

  @Get('notifications/whatsapp/webhook')
  @Public()
  @ApiOperation({ summary: 'WhatsApp webhook verification: answers hub.challenge when hub.verify_token matches' })
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'hub.challenge, echoed as plain text', schema: { type: 'string' } })
  verify(@Query('hub.mode') mode?: string, @Query('hub.verify_token') token?: string, @Query('hub.challenge') challenge?: string) {
    return this.webhooks.verify(mode, token, challenge);
  }

  @Post('notifications/whatsapp/webhook')
  @Public()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'WhatsApp status webhooks (sent, delivered, read, failed), signed; a replayed body is refused (409)' })
  @ApiHeader({ name: HUB_SIGNATURE_HEADER, description: 'sha256=<hex HMAC-SHA256 of the raw body with the app secret>' })
  @ApiOkResponse({ type: WhatsAppWebhookResponse })
  webhook(@Req() request: FastifyRequest & { rawBody?: string }, @Headers(HUB_SIGNATURE_HEADER) signature: string | undefined) {
    return this.webhooks.receive(request.rawBody, signature);
  }

  @Get('notifications/unsubscribe/:token')
  @Public()
  @ApiOperation({ summary: 'One-tap unsubscribe from announcements (the link in every announcement)' })
  @ApiOkResponse({ type: UnsubscribeResponse })
  unsubscribe(@Param('token') token: string) {
    return this.views.unsubscribe(token);
  }

  @Post('notifications/unsubscribe/:token')
  @Public()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'One-tap unsubscribe (List-Unsubscribe-Post)' })
  @ApiOkResponse({ type: UnsubscribeResponse })
  unsubscribePost(@Param('token') token: string) {
    return this.views.unsubscribe(token);
  }

  @Get('notifications/preferences')
  @Roles(Role.Buyer)
  @ApiOperation({ summary: "The buyer's channels, language and announcements choice" })
  @ApiOkResponse({ type: PreferencesResponse })
  preferences(@CurrentUser() user: AuthUser) {
    return this.views.preferences(user);
  }

  @Put('notifications/preferences')
  @Roles(Role.Buyer)
  @ApiOperation({ summary: 'Changes channels, language, email or announcements (fields left out stay)' })
  @ApiOkResponse({ type: PreferencesResponse })
  updatePreferences(@CurrentUser() user: AuthUser, @Body() body: PreferencesDto) {
    return this.views.updatePreferences(user, body);
  }

  @Get('notifications/contact')
  @Roles(Role.Officer, Role.CoopManager, Role.Admin)
  @ApiOperation({ summary: "A staff member's phone and email for work messages (goods on the way, purchase orders)" })
  @ApiOkResponse({ type: ContactResponse })
  contact(@CurrentUser() user: AuthUser) {
    return this.views.contact(user);
  }

  @Put('notifications/contact')
  @Roles(Role.Officer, Role.CoopManager, Role.Admin)
  @ApiOperation({ summary: 'Sets the phone (WhatsApp, SMS), email and language of work messages (fields left out stay)' })
  @ApiOkResponse({ type: ContactResponse })
  updateContact(@CurrentUser() user: AuthUser, @Body() body: ContactDto) {
    return this.views.updateContact(user, body);
  }

  @Get('waves/:id/notifications')
  @Roles(Role.Admin)
  @ApiOperation({ summary: "The wave's messages per channel and status (pending, sent, delivered, read, failed)" })
  @ApiOkResponse({ type: WaveNotificationCountsResponse })
  waveCounts(@IdParam() waveId: string) {
    return this.views.waveCounts(waveId);
  }

  @Get('orders/:id/notifications')
  @Roles(Role.Buyer, Role.Officer, Role.Admin)
  @ApiOperation({ summary: 'The messages sent about an order, with their texts and delivery states' })
  @ApiOkResponse({ type: OrderMessagesResponse })
  orderMessages(@IdParam() orderId: string, @CurrentUser() user: AuthUser) {
    return this.views.orderMessages(orderId, user);
  }
}
